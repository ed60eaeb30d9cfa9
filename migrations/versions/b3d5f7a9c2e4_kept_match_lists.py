"""Match lists kept between views: ``newcomer_profile.facts_version`` and the one-row ``matching_version``
that changes to a household's facts and to needs move on

Revision ID: b3d5f7a9c2e4
Revises: a2c4e6f8b1d3
Create Date: 2026-12-07 02:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b3d5f7a9c2e4'
down_revision = 'a2c4e6f8b1d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('newcomer_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('facts_version', sa.Integer(), server_default=sa.text('0'), nullable=False))
    op.create_table('matching_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('needs', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matching_version'))
    )
    op.execute("INSERT INTO matching_version (id, needs) VALUES (1, 0)")


def downgrade():
    op.drop_table('matching_version')
    with op.batch_alter_table('newcomer_profile', schema=None) as batch_op:
        batch_op.drop_column('facts_version')
