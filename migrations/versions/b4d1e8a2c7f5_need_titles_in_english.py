"""Competence needs: an optional English title and description beside the employer's own

Revision ID: b4d1e8a2c7f5
Revises: a7e3f9c1d2b4
Create Date: 2026-12-06 22:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b4d1e8a2c7f5'
down_revision = 'a7e3f9c1d2b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('competence_need', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_en', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('description_en', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('competence_need', schema=None) as batch_op:
        batch_op.drop_column('description_en')
        batch_op.drop_column('title_en')
