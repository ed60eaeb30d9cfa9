"""Events: capacity, registrations, waiting list, double opt-in

Revision ID: d6e2f8b3c0a5
Revises: c5d1e7a2b9f4
Create Date: 2026-12-07 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd6e2f8b3c0a5'
down_revision = 'c5d1e7a2b9f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('job_fair', 'webinar', 'welcome_meeting', 'landlord_meeting', 'partner_day', 'school_evening', name='eventkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('registration_deadline', sa.DateTime(timezone=True), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('place_name', sa.String(length=200), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'cancelled', name='eventstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_event_ends_after_start')),
    sa.CheckConstraint('registration_deadline <= starts_at', name=op.f('ck_event_deadline_before_start')),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_event_capacity')),
    sa.CheckConstraint('online_url IS NOT NULL OR address IS NOT NULL', name=op.f('ck_event_somewhere')),
    sa.CheckConstraint("language IN ('sv', 'en')", name=op.f('ck_event_language')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_event_municipality_code_municipality')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_event_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_event_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_upcoming', ['status', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_municipality_code'), ['municipality_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('event_registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('status', sa.Enum('unconfirmed', 'confirmed', 'waitlisted', 'cancelled', name='registrationstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('consent_version', sa.String(length=20), nullable=False),
    sa.Column('confirm_digest', sa.String(length=64), nullable=True),
    sa.Column('cancel_digest', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('promoted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attended', sa.Boolean(), nullable=True),
    sa.Column('confirmation_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('promotion_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminder_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("locale IN ('sv', 'en')", name=op.f('ck_event_registration_locale')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_registration_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_event_registration_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registration')),
    sa.UniqueConstraint('confirm_digest', name=op.f('uq_event_registration_confirm_digest')),
    sa.UniqueConstraint('cancel_digest', name=op.f('uq_event_registration_cancel_digest'))
    )
    with op.batch_alter_table('event_registration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_registration_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_registration_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_event_registration_queue', ['event_id', 'status', 'confirmed_at'], unique=False)
        batch_op.create_index('uq_event_registration_live', ['event_id', 'email'], unique=True,
                              sqlite_where=sa.text("status <> 'cancelled'"),
                              postgresql_where=sa.text("status <> 'cancelled'"))


def downgrade():
    op.drop_table('event_registration')
    op.drop_table('event')
