"""indexes that let a page cost the same at any size of history

Revision ID: a9c4e2f7b318
Revises: d2b7e4c9a1f6
Create Date: 2026-12-02 06:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a9c4e2f7b318"
down_revision: str | None = "d2b7e4c9a1f6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CREATED = (
    (
        "highlight",
        "ix_highlight_workspace_shown",
        ["workspace", "withdrawn_at", "created_at", "id"],
    ),
    (
        "highlighttag",
        "ix_highlighttag_workspace_tag_highlight",
        ["workspace", "tag", "highlight_id"],
    ),
    ("highlighttag", "ix_highlighttag_workspace_highlight", ["workspace", "highlight_id"]),
    (
        "highlightinterest",
        "ix_highlightinterest_workspace_highlight",
        ["workspace", "highlight_id"],
    ),
    (
        "vocabproposal",
        "ix_vocabproposal_workspace_status_term_key",
        ["workspace", "status", "term_key"],
    ),
)
REPLACED = (  # each served by a wider index above
    ("highlight", "ix_highlight_workspace_created_at", ["workspace", "created_at"]),
    ("highlighttag", "ix_highlighttag_workspace_tag", ["workspace", "tag"]),
)


def upgrade() -> None:
    for table, name, columns in CREATED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)
    for table, name, _ in REPLACED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)


def downgrade() -> None:
    for table, name, columns in REPLACED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)
    for table, name, _ in reversed(CREATED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
