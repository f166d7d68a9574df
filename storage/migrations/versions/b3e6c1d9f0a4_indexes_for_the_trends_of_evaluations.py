"""indexes for the trends of evaluations: answers and scores of a page of evaluations

Revision ID: b3e6c1d9f0a4
Revises: d7e1f3a5b9c2
Create Date: 2026-12-04 22:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b3e6c1d9f0a4"
down_revision: str | None = "d7e1f3a5b9c2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("pollvoter", "ix_pollvoter_workspace_poll_id", ["workspace", "poll_id"]),
    ("scoretally", "ix_scoretally_workspace_poll_id", ["workspace", "poll_id"]),
)


def upgrade() -> None:
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    for table, name, _ in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
