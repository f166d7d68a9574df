"""charter adhesions, the partners' history (handovers, departures), vacant organisations

Revision ID: c3f1a8d27e60
Revises: a9c4e2f7b1d3
Create Date: 2026-12-02 05:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "c3f1a8d27e60"
down_revision: str | None = "a9c4e2f7b1d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "adhesion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("organisation", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column(
            "organisation_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False
        ),
        sa.Column("charter_number", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("recorded_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adhesion")),
        sa.UniqueConstraint(
            "workspace",
            "organisation_key",
            "charter_number",
            name=op.f("uq_adhesion_workspace_organisation_key_charter_number"),
        ),
    )
    with op.batch_alter_table("adhesion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_adhesion_workspace"), ["workspace"], unique=False)

    op.create_table(
        "partnerevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("organisation", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("from_user", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("to_user", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnerevent")),
    )
    with op.batch_alter_table("partnerevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partnerevent_workspace"), ["workspace"], unique=False)
        batch_op.create_index("ix_partnerevent_workspace_at", ["workspace", "at"], unique=False)

    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("vacant_since", storage.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("vacant_since")
    with op.batch_alter_table("partnerevent", schema=None) as batch_op:
        batch_op.drop_index("ix_partnerevent_workspace_at")
        batch_op.drop_index(batch_op.f("ix_partnerevent_workspace"))
    op.drop_table("partnerevent")
    with op.batch_alter_table("adhesion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adhesion_workspace"))
    op.drop_table("adhesion")
