"""A household's private calendar subscription (``calendar_feed``): the digest of the secret in the address
calendar apps poll for the plan's dates, one per household

Revision ID: 1f930c49c533
Revises: d5f7b9c1e3a6
Create Date: 2026-12-07 11:33:58.044418

"""
from alembic import op
import sqlalchemy as sa


revision = '1f930c49c533'
down_revision = 'd5f7b9c1e3a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['profile_id'], ['newcomer_profile.id'], name=op.f('fk_calendar_feed_profile_id_newcomer_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('digest', name=op.f('uq_calendar_feed_digest')),
    sa.UniqueConstraint('profile_id', name=op.f('uq_calendar_feed_profile_id'))
    )


def downgrade():
    op.drop_table('calendar_feed')
