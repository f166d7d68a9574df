"""inbox: every acknowledged command and click, kept until it has run

Revision ID: c9e4a7b2d3f1
Revises: e7a3c9d15b20
Create Date: 2026-12-02 06:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "c9e4a7b2d3f1"
down_revision: str | None = "e7a3c9d15b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("person", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("leased_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("received_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox")),
        sa.UniqueConstraint("key", name=op.f("uq_inbox_key")),
    )
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbox_workspace"), ["workspace"], unique=False)
        batch_op.create_index("ix_inbox_status_leased_at", ["status", "leased_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_status_leased_at")
        batch_op.drop_index(batch_op.f("ix_inbox_workspace"))
    op.drop_table("inbox")
