"""poll min_responses: the anonymity threshold a poll began with

Revision ID: 7d3f90b1c2e4
Revises: 5b7e21d4a9c0
Create Date: 2026-11-22 01:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7d3f90b1c2e4"
down_revision: str | None = "5b7e21d4a9c0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("poll", schema=None) as batch_op:
        batch_op.add_column(sa.Column("min_responses", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("poll", schema=None) as batch_op:
        batch_op.drop_column("min_responses")
