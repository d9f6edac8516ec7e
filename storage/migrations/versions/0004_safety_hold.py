"""The safety hold: since when and why a plan is on hold, the ease-back-in days after it, and
the answers to "have you been seen?" as safety flags; the retry day of a failed phase check; the
weekly maintenance after the last phase and the sport sign-off.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_FLAGS = "kind IN ('red_flag', 'pain_stop', 'step_back')"
NEW_FLAGS = (
    "kind IN ('red_flag', 'pain_stop', 'step_back', 'hold_not_seen', 'hold_resting', "
    "'hold_cleared', 'hold_cleared_step_back', 'sport_signed_off', 'sport_not_signed_off')"
)


def upgrade() -> None:
    """Add the hold's columns and the answers' flag kinds."""
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("hold_since", sa.DateTime(timezone=True), nullable=True))
        users.add_column(
            sa.Column(
                "hold_reason",
                sa.Enum(
                    "pain",
                    "warning_sign",
                    name=op.f("ck_users_hold_reason"),
                    native_enum=False,
                    create_constraint=True,
                ),
                nullable=True,
            )
        )
        users.add_column(sa.Column("ease_until", sa.Date(), nullable=True))
        users.add_column(sa.Column("check_again_on", sa.Date(), nullable=True))
        users.add_column(sa.Column("maintenance_since", sa.Date(), nullable=True))
        users.add_column(
            sa.Column("maintenance_weekly", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    with op.batch_alter_table("safety_flags") as flags:
        flags.drop_constraint(op.f("ck_safety_flags_flag_kind"), type_="check")
        flags.alter_column(
            "kind", existing_type=sa.String(9), type_=sa.String(22), existing_nullable=False
        )
        flags.create_check_constraint(op.f("ck_safety_flags_flag_kind"), NEW_FLAGS)


def downgrade() -> None:
    """Remove what upgrade added, with the answers' flags."""
    op.execute(sa.text("DELETE FROM safety_flags WHERE kind LIKE 'hold_%' OR kind LIKE 'sport_%'"))
    with op.batch_alter_table("safety_flags") as flags:
        flags.drop_constraint(op.f("ck_safety_flags_flag_kind"), type_="check")
        flags.alter_column(
            "kind", existing_type=sa.String(22), type_=sa.String(9), existing_nullable=False
        )
        flags.create_check_constraint(op.f("ck_safety_flags_flag_kind"), OLD_FLAGS)
    with op.batch_alter_table("users") as users:
        users.drop_constraint(op.f("ck_users_hold_reason"), type_="check")
        for column in (
            "maintenance_weekly",
            "maintenance_since",
            "check_again_on",
            "ease_until",
            "hold_reason",
            "hold_since",
        ):
            users.drop_column(column)
