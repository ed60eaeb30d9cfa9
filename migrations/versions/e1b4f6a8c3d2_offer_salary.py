"""The job offer's monthly salary on the profile (``newcomer_profile.offer_salary``), so the plan can warn
when it is under the work-permit minimum

Revision ID: e1b4f6a8c3d2
Revises: d7a3c5e9f210
Create Date: 2026-12-06 23:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e1b4f6a8c3d2'
down_revision = 'd7a3c5e9f210'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('newcomer_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offer_salary', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('newcomer_profile', schema=None) as batch_op:
        batch_op.drop_column('offer_salary')
