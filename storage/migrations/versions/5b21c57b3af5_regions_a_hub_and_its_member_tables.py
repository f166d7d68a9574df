"""regions: a hub and its member tables

Revision ID: 5b21c57b3af5
Revises: 018b704dc47a
Create Date: 2026-12-02 05:58:04.754854
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "5b21c57b3af5"
down_revision: str | None = "018b704dc47a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "region",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region")),
        sa.UniqueConstraint("code", name=op.f("uq_region_code")),
        sa.UniqueConstraint("workspace", name=op.f("uq_region_workspace")),
    )
    op.create_table(
        "region_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("table_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("theme", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("theme_label", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("asked_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("asked_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("accepted_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region_member")),
        sa.UniqueConstraint("workspace", name=op.f("uq_region_member_workspace")),
    )
    with op.batch_alter_table("region_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_region_member_region_id"), ["region_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("region_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_region_member_region_id"))

    op.drop_table("region_member")
    op.drop_table("region")
