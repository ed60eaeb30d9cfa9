"""The household may say that its first day at work comes before its arrival (remote work, a start before the
move): ``newcomer_profile.works_before_arrival``; without it, a first day at work before the arrival is refused

Revision ID: b4e8d2a6c1f3
Revises: a4e9c2f7b813
Create Date: 2026-12-07 15:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b4e8d2a6c1f3'
down_revision = 'a4e9c2f7b813'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('newcomer_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('works_before_arrival', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('newcomer_profile', schema=None) as batch_op:
        batch_op.drop_column('works_before_arrival')
