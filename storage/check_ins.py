"""Reading and writing what people log for their sessions."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import desc, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from rehab.injury import SessionOutcome
from rehab.pain import MorningReport, MorningResponse
from storage.models import CheckIn, MorningCheck, User

# Five hours: longer is a typing slip, not a rehab session (issue 14: 600 was accepted).
MAX_ENDURANCE_MINUTES = 300

# Outcomes that mean the exercises were (at least partly) done that day.
DONE_OUTCOMES = (SessionOutcome.DONE, SessionOutcome.PARTLY)


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
    endurance_minutes: int | None = None


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
    row = await _check_in(session, user_id, local_date, session_number)
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
    return [_logged(row) for row in rows]


async def logged_between(
    session: AsyncSession, *, user_id: int, since: date, until: date
) -> list[LoggedSession]:
    """Return the sessions logged from ``since`` to before ``until``, in order."""
    rows = await session.scalars(
        select(CheckIn)
        .where(CheckIn.user_id == user_id, CheckIn.local_date >= since, CheckIn.local_date < until)
        .order_by(CheckIn.local_date, CheckIn.session)
    )
    return [_logged(row) for row in rows]


async def previous_pain(
    session: AsyncSession, *, user_id: int, logged_after: datetime, before: tuple[date, int]
) -> int | None:
    """Return the pain of the last session before a day and session, logged after an instant."""
    return await session.scalar(
        select(CheckIn.pain)
        .where(
            CheckIn.user_id == user_id,
            CheckIn.updated_at > logged_after,
            CheckIn.pain.is_not(None),
            tuple_(CheckIn.local_date, CheckIn.session) < tuple_(*before),
        )
        .order_by(desc(CheckIn.local_date), desc(CheckIn.session))
        .limit(1)
    )


async def logged_in_phase(
    session: AsyncSession, *, user_ids: Collection[int], also_since: date, until: date
) -> dict[int, list[LoggedSession]]:
    """Return what each person logged before ``until`` in their current phase (from the day it
    began) or from ``also_since``, whichever is earlier, in order."""
    if not user_ids:
        return {}
    rows = await session.execute(
        select(
            CheckIn.user_id,
            CheckIn.local_date,
            CheckIn.session,
            CheckIn.outcome,
            CheckIn.pain,
            CheckIn.endurance_minutes,
        )
        .join(User, User.id == CheckIn.user_id)
        .where(
            CheckIn.user_id.in_(user_ids),
            or_(CheckIn.local_date >= User.phase_started_on, CheckIn.local_date >= also_since),
            CheckIn.local_date < until,
        )
        .order_by(CheckIn.local_date, CheckIn.session)
    )
    logged: dict[int, list[LoggedSession]] = {}
    for user_id, day, number, outcome, pain, minutes in rows:
        logged.setdefault(user_id, []).append(LoggedSession(day, number, outcome, pain, minutes))
    return logged


async def record_endurance(
    session: AsyncSession, *, user_id: int, local_date: date, session_number: int, minutes: int
) -> bool:
    """Add endurance minutes to a logged session; False if that session was not logged."""
    if not 0 <= minutes <= MAX_ENDURANCE_MINUTES:
        raise ValueError(f"endurance minutes are 0-{MAX_ENDURANCE_MINUTES}")
    row = await _check_in(session, user_id, local_date, session_number)
    if row is None:
        return False
    row.endurance_minutes = minutes
    return True


async def latest_check_in(
    session: AsyncSession, *, user_id: int, since: date
) -> LoggedSession | None:
    """Return the most recently logged session on or after a day."""
    row = await session.scalar(
        select(CheckIn)
        .where(CheckIn.user_id == user_id, CheckIn.local_date >= since)
        .order_by(desc(CheckIn.local_date), desc(CheckIn.session))
        .limit(1)
    )
    return None if row is None else _logged(row)


async def record_morning(
    session: AsyncSession,
    *,
    user_id: int,
    local_date: date,
    response: MorningResponse,
    now: datetime,
) -> None:
    """Store (or correct) how the person felt this morning."""
    row = await session.scalar(
        select(MorningCheck).where(
            MorningCheck.user_id == user_id, MorningCheck.local_date == local_date
        )
    )
    if row is None:
        session.add(
            MorningCheck(user_id=user_id, local_date=local_date, response=response, created_at=now)
        )
    else:
        row.response = response


async def mornings_since(
    session: AsyncSession, *, user_id: int, since: date, answered_after: datetime | None = None
) -> list[MorningReport]:
    """Return the morning responses from a day on (answered after an instant), oldest first."""
    after = [] if answered_after is None else [MorningCheck.created_at > answered_after]
    rows = await session.scalars(
        select(MorningCheck)
        .where(MorningCheck.user_id == user_id, MorningCheck.local_date >= since, *after)
        .order_by(MorningCheck.local_date)
    )
    return [MorningReport(day=row.local_date, response=row.response) for row in rows]


async def mornings_by_person(
    session: AsyncSession, *, user_ids: Collection[int], since: date
) -> dict[int, list[MorningReport]]:
    """Return each of these people's morning answers from ``since`` on, oldest first."""
    if not user_ids:
        return {}
    rows = await session.execute(
        select(MorningCheck.user_id, MorningCheck.local_date, MorningCheck.response)
        .where(MorningCheck.user_id.in_(user_ids), MorningCheck.local_date >= since)
        .order_by(MorningCheck.local_date)
    )
    answered: dict[int, list[MorningReport]] = {}
    for user_id, day, response in rows:
        answered.setdefault(user_id, []).append(MorningReport(day=day, response=response))
    return answered


async def _check_in(
    session: AsyncSession, user_id: int, local_date: date, session_number: int
) -> CheckIn | None:
    return await session.scalar(
        select(CheckIn).where(
            CheckIn.user_id == user_id,
            CheckIn.local_date == local_date,
            CheckIn.session == session_number,
        )
    )


def _logged(row: CheckIn) -> LoggedSession:
    return LoggedSession(row.local_date, row.session, row.outcome, row.pain, row.endurance_minutes)
