"""Self-registered accounts confirm their e-mail address: ``user_account.email_confirmed_at`` (existing
accounts count as confirmed from their creation)

Revision ID: 9c4d2e6f1b73
Revises: 5b1e7c2d9a40
Create Date: 2026-12-02 11:35:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9c4d2e6f1b73'
down_revision = '5b1e7c2d9a40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE user_account SET email_confirmed_at = created_at")


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
