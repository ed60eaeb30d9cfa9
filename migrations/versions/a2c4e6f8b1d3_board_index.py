"""The board's index: open needs, newest first (``ix_competence_need_board`` on status, published_at, id)

Revision ID: a2c4e6f8b1d3
Revises: f7d2b6e4c1a9
Create Date: 2026-12-07 02:00:00

"""
from alembic import op


revision = 'a2c4e6f8b1d3'
down_revision = 'f7d2b6e4c1a9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('competence_need', schema=None) as batch_op:
        batch_op.create_index('ix_competence_need_board', ['status', 'published_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('competence_need', schema=None) as batch_op:
        batch_op.drop_index('ix_competence_need_board')
