"""Retention rules per kind of record (with the defaults); erased accounts and anonymised cases

Revision ID: ba5ef68294ee
Revises: 82efb1e244c4
Create Date: 2026-11-27 08:48:59.243909

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ba5ef68294ee'
down_revision = '82efb1e244c4'
branch_labels = None
depends_on = None

# The defaults of app/privacy/models.py DEFAULT_RULES, as they were when this migration was written.
DEFAULTS = [("closed_case", "anonymise", 24), ("unused_account", "delete", 12), ("sent_email", "delete", 6),
            ("audit_entry", "delete", 60)]


def upgrade():
    rule = op.create_table(
        'retention_rule',
        sa.Column('kind', sa.Enum('closed_case', 'unused_account', 'sent_email', 'audit_entry', name='retentionkind',
                                  native_enum=False, create_constraint=True, length=32), nullable=False),
        sa.Column('action', sa.Enum('keep', 'anonymise', 'delete', name='retentionaction', native_enum=False,
                                    create_constraint=True, length=16), nullable=False),
        sa.Column('months', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('months BETWEEN 1 AND 240', name=op.f('ck_retention_rule_months')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'],
                                name=op.f('fk_retention_rule_updated_by_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('kind', name=op.f('pk_retention_rule')),
    )
    now = datetime.now(timezone.utc)
    op.bulk_insert(rule, [{"kind": k, "action": a, "months": m, "updated_at": now} for k, a, m in DEFAULTS])
    with op.batch_alter_table('reception_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
    with op.batch_alter_table('reception_case', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')
    op.drop_table('retention_rule')
