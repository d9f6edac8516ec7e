"""Reading and writing what people log for their sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rehab.injury import SessionOutcome
from storage.models import CheckIn


class SaveResult(StrEnum):
    """What logging did to the stored row."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class LoggedSession:
    """One logged session, detached from the database session."""

    local_date: date
    session: int
    outcome: SessionOutcome
    pain: int | None


async def record_check_in(
    session: AsyncSession,
    *,
    user_id: int,
    local_date: date,
    session_number: int,
    outcome: SessionOutcome,
    pain: int | None,
    now: datetime,
) -> SaveResult:
    """Store the one row for this person, day and session, or update it."""
    if pain is not None and not 0 <= pain <= 10:
        raise ValueError("pain is on a 0-10 scale")
    row = await session.scalar(
        select(CheckIn).where(
            CheckIn.user_id == user_id,
            CheckIn.local_date == local_date,
            CheckIn.session == session_number,
        )
    )
    if row is None:
        session.add(
            CheckIn(
                user_id=user_id,
                local_date=local_date,
                session=session_number,
                outcome=outcome,
                pain=pain,
                created_at=now,
                updated_at=now,
            )
        )
        return SaveResult.CREATED
    if row.outcome is outcome and row.pain == pain:
        return SaveResult.UNCHANGED
    row.outcome = outcome
    row.pain = pain
    row.updated_at = now
    return SaveResult.UPDATED


async def check_ins_on(
    session: AsyncSession, *, user_id: int, local_date: date
) -> list[LoggedSession]:
    """Return what the person logged on one local day, by session."""
    rows = await session.scalars(
        select(CheckIn)
        .where(CheckIn.user_id == user_id, CheckIn.local_date == local_date)
        .order_by(CheckIn.session)
    )
    return [LoggedSession(r.local_date, r.session, r.outcome, r.pain) for r in rows]
