"""an index for the follow-ups assigned to a channel, read in the order of their due dates

Revision ID: c2d8f4a61e97
Revises: a9c4e2f7b318
Create Date: 2026-12-02 16:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c2d8f4a61e97"
down_revision: str | None = "a9c4e2f7b318"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CREATED = (
    "ix_followupitem_assigned_kind_status_due",
    ["workspace", "assigned_channel", "kind", "status", "due_at"],
)
REPLACED = ("ix_followupitem_workspace_assigned", ["workspace", "assigned_channel"])


def upgrade() -> None:
    with op.batch_alter_table("followupitem", schema=None) as batch_op:
        batch_op.create_index(*CREATED, unique=False)
        batch_op.drop_index(REPLACED[0])


def downgrade() -> None:
    with op.batch_alter_table("followupitem", schema=None) as batch_op:
        batch_op.create_index(*REPLACED, unique=False)
        batch_op.drop_index(CREATED[0])
