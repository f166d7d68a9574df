"""indexes for the queries of a table with years of history

Revision ID: f16a0c3e2b71
Revises: e5b9d4a1f2c3
Create Date: 2026-11-24 10:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "f16a0c3e2b71"
down_revision: str | None = "e5b9d4a1f2c3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("highlight", "ix_highlight_workspace_created_at", ["workspace", "created_at"]),
    ("highlighttag", "ix_highlighttag_workspace_tag", ["workspace", "tag"]),
    ("member", "ix_member_workspace_organisation", ["workspace", "organisation"]),
    ("poll", "ix_poll_workspace_kind_created_at", ["workspace", "kind", "created_at"]),
)


def upgrade() -> None:
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    for table, name, _ in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
