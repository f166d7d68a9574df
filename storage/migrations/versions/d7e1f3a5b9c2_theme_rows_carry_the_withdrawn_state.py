"""theme rows carry their highlight's withdrawn state: a theme's count reads one index

Revision ID: d7e1f3a5b9c2
Revises: c2d8f4a61e97
Create Date: 2026-12-02 19:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d7e1f3a5b9c2"
down_revision: str | None = "c2d8f4a61e97"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW = ("ix_highlighttag_workspace_tag_shown", ["workspace", "tag", "shown", "highlight_id"])
OLD = ("ix_highlighttag_workspace_tag_highlight", ["workspace", "tag", "highlight_id"])


def upgrade() -> None:
    with op.batch_alter_table("highlighttag", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shown", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.execute(
        "UPDATE highlighttag SET shown = false WHERE highlight_id IN"
        " (SELECT id FROM highlight WHERE withdrawn_at IS NOT NULL)"
    )
    with op.batch_alter_table("highlighttag", schema=None) as batch_op:
        batch_op.create_index(NEW[0], NEW[1], unique=False)
        batch_op.drop_index(OLD[0])


def downgrade() -> None:
    with op.batch_alter_table("highlighttag", schema=None) as batch_op:
        batch_op.create_index(OLD[0], OLD[1], unique=False)
        batch_op.drop_index(NEW[0])
        batch_op.drop_column("shown")
