"""API token scope: read only or read and change (existing tokens keep changing)

Revision ID: 196647ae35c3
Revises: 8d90e508479b
Create Date: 2026-11-27 08:08:17.575480

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '196647ae35c3'
down_revision = '8d90e508479b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.Enum('read', 'write', name='tokenscope', native_enum=False, create_constraint=True, length=32), server_default='write', nullable=False))



def downgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('scope')

