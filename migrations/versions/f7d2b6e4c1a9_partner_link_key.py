"""The partner's newest link: ``household_member.link_key``, a random secret each new link replaces, so
sending the link again or a new address ends every older link; ``link_sent_at``, when it was sent there

Revision ID: f7d2b6e4c1a9
Revises: f3c8a1d7b925
Create Date: 2026-12-07 01:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f7d2b6e4c1a9'
down_revision = 'f3c8a1d7b925'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_key', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('link_sent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.drop_column('link_sent_at')
        batch_op.drop_column('link_key')
