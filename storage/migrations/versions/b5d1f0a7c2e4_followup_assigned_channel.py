"""an action can be assigned to another channel of the workspace (a sous-comité de travail)

Revision ID: b5d1f0a7c2e4
Revises: c3f1a8d27e60
Create Date: 2026-12-02 05:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b5d1f0a7c2e4"
down_revision: str | None = "c3f1a8d27e60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("followupitem") as batch:
        batch.add_column(sa.Column("assigned_channel", sa.String(length=200), nullable=True))
        batch.create_index(
            "ix_followupitem_workspace_assigned", ["workspace", "assigned_channel"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("followupitem") as batch:
        batch.drop_index("ix_followupitem_workspace_assigned")
        batch.drop_column("assigned_channel")
