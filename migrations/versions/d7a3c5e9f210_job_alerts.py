"""Job alerts: a newcomer (``newcomer_profile.job_alerts``) and a partner (``household_member.job_alerts``)
can have new needs that fit them e-mailed weekly

Revision ID: d7a3c5e9f210
Revises: c9f2a7d41e08
Create Date: 2026-12-06 23:35:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd7a3c5e9f210'
down_revision = 'c9f2a7d41e08'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('newcomer_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('job_alerts', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('job_alerts', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.drop_column('job_alerts')
    with op.batch_alter_table('newcomer_profile', schema=None) as batch_op:
        batch_op.drop_column('job_alerts')
