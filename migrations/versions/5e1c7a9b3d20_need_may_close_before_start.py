"""A need may stop being shown before its start date (job ads close weeks before the work starts): the check
``ck_competence_need_expiry`` (expires_on >= start_date) goes

Revision ID: 5e1c7a9b3d20
Revises: 43518c60edcf
Create Date: 2026-12-07 13:15:00

"""
from alembic import op


revision = '5e1c7a9b3d20'
down_revision = '43518c60edcf'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('competence_need', schema=None) as batch_op:
        batch_op.drop_constraint('expiry', type_='check')  # named by the naming convention


def downgrade():
    with op.batch_alter_table('competence_need', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'expiry', 'start_date IS NULL OR expires_on IS NULL OR expires_on >= start_date')
