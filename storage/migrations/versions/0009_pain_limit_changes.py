"""The pain limit's history (pain_limit_changes): the limit in force from each local day on, so
the chart draws a day's own limit rather than today's over every day. Nothing is filled in: a
person's first change also keeps the limit they had until then.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the table."""
    op.create_table(
        "pain_limit_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("pain_limit", sa.SmallInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "pain_limit >= 0 AND pain_limit <= 6",
            name=op.f("ck_pain_limit_changes_pain_limit_range"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_pain_limit_changes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pain_limit_changes")),
        sa.UniqueConstraint("user_id", "local_date", name=op.f("uq_pain_limit_changes_user_id")),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("pain_limit_changes")
