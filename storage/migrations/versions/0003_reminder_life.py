"""Reminders that respect the person's day: pause and lapse, activity for the nudge ladder,
quiet hours, summary and morning-check switches, and one-off pending messages (snoozes).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)
OLD_STATUSES = "status IN ('onboarding', 'active', 'blocked')"
NEW_STATUSES = "status IN ('onboarding', 'active', 'paused', 'lapsed', 'blocked')"


def upgrade() -> None:
    """Add the columns and the pending-messages table."""
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("quiet_start", sa.Time(), nullable=True))
        users.add_column(sa.Column("quiet_end", sa.Time(), nullable=True))
        users.add_column(
            sa.Column("weekly_summary", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        users.add_column(
            sa.Column("morning_check", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        users.add_column(sa.Column("last_active_at", UTC_DATETIME, nullable=True))
        users.add_column(sa.Column("next_nudge_at", UTC_DATETIME, nullable=True))
        users.add_column(sa.Column("paused_until", UTC_DATETIME, nullable=True))
        users.add_column(sa.Column("lapsed_at", UTC_DATETIME, nullable=True))
        users.drop_constraint(op.f("ck_users_user_status"), type_="check")
        users.create_check_constraint(op.f("ck_users_user_status"), NEW_STATUSES)
        users.create_index(op.f("ix_users_next_nudge_at"), ["next_nudge_at"])
        users.create_index(op.f("ix_users_paused_until"), ["paused_until"])
    # Silence is counted from the upgrade for people already set up, and the nudge ladder
    # takes its first look at them right away (it then plans its own next look).
    op.execute(
        sa.text(
            "UPDATE users SET last_active_at = CURRENT_TIMESTAMP, "
            "next_nudge_at = CURRENT_TIMESTAMP WHERE onboarded_at IS NOT NULL"
        )
    )
    op.create_table(
        "pending_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("slot", sa.String(length=32), nullable=False),
        sa.Column("due_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_pending_messages_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_messages")),
        sa.UniqueConstraint("user_id", "kind", "slot", name=op.f("uq_pending_messages_user_id")),
    )
    op.create_index(op.f("ix_pending_messages_due_at"), "pending_messages", ["due_at"])


def downgrade() -> None:
    """Remove what upgrade added; paused and lapsed people become active again."""
    op.drop_index(op.f("ix_pending_messages_due_at"), table_name="pending_messages")
    op.drop_table("pending_messages")
    op.execute(sa.text("UPDATE users SET status = 'active' WHERE status IN ('paused', 'lapsed')"))
    with op.batch_alter_table("users") as users:
        users.drop_index(op.f("ix_users_paused_until"))
        users.drop_index(op.f("ix_users_next_nudge_at"))
        users.drop_constraint(op.f("ck_users_user_status"), type_="check")
        users.create_check_constraint(op.f("ck_users_user_status"), OLD_STATUSES)
        for column in (
            "lapsed_at",
            "paused_until",
            "next_nudge_at",
            "last_active_at",
            "morning_check",
            "weekly_summary",
            "quiet_end",
            "quiet_start",
        ):
            users.drop_column(column)
