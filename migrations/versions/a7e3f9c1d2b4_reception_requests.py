"""Reception requests: an officer asks to follow a household that has not let reception contact them there

Revision ID: a7e3f9c1d2b4
Revises: 9c4d2e6f1b73
Create Date: 2026-12-02 11:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a7e3f9c1d2b4'
down_revision = '9c4d2e6f1b73'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reception_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expected_arrival', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('accepted', sa.Boolean(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_reception_request_municipality_code_municipality')),
    sa.ForeignKeyConstraint(['profile_id'], ['newcomer_profile.id'], name=op.f('fk_reception_request_profile_id_newcomer_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_reception_request_requested_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_request')),
    sa.UniqueConstraint('profile_id', 'municipality_code', name=op.f('uq_reception_request_profile_id_municipality_code'))
    )
    with op.batch_alter_table('reception_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_request_profile_id'), ['profile_id'], unique=False)


def downgrade():
    with op.batch_alter_table('reception_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_request_profile_id'))
    op.drop_table('reception_request')
