"""Reception: case source, version and closing time; tasks, notes, messages, referrals, follow-ups,
settings; the audit trail

Revision ID: 78035952890a
Revises: d42f483abced
Create Date: 2026-11-27 05:31:34.343369

"""
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

CLOSING_REASONS = ('settled', 'moved_in_region', 'left_region', 'no_response')


# revision identifiers, used by Alembic.
revision = '78035952890a'
down_revision = 'd42f483abced'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reception_settings',
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.Column('follow_up_days', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_reception_settings_municipality_code_municipality'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('municipality_code', name=op.f('pk_reception_settings'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_entry_actor_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index('ix_audit_entry_object', ['object_type', 'object_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_profile_id'), ['profile_id'], unique=False)

    op.create_table('reception_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('offset_days', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'sent', 'answered', 'missed', 'skipped', 'cancelled', name='followupstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('settled', sa.Integer(), nullable=True),
    sa.Column('housing', sa.Enum('permanent', 'temporary', 'looking', name='housing', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('partner_work', sa.Enum('working', 'looking', 'not_looking', 'no_partner', name='partnerwork', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('trouble', sa.Boolean(), nullable=False),
    sa.CheckConstraint('settled IS NULL OR settled BETWEEN 1 AND 5', name=op.f('ck_reception_follow_up_settled')),
    sa.ForeignKeyConstraint(['case_id'], ['reception_case.id'], name=op.f('fk_reception_follow_up_case_id_reception_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_follow_up')),
    sa.UniqueConstraint('case_id', 'offset_days', name=op.f('uq_reception_follow_up_case_id_offset_days')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_reception_follow_up_token_digest'))
    )
    with op.batch_alter_table('reception_follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_follow_up_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_reception_follow_up_due', ['status', 'due_on'], unique=False)

    op.create_table('reception_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('from_household', sa.Boolean(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_reception_message_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['reception_case.id'], name=op.f('fk_reception_message_case_id_reception_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_message'))
    )
    with op.batch_alter_table('reception_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_message_case_id'), ['case_id'], unique=False)

    op.create_table('reception_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_reception_note_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['reception_case.id'], name=op.f('fk_reception_note_case_id_reception_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_note'))
    )
    with op.batch_alter_table('reception_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_note_case_id'), ['case_id'], unique=False)

    op.create_table('reception_referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('service_key', sa.String(length=64), nullable=True),
    sa.Column('housing_key', sa.String(length=64), nullable=True),
    sa.Column('status', sa.Enum('suggested', 'sent', 'in_progress', 'done', 'declined', name='referralstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(service_key IS NULL) <> (housing_key IS NULL)', name=op.f('ck_reception_referral_one_target')),
    sa.ForeignKeyConstraint(['case_id'], ['reception_case.id'], name=op.f('fk_reception_referral_case_id_reception_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_reception_referral_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['housing_key'], ['housing_contact.key'], name=op.f('fk_reception_referral_housing_key_housing_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_key'], ['service.key'], name=op.f('fk_reception_referral_service_key_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_referral')),
    sa.UniqueConstraint('case_id', 'housing_key', name=op.f('uq_reception_referral_case_id_housing_key')),
    sa.UniqueConstraint('case_id', 'service_key', name=op.f('uq_reception_referral_case_id_service_key'))
    )
    with op.batch_alter_table('reception_referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_referral_case_id'), ['case_id'], unique=False)

    op.create_table('reception_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=True),
    sa.Column('follow_up_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assignee_id'], ['user_account.id'], name=op.f('fk_reception_task_assignee_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['reception_case.id'], name=op.f('fk_reception_task_case_id_reception_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_reception_task_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['done_by_id'], ['user_account.id'], name=op.f('fk_reception_task_done_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['follow_up_id'], ['reception_follow_up.id'], name=op.f('fk_reception_task_follow_up_id_reception_follow_up'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_task')),
    sa.UniqueConstraint('follow_up_id', 'kind', name=op.f('uq_reception_task_follow_up_id_kind'))
    )
    with op.batch_alter_table('reception_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_task_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reception_task_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reception_task_due_on'), ['due_on'], unique=False)

    with op.batch_alter_table('reception_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.Enum('newcomer', 'hire', 'officer', name='casesource', native_enum=False, create_constraint=True, length=32), server_default='newcomer', nullable=False))
        batch_op.add_column(sa.Column('opened_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_reception_case_opened_by_id_user_account'), 'user_account', ['opened_by_id'], ['id'], ondelete='SET NULL')
        # A household can now close its cases by withdrawing consent.
        batch_op.drop_constraint(op.f('ck_reception_case_closingreason'), type_='check')
        batch_op.create_check_constraint(op.f('ck_reception_case_closingreason'),
                                         sa.column('closing_reason').in_(CLOSING_REASONS + ('consent_withdrawn',)))

    # Existing cases: the closing time of the closed ones, follow-ups for the open ones with an arrival
    # date (the default intervals; of those already due only the latest, so nobody gets four at once).
    op.execute("UPDATE reception_case SET closed_at = updated_at WHERE status = 'closed' AND closed_at IS NULL")
    today = date.today()
    rows = []
    for case_id, arrival in op.get_bind().execute(sa.text(
            "SELECT id, expected_arrival FROM reception_case WHERE status <> 'closed' AND expected_arrival IS NOT NULL")):
        arrival = arrival if isinstance(arrival, date) else date.fromisoformat(str(arrival))
        due = [(days, arrival + timedelta(days=days)) for days in (14, 91, 182, 365)]
        past = [days for days, on in due if on < today]
        rows += [{"case_id": case_id, "offset_days": days, "due_on": on, "trouble": False,
                  "status": "cancelled" if days in past[:-1] else "scheduled"} for days, on in due]
    if rows:
        op.bulk_insert(sa.table("reception_follow_up", sa.column("case_id"), sa.column("offset_days"),
                                sa.column("due_on", sa.Date()), sa.column("status"), sa.column("trouble")), rows)


def downgrade():
    op.execute("UPDATE reception_case SET closing_reason = 'no_response' WHERE closing_reason = 'consent_withdrawn'")
    with op.batch_alter_table('reception_case', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_reception_case_closingreason'), type_='check')
        batch_op.create_check_constraint(op.f('ck_reception_case_closingreason'),
                                         sa.column('closing_reason').in_(CLOSING_REASONS))
    with op.batch_alter_table('reception_case', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_reception_case_opened_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('version')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('opened_by_id')
        batch_op.drop_column('source')

    with op.batch_alter_table('reception_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_task_due_on'))
        batch_op.drop_index(batch_op.f('ix_reception_task_case_id'))
        batch_op.drop_index(batch_op.f('ix_reception_task_assignee_id'))

    op.drop_table('reception_task')
    with op.batch_alter_table('reception_referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_referral_case_id'))

    op.drop_table('reception_referral')
    with op.batch_alter_table('reception_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_note_case_id'))

    op.drop_table('reception_note')
    with op.batch_alter_table('reception_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_message_case_id'))

    op.drop_table('reception_message')
    with op.batch_alter_table('reception_follow_up', schema=None) as batch_op:
        batch_op.drop_index('ix_reception_follow_up_due')
        batch_op.drop_index(batch_op.f('ix_reception_follow_up_case_id'))

    op.drop_table('reception_follow_up')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_profile_id'))
        batch_op.drop_index('ix_audit_entry_object')
        batch_op.drop_index(batch_op.f('ix_audit_entry_actor_id'))

    op.drop_table('audit_entry')
    op.drop_table('reception_settings')
