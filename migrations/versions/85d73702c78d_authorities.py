"""Who serves a household where it lives: ``authority`` (regions, municipalities, government service offices,
from ``data/authorities.json``) and the municipalities each serves (``authority_municipality``); filled by
``flask seed reference``

Revision ID: 85d73702c78d
Revises: 1f930c49c533
Create Date: 2026-12-07 11:46:52.971519

"""
from alembic import op
import sqlalchemy as sa


revision = '85d73702c78d'
down_revision = '1f930c49c533'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('authority',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('name_sv', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('link_sv', sa.String(length=300), nullable=True),
    sa.Column('link_en', sa.String(length=300), nullable=True),
    sa.Column('confidence', sa.String(length=8), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_authority'))
    )
    op.create_table('authority_municipality',
    sa.Column('authority_key', sa.String(length=64), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.ForeignKeyConstraint(['authority_key'], ['authority.key'], name=op.f('fk_authority_municipality_authority_key_authority'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_authority_municipality_municipality_code_municipality'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('authority_key', 'municipality_code', name=op.f('pk_authority_municipality'))
    )


def downgrade():
    op.drop_table('authority_municipality')
    op.drop_table('authority')
