"""Housing contacts named in Swedish and English: ``name`` becomes ``name_sv``, ``name_en`` is added

A company's name is the same in both languages; the generic routes get a name in each. Rows that nobody
edited in Landa take the packaged names here (``flask seed reference`` would give them too); edited rows keep
their name in both columns.

Revision ID: 83b639e3ce8b
Revises: ba5ef68294ee
Create Date: 2026-11-27 11:10:55.834923

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '83b639e3ce8b'
down_revision = 'ba5ef68294ee'
branch_labels = None
depends_on = None

# The generic contacts of app/catalogue/data/housing_texts.json as they were when this migration was written:
# key -> (the one name before, Swedish name, English name).
NAMES = {
    "employer_housing": ("Employer / temporary housing", "Arbetsgivarens / tillfälligt boende",
                         "Employer / temporary housing"),
    "private_landlords": ("Private landlords (municipal lists)", "Privata hyresvärdar (kommunens listor)",
                          "Private landlords (municipal lists)"),
    "hyresgaranti": ("Kommunal hyresgaranti (Sundsvall)", "Kommunal hyresgaranti (Sundsvall)",
                     "Municipal rental guarantee (Sundsvall)"),
}

contact = sa.table("housing_contact", sa.column("key", sa.String), sa.column("name", sa.String),
                   sa.column("name_sv", sa.String), sa.column("name_en", sa.String),
                   sa.column("edited_at", sa.DateTime(timezone=True)))


def upgrade():
    with op.batch_alter_table('housing_contact', schema=None) as batch_op:
        batch_op.alter_column('name', new_column_name='name_sv', existing_type=sa.String(length=200),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('name_en', sa.String(length=200), nullable=True))
    op.execute(contact.update().values(name_en=contact.c.name_sv))
    for key, (_before, sv, en) in NAMES.items():
        op.execute(contact.update().where(contact.c.key == key, contact.c.edited_at.is_(None))
                   .values(name_sv=sv, name_en=en))
    with op.batch_alter_table('housing_contact', schema=None) as batch_op:
        batch_op.alter_column('name_en', existing_type=sa.String(length=200), nullable=False)


def downgrade():
    for key, (before, _sv, _en) in NAMES.items():
        op.execute(contact.update().where(contact.c.key == key, contact.c.edited_at.is_(None))
                   .values(name_sv=before))
    with op.batch_alter_table('housing_contact', schema=None) as batch_op:
        batch_op.drop_column('name_en')
        batch_op.alter_column('name_sv', new_column_name='name', existing_type=sa.String(length=200),
                              existing_nullable=False)
