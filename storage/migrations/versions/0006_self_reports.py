"""Two self-reports kept as flags: walking at a normal stride is pain-free (the standing
lengthening exercises wait for it), and what aggravated a gradual-onset hamstring after a session.

Revision ID: 0006
Revises: 0005_delivery
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005_delivery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD = (
    "'red_flag', 'pain_stop', 'step_back', 'hold_not_seen', 'hold_resting', "
    "'hold_cleared', 'hold_cleared_step_back', 'sport_signed_off', 'sport_not_signed_off'"
)
OLD_FLAGS = f"kind IN ({_OLD})"
NEW_FLAGS = f"kind IN ({_OLD}, 'walking_pain_free', 'aggravated')"


def upgrade() -> None:
    """Allow the two new flag kinds."""
    with op.batch_alter_table("safety_flags") as flags:
        flags.drop_constraint(op.f("ck_safety_flags_flag_kind"), type_="check")
        flags.create_check_constraint(op.f("ck_safety_flags_flag_kind"), NEW_FLAGS)


def downgrade() -> None:
    """Drop the two kinds' rows and allow only the old kinds."""
    op.execute(
        sa.text("DELETE FROM safety_flags WHERE kind IN ('walking_pain_free', 'aggravated')")
    )
    with op.batch_alter_table("safety_flags") as flags:
        flags.drop_constraint(op.f("ck_safety_flags_flag_kind"), type_="check")
        flags.create_check_constraint(op.f("ck_safety_flags_flag_kind"), OLD_FLAGS)
