"""charter versions' endorsements, objections and the steps of their history

Revision ID: d2b7e4c9a1f6
Revises: 5b21c57b3af5
Create Date: 2026-12-02 06:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "d2b7e4c9a1f6"
down_revision: str | None = "5b21c57b3af5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "charterstance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charterstance")),
        sa.UniqueConstraint(
            "workspace",
            "version",
            "user_id",
            name=op.f("uq_charterstance_workspace_version_user_id"),
        ),
    )
    with op.batch_alter_table("charterstance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_charterstance_workspace"), ["workspace"], unique=False)

    op.create_table(
        "charterstep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charterstep")),
    )
    with op.batch_alter_table("charterstep", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_charterstep_workspace"), ["workspace"], unique=False)
        batch_op.create_index(
            "ix_charterstep_workspace_version", ["workspace", "version"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("charterstep", schema=None) as batch_op:
        batch_op.drop_index("ix_charterstep_workspace_version")
        batch_op.drop_index(batch_op.f("ix_charterstep_workspace"))
    op.drop_table("charterstep")
    with op.batch_alter_table("charterstance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_charterstance_workspace"))
    op.drop_table("charterstance")
