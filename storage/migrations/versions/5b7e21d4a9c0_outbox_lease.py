"""outbox lease: which process delivers a row now, renewed before each platform write

Revision ID: 5b7e21d4a9c0
Revises: c58d5d539e44
Create Date: 2026-11-22 01:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "5b7e21d4a9c0"
down_revision: str | None = "c58d5d539e44"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True)
        )
        batch_op.add_column(sa.Column("leased_at", storage.types.UTCDateTime(), nullable=True))
    # rows under way keep the wait they had: their lease dates from their first attempt
    op.execute("UPDATE outbox SET leased_at = started_at WHERE status = 'sending'")


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("leased_at")
        batch_op.drop_column("holder")
