"""indexes for a page of follow-ups: assigned to a channel, of any status, of an owner

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
    (
        "ix_followupitem_assigned_kind_status_due",
        ["workspace", "assigned_channel", "kind", "status", "due_at"],
    ),
    ("ix_followupitem_place_due", ["workspace", "channel", "due_at"]),
    ("ix_followupitem_assigned_due", ["workspace", "assigned_channel", "due_at"]),
    ("ix_followupitem_workspace_owner_org", ["workspace", "owner_org_key"]),
)
REPLACED = (  # served by the wider index above
    ("ix_followupitem_workspace_assigned", ["workspace", "assigned_channel"]),
)


def upgrade() -> None:
    with op.batch_alter_table("followupitem", schema=None) as batch_op:
        for name, columns in CREATED:
            batch_op.create_index(name, columns, unique=False)
        for name, _ in REPLACED:
            batch_op.drop_index(name)


def downgrade() -> None:
    with op.batch_alter_table("followupitem", schema=None) as batch_op:
        for name, columns in REPLACED:
            batch_op.create_index(name, columns, unique=False)
        for name, _ in reversed(CREATED):
            batch_op.drop_index(name)
