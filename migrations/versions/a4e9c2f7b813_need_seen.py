"""When a member of an employer's organisation last looked at a need's candidates (issue 20: the start page
says what is new since)

Revision ID: a4e9c2f7b813
Revises: c71ec8f1540f
Create Date: 2026-12-08 09:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a4e9c2f7b813'
down_revision = 'c71ec8f1540f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('need_seen',
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['organisation_member.id'],
                            name=op.f('fk_need_seen_member_id_organisation_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['competence_need.id'], name=op.f('fk_need_seen_need_id_competence_need'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('need_id', 'member_id', name=op.f('pk_need_seen'))
    )
    with op.batch_alter_table('need_seen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_seen_member_id'), ['member_id'], unique=False)


def downgrade():
    with op.batch_alter_table('need_seen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_seen_member_id'))
    op.drop_table('need_seen')
