"""History the report and the adherence figures need: the answers of each criteria check
(phase_checks), the breaks people asked for (pauses: paused days plan no sessions), and the
name a person chose for the top of their report (users.display_name); and the file_id of each
exercise picture uploaded to Telegram (picture_files), to send it again by that id.

A pause running when this runs is kept as one row from now on (when it began was not kept).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _owned_by_user(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    """Add the tables and the column; keep a running pause."""
    op.create_table(
        "phase_checks",
        *_owned_by_user("phase_checks"),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("phase", sa.SmallInteger(), nullable=False),
        sa.Column("answers", sa.String(length=500), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(op.f("ix_phase_checks_user_id"), "phase_checks", ["user_id"])
    op.create_table(
        "pauses",
        *_owned_by_user("pauses"),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(op.f("ix_pauses_user_id"), "pauses", ["user_id"])
    op.create_table(
        "picture_files",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("file_id", sa.String(length=256), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_picture_files")),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("display_name", sa.String(length=64), nullable=True))
    op.execute(
        sa.text(
            "INSERT INTO pauses (user_id, started_at, ends_at) "
            "SELECT id, CURRENT_TIMESTAMP, paused_until FROM users WHERE status = 'paused'"
        )
    )


def downgrade() -> None:
    """Drop what upgrade added (running pauses stay in users.paused_until)."""
    with op.batch_alter_table("users") as batch:
        batch.drop_column("display_name")
    op.drop_table("picture_files")
    op.drop_index(op.f("ix_pauses_user_id"), table_name="pauses")
    op.drop_table("pauses")
    op.drop_index(op.f("ix_phase_checks_user_id"), table_name="phase_checks")
    op.drop_table("phase_checks")
