"""Plan reminders: a household opts in (``newcomer_profile.plan_reminders``) to e-mails a few days before a
deadline of its arrival plan

Revision ID: 277b7dcc74d6
Revises: 85d73702c78d
Create Date: 2026-12-07 11:51:06.905062

"""
from alembic import op
import sqlalchemy as sa


revision = '277b7dcc74d6'
down_revision = '85d73702c78d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('newcomer_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_reminders', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('newcomer_profile', schema=None) as batch_op:
        batch_op.drop_column('plan_reminders')
