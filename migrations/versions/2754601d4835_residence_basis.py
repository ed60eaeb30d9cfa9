"""Residence basis per person (``household_member.residence_basis``): on what grounds each member of a household
lives in Sweden (work permit, family permit, EU right of residence, temporary protection...); empty: as the
household's citizenship suggests

Revision ID: 2754601d4835
Revises: 277b7dcc74d6
Create Date: 2026-12-07 12:27:29.802703

"""
from alembic import op
import sqlalchemy as sa


revision = '2754601d4835'
down_revision = '277b7dcc74d6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('residence_basis', sa.Enum(
            'swedish', 'nordic', 'eu_work', 'eu_seeking', 'work_permit', 'family_permit', 'temporary_protection',
            'researcher', 'student', name='residencebasis', native_enum=False, create_constraint=True, length=32),
            nullable=True))


def downgrade():
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.drop_column('residence_basis')

