"""The permit decision date the household gives (``newcomer_profile.permit_decision_date``): no arrival before it

Revision ID: 43518c60edcf
Revises: 2754601d4835
Create Date: 2026-12-07 12:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '43518c60edcf'
down_revision = '2754601d4835'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('newcomer_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('permit_decision_date', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('newcomer_profile', schema=None) as batch_op:
        batch_op.drop_column('permit_decision_date')
