"""Sessions know whose they are: ``web_session.user_id`` (no foreign key), so erasure destroys them all

Revision ID: 5b1e7c2d9a40
Revises: 302126c6ba33
Create Date: 2026-12-02 11:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5b1e7c2d9a40'
down_revision = '302126c6ba33'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('web_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_web_session_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('web_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_session_user_id'))
        batch_op.drop_column('user_id')
