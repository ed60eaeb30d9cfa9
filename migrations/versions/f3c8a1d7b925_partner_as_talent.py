"""The partner as a talent of their own: cards, interest, contact requests and hires per person, the
partner's own matching decision (``consent.member_id``) and address (``household_member.email``)

Cards are keyed by household member now; the newcomers' cards are copied over (a partner has no card
until the household is next saved, and is not listed before deciding for themselves anyway). Interest,
contact requests and hires so far were the newcomers' own.

Revision ID: f3c8a1d7b925
Revises: e1b4f6a8c3d2
Create Date: 2026-12-07 01:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f3c8a1d7b925'
down_revision = 'e1b4f6a8c3d2'
branch_labels = None
depends_on = None

FACTS = "matching_consent, confirmed_at, places, open_to_all, swedish, english, skills, available_from"
PERSON_TABLES = ("need_interest", "contact_request", "hire")


def _fact_columns():
    return [
        sa.Column('matching_consent', sa.Boolean(), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('places', sa.String(length=400), nullable=False),
        sa.Column('open_to_all', sa.Boolean(), nullable=False),
        sa.Column('swedish', sa.String(length=8), nullable=True),
        sa.Column('english', sa.String(length=8), nullable=True),
        sa.Column('skills', sa.Text(), nullable=False),
        sa.Column('available_from', sa.Date(), nullable=True),
    ]


def _drop_cards():
    with op.batch_alter_table('talent_card_occupation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talent_card_occupation_profile_id'))
    op.drop_table('talent_card_occupation')
    with op.batch_alter_table('talent_card', schema=None) as batch_op:
        batch_op.drop_index('ix_talent_card_listed')
    op.drop_table('talent_card')


def upgrade():
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('member_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_consent_member_id'), ['member_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_consent_member_id_household_member'), 'household_member',
                                    ['member_id'], ['id'], ondelete='CASCADE')

    for table in PERSON_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('member_id', sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET member_id = (SELECT hm.id FROM household_member hm "
                   f"WHERE hm.profile_id = {table}.profile_id AND hm.relation = 'self')")
        op.execute(f"DELETE FROM {table} WHERE member_id IS NULL")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('member_id', existing_type=sa.Integer(), nullable=False)
            batch_op.drop_constraint(f'uq_{table}_need_id_profile_id', type_='unique')
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_need_id_member_id'), ['need_id', 'member_id'])
            batch_op.create_index(batch_op.f(f'ix_{table}_member_id'), ['member_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_member_id_household_member'), 'household_member',
                                        ['member_id'], ['id'], ondelete='CASCADE')

    op.execute(f"CREATE TABLE talent_card_copy AS SELECT profile_id, {FACTS} FROM talent_card")
    _drop_cards()
    op.create_table('talent_card',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    *_fact_columns(),
    sa.ForeignKeyConstraint(['member_id'], ['household_member.id'], name=op.f('fk_talent_card_member_id_household_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['newcomer_profile.id'], name=op.f('fk_talent_card_profile_id_newcomer_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_talent_card'))
    )
    with op.batch_alter_table('talent_card', schema=None) as batch_op:
        batch_op.create_index('ix_talent_card_listed', ['matching_consent', 'confirmed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_talent_card_profile_id'), ['profile_id'], unique=False)
    op.create_table('talent_card_occupation',
    sa.Column('occupation_code', sa.String(length=4), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    *_fact_columns(),
    sa.ForeignKeyConstraint(['member_id'], ['talent_card.member_id'], name=op.f('fk_talent_card_occupation_member_id_talent_card'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('occupation_code', 'member_id', name=op.f('pk_talent_card_occupation'))
    )
    with op.batch_alter_table('talent_card_occupation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talent_card_occupation_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_talent_card_occupation_profile_id'), ['profile_id'], unique=False)
    copied = ", ".join(f"c.{name}" for name in FACTS.split(", "))
    op.execute(f"INSERT INTO talent_card (member_id, profile_id, {FACTS}) SELECT hm.id, c.profile_id, {copied} "
               "FROM talent_card_copy c JOIN household_member hm ON hm.profile_id = c.profile_id "
               "AND hm.relation = 'self'")
    op.drop_table('talent_card_copy')
    cards = ", ".join(f"tc.{name}" for name in FACTS.split(", "))
    op.execute(f"INSERT INTO talent_card_occupation (occupation_code, member_id, profile_id, {FACTS}) "
               f"SELECT DISTINCT mo.occupation_code, tc.member_id, tc.profile_id, {cards} "
               "FROM member_occupation mo JOIN talent_card tc ON tc.member_id = mo.member_id")


def downgrade():
    op.execute(f"CREATE TABLE talent_card_copy AS SELECT profile_id, {FACTS} FROM talent_card tc "
               "WHERE EXISTS (SELECT 1 FROM household_member hm WHERE hm.id = tc.member_id AND hm.relation = 'self')")
    _drop_cards()
    op.create_table('talent_card',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    *_fact_columns(),
    sa.ForeignKeyConstraint(['profile_id'], ['newcomer_profile.id'], name=op.f('fk_talent_card_profile_id_newcomer_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', name=op.f('pk_talent_card'))
    )
    with op.batch_alter_table('talent_card', schema=None) as batch_op:
        batch_op.create_index('ix_talent_card_listed', ['matching_consent', 'confirmed_at'], unique=False)
    op.create_table('talent_card_occupation',
    sa.Column('occupation_code', sa.String(length=4), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    *_fact_columns(),
    sa.ForeignKeyConstraint(['profile_id'], ['talent_card.profile_id'], name=op.f('fk_talent_card_occupation_profile_id_talent_card'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('occupation_code', 'profile_id', name=op.f('pk_talent_card_occupation'))
    )
    with op.batch_alter_table('talent_card_occupation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talent_card_occupation_profile_id'), ['profile_id'], unique=False)
    op.execute(f"INSERT INTO talent_card (profile_id, {FACTS}) SELECT profile_id, {FACTS} FROM talent_card_copy")
    op.drop_table('talent_card_copy')
    cards = ", ".join(f"tc.{name}" for name in FACTS.split(", "))
    op.execute(f"INSERT INTO talent_card_occupation (occupation_code, profile_id, {FACTS}) "
               f"SELECT DISTINCT mo.occupation_code, tc.profile_id, {cards} FROM member_occupation mo "
               "JOIN household_member hm ON hm.id = mo.member_id JOIN talent_card tc ON tc.profile_id = hm.profile_id "
               "WHERE hm.relation = 'self'")

    for table in PERSON_TABLES:
        op.execute(f"DELETE FROM {table} WHERE member_id NOT IN "
                   f"(SELECT id FROM household_member WHERE relation = 'self')")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_member_id_household_member'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_member_id'))
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_need_id_member_id'), type_='unique')
            batch_op.create_unique_constraint(f'uq_{table}_need_id_profile_id', ['need_id', 'profile_id'])
            batch_op.drop_column('member_id')
    op.execute("DELETE FROM consent WHERE member_id IS NOT NULL")
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_consent_member_id_household_member'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_consent_member_id'))
        batch_op.drop_column('member_id')
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.drop_column('email')
