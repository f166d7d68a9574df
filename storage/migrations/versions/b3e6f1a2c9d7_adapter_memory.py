"""adapter memory: stashed values and seen requests, shared by every replica

Revision ID: b3e6f1a2c9d7
Revises: a41c7e5d8f92
Create Date: 2026-11-23 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "b3e6f1a2c9d7"
down_revision: str | None = "a41c7e5d8f92"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stashed_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stashed_value")),
        sa.UniqueConstraint("token", name=op.f("uq_stashed_value_token")),
    )
    with op.batch_alter_table("stashed_value", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stashed_value_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stashed_value_workspace"), ["workspace"], unique=False)

    op.create_table(
        "seen_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seen_request")),
        sa.UniqueConstraint("key", name=op.f("uq_seen_request_key")),
    )
    with op.batch_alter_table("seen_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seen_request_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_seen_request_workspace"), ["workspace"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("seen_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seen_request_workspace"))
        batch_op.drop_index(batch_op.f("ix_seen_request_expires_at"))
    op.drop_table("seen_request")
    with op.batch_alter_table("stashed_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stashed_value_workspace"))
        batch_op.drop_index(batch_op.f("ix_stashed_value_expires_at"))
    op.drop_table("stashed_value")
