"""organisation listed: named by the coordination, so it stays on the map with nobody

Revision ID: a41c7e5d8f92
Revises: 7d3f90b1c2e4
Create Date: 2026-11-22 01:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a41c7e5d8f92"
down_revision: str | None = "7d3f90b1c2e4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # organisations already on a map stay there: nothing tells who put them there
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.alter_column("listed", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("listed")
