"""sealed ballots: anonymous answers wait, sealed, until their poll closes

Revision ID: d4b8e2f6a1c3
Revises: b65d7b2a521c
Create Date: 2026-12-02 03:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "d4b8e2f6a1c3"
down_revision: str | None = "b65d7b2a521c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pollballot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("sealed", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_pollballot_workspace"), "pollballot", ["workspace"], unique=False)
    op.create_index(op.f("ix_pollballot_poll_id"), "pollballot", ["poll_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_pollballot_poll_id"), table_name="pollballot")
    op.drop_index(op.f("ix_pollballot_workspace"), table_name="pollballot")
    op.drop_table("pollballot")
