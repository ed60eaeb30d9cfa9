"""Leads: people thinking of moving here, with double opt-in and campaign source

Revision ID: e7f3a9c4d1b6
Revises: d6e2f8b3c0a5
Create Date: 2026-12-07 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e7f3a9c4d1b6'
down_revision = 'd6e2f8b3c0a5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lead',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('occupation', sa.String(length=200), nullable=False),
    sa.Column('occupation_code', sa.String(length=4), nullable=True),
    sa.Column('household_size', sa.Integer(), nullable=False),
    sa.Column('children', sa.Boolean(), nullable=True),
    sa.Column('from_country', sa.String(length=2), nullable=True),
    sa.Column('moving_when', sa.Enum('within_3_months', 'within_6_months', 'within_12_months', 'later', 'month', name='movingwhen', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('moving_month', sa.Date(), nullable=True),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('consent_version', sa.String(length=32), nullable=False),
    sa.Column('confirm_digest', sa.String(length=64), nullable=True),
    sa.Column('confirm_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.Enum('new', 'contacted', 'invited', 'registered', 'not_interested', name='leadstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status_changed_by_id', sa.Integer(), nullable=True),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('invite_digest', sa.String(length=64), nullable=True),
    sa.Column('invite_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('utm_source', sa.String(length=100), nullable=True),
    sa.Column('utm_medium', sa.String(length=100), nullable=True),
    sa.Column('utm_campaign', sa.String(length=100), nullable=True),
    sa.Column('campaign_code', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("locale IN ('sv', 'en')", name=op.f('ck_lead_locale')),
    sa.CheckConstraint("moving_when <> 'month' OR moving_month IS NOT NULL", name=op.f('ck_lead_moving_month')),
    sa.CheckConstraint('household_size BETWEEN 1 AND 15', name=op.f('ck_lead_household_size')),
    sa.ForeignKeyConstraint(['occupation_code'], ['occupation.code'], name=op.f('fk_lead_occupation_code_occupation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['status_changed_by_id'], ['user_account.id'], name=op.f('fk_lead_status_changed_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_lead_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead')),
    sa.UniqueConstraint('confirm_digest', name=op.f('uq_lead_confirm_digest')),
    sa.UniqueConstraint('invite_digest', name=op.f('uq_lead_invite_digest'))
    )
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_confirmed_at'), ['confirmed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_user_id'), ['user_id'], unique=False)

    op.create_table('lead_municipality',
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], name=op.f('fk_lead_municipality_lead_id_lead'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_lead_municipality_municipality_code_municipality'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lead_id', 'municipality_code', name=op.f('pk_lead_municipality'))
    )
    with op.batch_alter_table('lead_municipality', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_municipality_municipality_code'), ['municipality_code'], unique=False)

    op.create_table('signup_campaign',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('utm_source', sa.String(length=100), nullable=True),
    sa.Column('utm_medium', sa.String(length=100), nullable=True),
    sa.Column('utm_campaign', sa.String(length=100), nullable=True),
    sa.Column('campaign_code', sa.String(length=100), nullable=True),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], name=op.f('fk_signup_campaign_lead_id_lead'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_signup_campaign_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_signup_campaign'))
    )


def downgrade():
    op.drop_table('signup_campaign')
    with op.batch_alter_table('lead_municipality', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_municipality_municipality_code'))

    op.drop_table('lead_municipality')
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_user_id'))
        batch_op.drop_index(batch_op.f('ix_lead_email'))
        batch_op.drop_index(batch_op.f('ix_lead_created_at'))
        batch_op.drop_index(batch_op.f('ix_lead_confirmed_at'))

    op.drop_table('lead')
