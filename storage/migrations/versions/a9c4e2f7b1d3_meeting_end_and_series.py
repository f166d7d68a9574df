"""a meeting's own end (« de 13 h 30 à 16 h ») and the series it belongs to

Revision ID: a9c4e2f7b1d3
Revises: c9e4a7b2d3f1
Create Date: 2026-12-02 05:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "a9c4e2f7b1d3"
down_revision: str | None = "c9e4a7b2d3f1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ends_at", storage.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("series_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_meeting_series_id"), ["series_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_series_id"))
        batch_op.drop_column("series_id")
        batch_op.drop_column("ends_at")
