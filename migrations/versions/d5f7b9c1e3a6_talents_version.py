"""Employers' match lists kept between views: ``matching_version.talents``, moved on by every rewrite
of talent cards (a profile, a consent, a partner), in the same transaction

Revision ID: d5f7b9c1e3a6
Revises: c4e6a8b0d2f5
Create Date: 2026-12-07 04:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd5f7b9c1e3a6'
down_revision = 'c4e6a8b0d2f5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('matching_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('talents', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('matching_version', schema=None) as batch_op:
        batch_op.drop_column('talents')
