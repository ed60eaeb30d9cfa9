"""Reception's inbox: what is new on a case until an officer who answers for it has seen it.

The household's messages nobody has read yet are in it from the start.

Revision ID: c71ec8f1540f
Revises: 5e1c7a9b3d20
Create Date: 2026-12-07 14:00:51.026443

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c71ec8f1540f'
down_revision = '5e1c7a9b3d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reception_inbox_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('new_case', 'reply', 'worry', 'task_due', name='inboxkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('seen_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['reception_case.id'], name=op.f('fk_reception_inbox_item_case_id_reception_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seen_by_id'], ['user_account.id'], name=op.f('fk_reception_inbox_item_seen_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_inbox_item')),
    sa.UniqueConstraint('case_id', 'kind', 'ref_id', name=op.f('uq_reception_inbox_item_case_id_kind_ref_id'))
    )
    with op.batch_alter_table('reception_inbox_item', schema=None) as batch_op:
        batch_op.create_index('ix_reception_inbox_item_unseen', ['case_id'], unique=False, sqlite_where=sa.text('seen_at IS NULL'), postgresql_where=sa.text('seen_at IS NULL'))
    op.execute("INSERT INTO reception_inbox_item (case_id, kind, ref_id, at) "
               "SELECT case_id, 'reply', id, created_at FROM reception_message "
               "WHERE from_household AND read_at IS NULL")


def downgrade():
    with op.batch_alter_table('reception_inbox_item', schema=None) as batch_op:
        batch_op.drop_index('ix_reception_inbox_item_unseen', sqlite_where=sa.text('seen_at IS NULL'), postgresql_where=sa.text('seen_at IS NULL'))

    op.drop_table('reception_inbox_item')
