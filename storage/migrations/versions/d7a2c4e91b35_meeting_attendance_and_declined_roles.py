"""meeting attendance recorded afterwards, the trio roles each person declined, and the
meeting a confirmed draft became

Revision ID: d7a2c4e91b35
Revises: f16a0c3e2b71
Create Date: 2026-12-02 02:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "d7a2c4e91b35"
down_revision: str | None = "f16a0c3e2b71"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("recorded_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint(
            "workspace",
            "meeting_id",
            "user_id",
            name=op.f("uq_attendance_workspace_meeting_id_user_id"),
        ),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_workspace"), ["workspace"], unique=False)
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmed_as", sa.Integer(), nullable=True))
    with op.batch_alter_table("triodecline", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("roles", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("triodecline", schema=None) as batch_op:
        batch_op.drop_column("roles")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("confirmed_as")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_workspace"))
        batch_op.drop_index(batch_op.f("ix_attendance_meeting_id"))
    op.drop_table("attendance")
