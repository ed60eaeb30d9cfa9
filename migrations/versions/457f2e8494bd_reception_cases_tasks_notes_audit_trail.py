"""Reception cases: source, version and closing time; tasks, notes; the audit trail

Revision ID: 457f2e8494bd
Revises: d42f483abced
Create Date: 2026-11-27 05:17:23.163990

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '457f2e8494bd'
down_revision = 'd42f483abced'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_entry_actor_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index('ix_audit_entry_object', ['object_type', 'object_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_profile_id'), ['profile_id'], unique=False)

    op.create_table('reception_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_reception_note_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['reception_case.id'], name=op.f('fk_reception_note_case_id_reception_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_note'))
    )
    with op.batch_alter_table('reception_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_note_case_id'), ['case_id'], unique=False)

    op.create_table('reception_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assignee_id'], ['user_account.id'], name=op.f('fk_reception_task_assignee_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['reception_case.id'], name=op.f('fk_reception_task_case_id_reception_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_reception_task_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['done_by_id'], ['user_account.id'], name=op.f('fk_reception_task_done_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_task'))
    )
    with op.batch_alter_table('reception_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_task_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reception_task_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reception_task_due_on'), ['due_on'], unique=False)

    with op.batch_alter_table('reception_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.Enum('newcomer', 'hire', 'officer', name='casesource', native_enum=False, create_constraint=True, length=32), server_default='newcomer', nullable=False))
        batch_op.add_column(sa.Column('opened_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_reception_case_opened_by_id_user_account'), 'user_account', ['opened_by_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('reception_case', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_reception_case_opened_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('version')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('opened_by_id')
        batch_op.drop_column('source')

    with op.batch_alter_table('reception_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_task_due_on'))
        batch_op.drop_index(batch_op.f('ix_reception_task_case_id'))
        batch_op.drop_index(batch_op.f('ix_reception_task_assignee_id'))

    op.drop_table('reception_task')
    with op.batch_alter_table('reception_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_note_case_id'))

    op.drop_table('reception_note')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_profile_id'))
        batch_op.drop_index('ix_audit_entry_object')
        batch_op.drop_index(batch_op.f('ix_audit_entry_actor_id'))

    op.drop_table('audit_entry')
