"""Officer-edited text blocks on the Move pages, with history; an organisation's public page

Revision ID: c5d1e7a2b9f4
Revises: b4e8d2a6c1f3
Create Date: 2026-12-07 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c5d1e7a2b9f4'
down_revision = 'b4e8d2a6c1f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('place_text',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.Column('slot', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('restored_from', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("language IN ('sv', 'en')", name=op.f('ck_place_text_language')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_place_text_version')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_place_text_author_id_user_account'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'],
                            name=op.f('fk_place_text_municipality_code_municipality'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place_text')),
    sa.UniqueConstraint('municipality_code', 'slot', 'language', 'version',
                        name=op.f('uq_place_text_municipality_code_slot_language_version'))
    )
    with op.batch_alter_table('place_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_place_text_author_id'), ['author_id'], unique=False)

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('about', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('about_en', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('website', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('relocation_offers', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('relocation_text', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('relocation_text_en', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('relocation_text_en')
        batch_op.drop_column('relocation_text')
        batch_op.drop_column('relocation_offers')
        batch_op.drop_column('website')
        batch_op.drop_column('about_en')
        batch_op.drop_column('about')

    with op.batch_alter_table('place_text', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_place_text_author_id'))

    op.drop_table('place_text')
