"""Talent cards once per occupation of the newcomer's own (``talent_card_occupation``, keyed by code first),
so that a search tier is one index range of one table; filled from the existing cards

Revision ID: c9f2a7d41e08
Revises: b4d1e8a2c7f5
Create Date: 2026-12-06 23:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c9f2a7d41e08'
down_revision = 'b4d1e8a2c7f5'
branch_labels = None
depends_on = None

FACTS = "matching_consent, confirmed_at, places, open_to_all, swedish, english, skills, available_from"


def upgrade():
    op.create_table('talent_card_occupation',
    sa.Column('occupation_code', sa.String(length=4), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('matching_consent', sa.Boolean(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('places', sa.String(length=400), nullable=False),
    sa.Column('open_to_all', sa.Boolean(), nullable=False),
    sa.Column('swedish', sa.String(length=8), nullable=True),
    sa.Column('english', sa.String(length=8), nullable=True),
    sa.Column('skills', sa.Text(), nullable=False),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['profile_id'], ['talent_card.profile_id'], name=op.f('fk_talent_card_occupation_profile_id_talent_card'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('occupation_code', 'profile_id', name=op.f('pk_talent_card_occupation'))
    )
    with op.batch_alter_table('talent_card_occupation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talent_card_occupation_profile_id'), ['profile_id'], unique=False)
    op.execute(
        f"INSERT INTO talent_card_occupation (occupation_code, profile_id, {FACTS}) "
        f"SELECT DISTINCT mo.occupation_code, tc.profile_id, "
        + ", ".join(f"tc.{name}" for name in FACTS.split(", "))
        + " FROM member_occupation mo JOIN household_member hm ON hm.id = mo.member_id "
        "JOIN talent_card tc ON tc.profile_id = hm.profile_id WHERE hm.relation = 'self'"
    )


def downgrade():
    with op.batch_alter_table('talent_card_occupation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talent_card_occupation_profile_id'))
    op.drop_table('talent_card_occupation')
