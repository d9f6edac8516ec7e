"""Initial schema: users, schedules, check-ins, deliveries and conversation states.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the model types: a revision must build the same schema whatever the
# models say later. Enums are plain strings with a named check, as in storage.models.
UTC_DATETIME = sa.DateTime(timezone=True)


def _enum(check_name: str, *values: str) -> sa.Enum:
    """A string column limited to values by a check constraint with a fixed name."""
    # op.f freezes the name, so a later change of the naming convention cannot alter it.
    return sa.Enum(*values, name=op.f(check_name), native_enum=False, create_constraint=True)


def upgrade() -> None:
    """Create every table of the first release."""
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "status",
            _enum("ck_users_user_status", "onboarding", "active", "blocked"),
            nullable=False,
        ),
        sa.Column("onset", _enum("ck_users_onset", "sudden", "gradual"), nullable=True),
        sa.Column("injury_date", sa.Date(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("onboarded_at", UTC_DATETIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("session", sa.SmallInteger(), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column("next_due_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint("session IN (1, 2)", name=op.f("ck_schedules_session_number")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_schedules_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedules")),
        sa.UniqueConstraint("user_id", "session", name=op.f("uq_schedules_user_id")),
    )
    op.create_index(op.f("ix_schedules_next_due_at"), "schedules", ["next_due_at"])
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("session", sa.SmallInteger(), nullable=False),
        sa.Column(
            "outcome",
            _enum("ck_check_ins_session_outcome", "done", "partly", "skipped"),
            nullable=False,
        ),
        sa.Column("pain", sa.SmallInteger(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.CheckConstraint(
            "pain IS NULL OR (pain >= 0 AND pain <= 10)", name=op.f("ck_check_ins_pain_range")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_check_ins_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_ins")),
        sa.UniqueConstraint("user_id", "local_date", "session", name=op.f("uq_check_ins_user_id")),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("slot", sa.String(length=32), nullable=False),
        sa.Column(
            "status",
            _enum("ck_deliveries_delivery_status", "claimed", "sent", "failed", "missed"),
            nullable=False,
        ),
        sa.Column("due_at", UTC_DATETIME, nullable=False),
        sa.Column("claimed_at", UTC_DATETIME, nullable=False),
        sa.Column("completed_at", UTC_DATETIME, nullable=True),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        sa.Column("telegram_message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_deliveries_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("user_id", "kind", "slot", name=op.f("uq_deliveries_user_id")),
    )
    op.create_index("ix_deliveries_status_claimed_at", "deliveries", ["status", "claimed_at"])
    op.create_table(
        "conversation_states",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("name", "key", name=op.f("pk_conversation_states")),
    )


def downgrade() -> None:
    """Drop every table of the first release, children first."""
    op.drop_table("conversation_states")
    op.drop_index("ix_deliveries_status_claimed_at", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_table("check_ins")
    op.drop_index(op.f("ix_schedules_next_due_at"), table_name="schedules")
    op.drop_table("schedules")
    op.drop_table("users")
