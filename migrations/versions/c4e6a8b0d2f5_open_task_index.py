"""Open reception tasks by date (``ix_reception_task_open_due``, partial: done_at IS NULL), for the
dashboard's overdue tasks at regional volume

Revision ID: c4e6a8b0d2f5
Revises: b3d5f7a9c2e4
Create Date: 2026-12-07 03:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c4e6a8b0d2f5'
down_revision = 'b3d5f7a9c2e4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reception_task', schema=None) as batch_op:
        batch_op.create_index('ix_reception_task_open_due', ['due_on', 'case_id'], unique=False,
                              sqlite_where=sa.text('done_at IS NULL'), postgresql_where=sa.text('done_at IS NULL'))


def downgrade():
    with op.batch_alter_table('reception_task', schema=None) as batch_op:
        batch_op.drop_index('ix_reception_task_open_due', sqlite_where=sa.text('done_at IS NULL'),
                            postgresql_where=sa.text('done_at IS NULL'))
