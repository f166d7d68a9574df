"""followup: decisions, actions, their history, comptes rendus

Revision ID: 28b3ade2c3bf
Revises: b3e6f1a2c9d7
Create Date: 2026-12-02 02:13:39.000744
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "28b3ade2c3bf"
down_revision: str | None = "b3e6f1a2c9d7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "followupevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followupevent")),
    )
    with op.batch_alter_table("followupevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_followupevent_workspace"), ["workspace"], unique=False)
        batch_op.create_index(
            "ix_followupevent_workspace_item", ["workspace", "item_id"], unique=False
        )

    op.create_table(
        "followupitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("owner_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("owner_org", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("owner_org_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("due_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("done_at", storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followupitem")),
    )
    with op.batch_alter_table("followupitem", schema=None) as batch_op:
        batch_op.create_index(
            "ix_followupitem_place_kind_status_due",
            ["workspace", "channel", "kind", "status", "due_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_followupitem_workspace"), ["workspace"], unique=False)
        batch_op.create_index(
            "ix_followupitem_workspace_meeting", ["workspace", "meeting_id"], unique=False
        )
        batch_op.create_index(
            "ix_followupitem_workspace_owner", ["workspace", "owner_id"], unique=False
        )

    op.create_table(
        "followupreport",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("author_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("decisions", sqlmodel.sql.sqltypes.AutoString(length=3000), nullable=False),
        sa.Column("actions", sqlmodel.sql.sqltypes.AutoString(length=3000), nullable=False),
        sa.Column("next_points", sqlmodel.sql.sqltypes.AutoString(length=3000), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("approved_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("approved_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followupreport")),
    )
    with op.batch_alter_table("followupreport", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_followupreport_workspace"), ["workspace"], unique=False
        )
        batch_op.create_index(
            "ix_followupreport_workspace_meeting", ["workspace", "meeting_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("followupreport", schema=None) as batch_op:
        batch_op.drop_index("ix_followupreport_workspace_meeting")
        batch_op.drop_index(batch_op.f("ix_followupreport_workspace"))

    op.drop_table("followupreport")
    with op.batch_alter_table("followupitem", schema=None) as batch_op:
        batch_op.drop_index("ix_followupitem_workspace_owner")
        batch_op.drop_index("ix_followupitem_workspace_meeting")
        batch_op.drop_index(batch_op.f("ix_followupitem_workspace"))
        batch_op.drop_index("ix_followupitem_place_kind_status_due")

    op.drop_table("followupitem")
    with op.batch_alter_table("followupevent", schema=None) as batch_op:
        batch_op.drop_index("ix_followupevent_workspace_item")
        batch_op.drop_index(batch_op.f("ix_followupevent_workspace"))

    op.drop_table("followupevent")
