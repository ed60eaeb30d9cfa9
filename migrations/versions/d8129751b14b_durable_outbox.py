"""Durable outbox: next attempt and claim times, the held status; notices sent at most once

Revision ID: d8129751b14b
Revises: 78035952890a
Create Date: 2026-11-27 05:48:59.752757

"""
import sqlalchemy as sa
from alembic import op

OLD = ('pending', 'sending', 'sent', 'failed')
NEW = (*OLD, 'held')


# revision identifiers, used by Alembic.
revision = 'd8129751b14b'
down_revision = '78035952890a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=40), nullable=False),
    sa.Column('email_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['email_id'], ['outgoing_email.id'], name=op.f('fk_notice_email_id_outgoing_email'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notice_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice')),
    sa.UniqueConstraint('kind', 'user_id', 'period', name=op.f('uq_notice_kind_user_id_period'))
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('outgoing_email', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_outgoing_email_due', ['status', 'next_attempt_at'], unique=False)
    # The status CHECK constraint lists the allowed values: it gains "held".
    with op.batch_alter_table('outgoing_email', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outgoing_email_emailstatus'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outgoing_email_emailstatus'), sa.column('status').in_(NEW))


def downgrade():
    op.execute("UPDATE outgoing_email SET status = 'failed' WHERE status = 'held'")
    with op.batch_alter_table('outgoing_email', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outgoing_email_emailstatus'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outgoing_email_emailstatus'), sa.column('status').in_(OLD))
    with op.batch_alter_table('outgoing_email', schema=None) as batch_op:
        batch_op.drop_index('ix_outgoing_email_due')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('next_attempt_at')

    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_user_id'))

    op.drop_table('notice')
