"""Talent cards: what the matching search reads about each newcomer, filled for existing profiles

Revision ID: d42f483abced
Revises: 3baf657cced2
Create Date: 2026-11-27 04:56:49.176920

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd42f483abced'
down_revision = '3baf657cced2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('talent_card',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('matching_consent', sa.Boolean(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('places', sa.String(length=400), nullable=False),
    sa.Column('open_to_all', sa.Boolean(), nullable=False),
    sa.Column('swedish', sa.String(length=8), nullable=True),
    sa.Column('english', sa.String(length=8), nullable=True),
    sa.Column('skills', sa.Text(), nullable=False),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['profile_id'], ['newcomer_profile.id'], name=op.f('fk_talent_card_profile_id_newcomer_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', name=op.f('pk_talent_card'))
    )
    with op.batch_alter_table('talent_card', schema=None) as batch_op:
        batch_op.create_index('ix_talent_card_listed', ['matching_consent', 'confirmed_at'], unique=False)
    # Cards are derived from the profiles by the application's own code, so the rules stay in one place.
    from app.matching.cards import refresh_cards

    connection = op.get_bind()
    refresh_cards(connection, connection.execute(sa.text("SELECT id FROM newcomer_profile")).scalars().all())


def downgrade():
    with op.batch_alter_table('talent_card', schema=None) as batch_op:
        batch_op.drop_index('ix_talent_card_listed')

    op.drop_table('talent_card')
