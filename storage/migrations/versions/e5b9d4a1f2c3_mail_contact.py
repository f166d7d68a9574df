"""mail contacts: partners reached by e-mail, with their consent and unsubscription

Revision ID: e5b9d4a1f2c3
Revises: d4a8c3f0e1b2
Create Date: 2026-11-24 11:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "e5b9d4a1f2c3"
down_revision: str | None = "d4a8c3f0e1b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("organisation", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("consent_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("consent_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("unsubscribed_at", storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_contact")),
        sa.UniqueConstraint("workspace", "address", name=op.f("uq_mail_contact_workspace_address")),
    )
    with op.batch_alter_table("mail_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_contact_workspace"), ["workspace"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mail_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_contact_workspace"))
    op.drop_table("mail_contact")
