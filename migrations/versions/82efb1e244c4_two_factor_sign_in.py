"""Two-factor sign-in for staff: the TOTP secret, when it was turned on, and the last time step used

Revision ID: 82efb1e244c4
Revises: 196647ae35c3
Create Date: 2026-11-27 08:48:44.131559

"""
from alembic import op
import sqlalchemy as sa


revision = '82efb1e244c4'
down_revision = '196647ae35c3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_enabled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_enabled_at')
        batch_op.drop_column('totp_secret')
