"""Insights: gender where a person gives it, and the indexes the region's figures read

Revision ID: f8a4b0d5e2c7
Revises: e7f3a9c4d1b6
Create Date: 2026-12-07 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f8a4b0d5e2c7'
down_revision = 'e7f3a9c4d1b6'
branch_labels = None
depends_on = None


# (name, table, columns): every one is also in its model's __table_args__.
INDEXES = (
    ('ix_reception_case_municipality_opened', 'reception_case', ['municipality_code', 'opened_at']),
    ('ix_reception_case_event_case_status_at', 'reception_case_event', ['case_id', 'to_status', 'at']),
    ('ix_reception_follow_up_case_answered', 'reception_follow_up', ['case_id', 'answered_at']),
    ('ix_hire_created_at', 'hire', ['created_at']),
    ('ix_competence_need_published_at', 'competence_need', ['published_at']),
    ('ix_newcomer_profile_created_at', 'newcomer_profile', ['created_at']),
)


def upgrade():
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gender', sa.Enum(
            'woman', 'man', 'another', 'undisclosed', name='gender', native_enum=False, create_constraint=True,
            length=16), nullable=True))
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table('household_member', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_household_member_gender'), type_='check')
        batch_op.drop_column('gender')
