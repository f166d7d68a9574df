"""mail refusals on the directory, signed links that have acted, names agreed for the page

Revision ID: f3c1a7b9d2e4
Revises: b5d1f0a7c2e4
Create Date: 2026-12-02 05:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "f3c1a7b9d2e4"
down_revision: str | None = "b5d1f0a7c2e4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mail_contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("refused_at", storage.types.UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("refusal", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True)
        )
    op.create_table(
        "spent_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("spent_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spent_link")),
        sa.UniqueConstraint("digest", name=op.f("uq_spent_link_digest")),
    )
    with op.batch_alter_table("spent_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_spent_link_workspace"), ["workspace"], unique=False)
    op.create_table(
        "public_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("agreed_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_name")),
        sa.UniqueConstraint("workspace", "user_id", name=op.f("uq_public_name_workspace_user_id")),
    )
    with op.batch_alter_table("public_name", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_public_name_workspace"), ["workspace"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("public_name", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_public_name_workspace"))
    op.drop_table("public_name")
    with op.batch_alter_table("spent_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spent_link_workspace"))
    op.drop_table("spent_link")
    with op.batch_alter_table("mail_contact", schema=None) as batch_op:
        batch_op.drop_column("refusal")
        batch_op.drop_column("refused_at")
