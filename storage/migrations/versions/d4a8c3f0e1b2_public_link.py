"""public links: the secret URLs the web server answers (calendar feeds, the table's page)

Revision ID: d4a8c3f0e1b2
Revises: 28b3ade2c3bf
Create Date: 2026-11-24 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "d4a8c3f0e1b2"
down_revision: str | None = "28b3ade2c3bf"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "public_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_link")),
    )
    with op.batch_alter_table("public_link", schema=None) as batch_op:
        batch_op.create_index(
            "ix_public_link_place", ["workspace", "kind", "channel"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_public_link_token"), ["token"], unique=True)
        batch_op.create_index(batch_op.f("ix_public_link_workspace"), ["workspace"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("public_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_public_link_workspace"))
        batch_op.drop_index(batch_op.f("ix_public_link_token"))
        batch_op.drop_index("ix_public_link_place")
    op.drop_table("public_link")
