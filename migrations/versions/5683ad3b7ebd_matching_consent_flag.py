"""Matching consent flag on the profile, filled from the consent history

Revision ID: 5683ad3b7ebd
Revises: 3baf657cced2
Create Date: 2026-11-27 04:42:25.524845

"""
import sqlalchemy as sa
from alembic import op

revision = "5683ad3b7ebd"
down_revision = "3baf657cced2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("newcomer_profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("matching_consent", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f("ix_newcomer_profile_matching_consent"), ["matching_consent"], unique=False)
    # The flag mirrors each profile's latest matching decision.
    op.execute("""
        UPDATE newcomer_profile SET matching_consent = (
            SELECT c.granted FROM consent c
            WHERE c.profile_id = newcomer_profile.id AND c.kind = 'matching'
            ORDER BY c.id DESC LIMIT 1)
        WHERE EXISTS (SELECT 1 FROM consent c WHERE c.profile_id = newcomer_profile.id AND c.kind = 'matching')
    """)


def downgrade():
    with op.batch_alter_table("newcomer_profile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_newcomer_profile_matching_consent"))
        batch_op.drop_column("matching_consent")
