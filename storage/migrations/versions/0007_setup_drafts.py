"""A setup in progress keeps its answers aside, in setup_drafts, until it finishes: a new setup
no longer wipes the plan of someone already set up.

People halfway through their first setup when this runs have their answers so far moved into a
draft, so their next answer carries on.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ANSWERS = ("onset", "injury_date", "timezone", "has_provider", "pain_limit")


def upgrade() -> None:
    """Add the drafts table and move half-done first setups into it."""
    op.create_table(
        "setup_drafts",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column(
            "onset",
            sa.Enum(
                "sudden",
                "gradual",
                name=op.f("ck_setup_drafts_onset"),
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("injury_date", sa.Date(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("has_provider", sa.Boolean(), nullable=True),
        sa.Column("pain_limit", sa.SmallInteger(), nullable=True),
        sa.Column("first_time", sa.Time(), nullable=True),
        sa.Column("second_time", sa.Time(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "pain_limit IS NULL OR (pain_limit >= 0 AND pain_limit <= 6)",
            name=op.f("ck_setup_drafts_pain_limit_range"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_setup_drafts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_setup_drafts")),
    )
    answers = ", ".join(_ANSWERS)
    # The first of two reminder times waited in a parked schedule row; the row stays, inert.
    op.execute(
        sa.text(
            f"INSERT INTO setup_drafts (user_id, {answers}, first_time, started_at) "  # noqa: S608 (fixed names)
            f"SELECT id, {answers}, (SELECT local_time FROM schedules "
            "WHERE schedules.user_id = users.id AND schedules.session = 1), created_at "
            "FROM users WHERE onboarded_at IS NULL"
        )
    )


def downgrade() -> None:
    """Give half-done first setups their answers back in the users row; drop the drafts."""
    copied = ", ".join(
        f"{column} = (SELECT {column} FROM setup_drafts "  # noqa: S608 (fixed names)
        "WHERE setup_drafts.user_id = users.id)"
        for column in _ANSWERS
    )
    op.execute(
        sa.text(
            f"UPDATE users SET {copied} WHERE onboarded_at IS NULL "  # noqa: S608 (fixed names)
            "AND id IN (SELECT user_id FROM setup_drafts)"
        )
    )
    op.drop_table("setup_drafts")
