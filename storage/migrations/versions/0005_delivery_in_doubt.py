"""Deliveries that are being sent, in doubt, or waiting to be retried: the "sending" and
"in_doubt" statuses and the instant a send that certainly failed may be tried again.

Revision ID: 0005_delivery
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_delivery"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATUSES = "status IN ('claimed', 'sent', 'failed', 'missed')"
NEW_STATUSES = "status IN ('claimed', 'sending', 'sent', 'failed', 'missed', 'in_doubt')"


def upgrade() -> None:
    """Add the statuses and retry_at; rows marked as being sent by the old code are sending."""
    with op.batch_alter_table("deliveries") as deliveries:
        deliveries.add_column(sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True))
        deliveries.drop_constraint(op.f("ck_deliveries_delivery_status"), type_="check")
        deliveries.alter_column(
            "status", existing_type=sa.String(7), type_=sa.String(8), existing_nullable=False
        )
        deliveries.create_check_constraint(op.f("ck_deliveries_delivery_status"), NEW_STATUSES)
    # The old code marked a claim whose send had started by counting an attempt.
    op.execute(
        sa.text(
            "UPDATE deliveries SET status = 'sending' WHERE status = 'claimed' AND attempts > 0"
        )
    )


def downgrade() -> None:
    """Back to the four statuses: in doubt reads as failed, sending as a marked claim."""
    op.execute(sa.text("UPDATE deliveries SET status = 'failed' WHERE status = 'in_doubt'"))
    op.execute(sa.text("UPDATE deliveries SET status = 'claimed' WHERE status = 'sending'"))
    with op.batch_alter_table("deliveries") as deliveries:
        deliveries.drop_constraint(op.f("ck_deliveries_delivery_status"), type_="check")
        deliveries.alter_column(
            "status", existing_type=sa.String(8), type_=sa.String(7), existing_nullable=False
        )
        deliveries.create_check_constraint(op.f("ck_deliveries_delivery_status"), OLD_STATUSES)
        deliveries.drop_column("retry_at")
