"""The rehab protocol: phase, pain limit and provider per person; endurance minutes per
check-in; next-morning checks, phase changes and safety flags.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def _enum(check_name: str, *values: str) -> sa.Enum:
    """A string column limited to values by a check constraint with a fixed name."""
    return sa.Enum(*values, name=op.f(check_name), native_enum=False, create_constraint=True)


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
    )


def upgrade() -> None:
    """Add the protocol's columns and tables."""
    # Batch mode copies the table on SQLite, the only way it can add a check constraint.
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("has_provider", sa.Boolean(), nullable=True))
        users.add_column(sa.Column("pain_limit", sa.SmallInteger(), nullable=True))
        users.add_column(sa.Column("phase", sa.SmallInteger(), nullable=True))
        users.add_column(sa.Column("phase_started_on", sa.Date(), nullable=True))
        users.create_check_constraint(
            op.f("ck_users_pain_limit_range"),
            "pain_limit IS NULL OR (pain_limit >= 0 AND pain_limit <= 6)",
        )
        users.create_check_constraint(op.f("ck_users_phase_number"), "phase IS NULL OR phase >= 1")
    _start_set_up_people_in_phase_1()
    with op.batch_alter_table("check_ins") as check_ins:
        check_ins.add_column(sa.Column("endurance_minutes", sa.SmallInteger(), nullable=True))
        check_ins.create_check_constraint(
            op.f("ck_check_ins_endurance_range"),
            "endurance_minutes IS NULL OR (endurance_minutes >= 0 AND endurance_minutes <= 600)",
        )
    op.create_table(
        "morning_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column(
            "response",
            _enum("ck_morning_checks_morning_response", "better", "same", "worse"),
            nullable=False,
        ),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        _user_fk("morning_checks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_morning_checks")),
        sa.UniqueConstraint("user_id", "local_date", name=op.f("uq_morning_checks_user_id")),
    )
    op.create_table(
        "phase_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("from_phase", sa.SmallInteger(), nullable=True),
        sa.Column("to_phase", sa.SmallInteger(), nullable=False),
        sa.Column(
            "reason",
            _enum("ck_phase_changes_phase_reason", "start", "advance", "step_back", "complete"),
            nullable=False,
        ),
        sa.Column("at", UTC_DATETIME, nullable=False),
        _user_fk("phase_changes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phase_changes")),
    )
    op.create_index(op.f("ix_phase_changes_user_id"), "phase_changes", ["user_id"])
    op.create_table(
        "safety_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            _enum("ck_safety_flags_flag_kind", "red_flag", "pain_stop", "step_back"),
            nullable=False,
        ),
        sa.Column("detail", sa.String(length=64), nullable=True),
        sa.Column("at", UTC_DATETIME, nullable=False),
        _user_fk("safety_flags"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_flags")),
    )
    op.create_index(op.f("ix_safety_flags_user_id"), "safety_flags", ["user_id"])


def _start_set_up_people_in_phase_1() -> None:
    """People set up before the protocol start in phase 1 on their local setup day."""
    users = sa.table(
        "users",
        sa.column("id", sa.BigInteger()),
        sa.column("timezone", sa.String()),
        sa.column("onboarded_at", UTC_DATETIME),
        sa.column("phase", sa.SmallInteger()),
        sa.column("phase_started_on", sa.Date()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(users.c.id, users.c.timezone, users.c.onboarded_at).where(
            users.c.onboarded_at.is_not(None)
        )
    ).all()
    for user_id, zone, onboarded_at in rows:
        # SQLite returns naive UTC values; the zone turns the instant into a local day.
        instant = onboarded_at if onboarded_at.tzinfo else onboarded_at.replace(tzinfo=UTC)
        local_day = instant.astimezone(ZoneInfo(zone or "UTC")).date()
        bind.execute(
            users.update().where(users.c.id == user_id).values(phase=1, phase_started_on=local_day)
        )


def downgrade() -> None:
    """Remove what upgrade added."""
    op.drop_index(op.f("ix_safety_flags_user_id"), table_name="safety_flags")
    op.drop_table("safety_flags")
    op.drop_index(op.f("ix_phase_changes_user_id"), table_name="phase_changes")
    op.drop_table("phase_changes")
    op.drop_table("morning_checks")
    with op.batch_alter_table("check_ins") as check_ins:
        check_ins.drop_constraint(op.f("ck_check_ins_endurance_range"), type_="check")
        check_ins.drop_column("endurance_minutes")
    with op.batch_alter_table("users") as users:
        users.drop_constraint(op.f("ck_users_phase_number"), type_="check")
        users.drop_constraint(op.f("ck_users_pain_limit_range"), type_="check")
        users.drop_column("phase_started_on")
        users.drop_column("phase")
        users.drop_column("pain_limit")
        users.drop_column("has_provider")
