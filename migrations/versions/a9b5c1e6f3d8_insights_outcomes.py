"""Insights: one row per household with the outcome stages it reached, rebuilt by a job, and when it last was

Revision ID: a9b5c1e6f3d8
Revises: f8a4b0d5e2c7
Create Date: 2026-12-07 20:40:00

"""
from alembic import op
import sqlalchemy as sa



revision = 'a9b5c1e6f3d8'
down_revision = 'f8a4b0d5e2c7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'insights_household_outcome',
        sa.Column('profile_id', sa.Integer(), nullable=False),
        sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('municipality_code', sa.String(length=4), nullable=True),
        sa.Column('household_type', sa.String(length=8), nullable=False),
        sa.Column('residence_basis', sa.String(length=32), nullable=True),
        sa.Column('gender', sa.String(length=16), nullable=True),
        sa.Column('birth_year', sa.Integer(), nullable=True),
        sa.Column('groups', sa.String(length=10), nullable=False),
        sa.Column('profile', sa.Boolean(), nullable=False),
        sa.Column('matched', sa.Boolean(), nullable=False),
        sa.Column('contacted', sa.Boolean(), nullable=False),
        sa.Column('hired', sa.Boolean(), nullable=False),
        sa.Column('arrived', sa.Boolean(), nullable=False),
        sa.Column('population_register', sa.Boolean(), nullable=False),
        sa.Column('housed', sa.Boolean(), nullable=False),
        sa.Column('arrival_date', sa.Date(), nullable=True),
        sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('staying', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['profile_id'], ['newcomer_profile.id'],
                                name=op.f('fk_insights_household_outcome_profile_id_newcomer_profile'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('profile_id', name=op.f('pk_insights_household_outcome')),
    )
    op.create_index('ix_insights_household_outcome_registered', 'insights_household_outcome', ['registered_at'],
                    unique=False)
    op.create_table(
        'insights_outcome_refresh',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('refreshed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('households', sa.Integer(), nullable=False),
        sa.Column('took_ms', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_insights_outcome_refresh')),
    )


def downgrade():
    op.drop_table('insights_outcome_refresh')
    op.drop_index('ix_insights_household_outcome_registered', table_name='insights_household_outcome')
    op.drop_table('insights_household_outcome')
