"""slack installations sealed, oauth states, workspaces that left

Revision ID: 018b704dc47a
Revises: f3c1a7b9d2e4
Create Date: 2026-12-02 05:28:28.010768
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "018b704dc47a"
down_revision: str | None = "f3c1a7b9d2e4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "installation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("enterprise_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("sealed_token", sa.Text(), nullable=False),
        sa.Column("sealed_refresh_token", sa.Text(), nullable=True),
        sa.Column("installed_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_installation")),
        sa.UniqueConstraint("workspace", name=op.f("uq_installation_workspace")),
    )
    op.create_table(
        "oauth_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_state")),
        sa.UniqueConstraint("state", name=op.f("uq_oauth_state_state")),
    )
    with op.batch_alter_table("oauth_state", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oauth_state_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "workspace_departure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("left_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("erase_after", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace_departure")),
        sa.UniqueConstraint("workspace", name=op.f("uq_workspace_departure_workspace")),
    )


def downgrade() -> None:
    op.drop_table("workspace_departure")
    with op.batch_alter_table("oauth_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_state_expires_at"))

    op.drop_table("oauth_state")
    op.drop_table("installation")
