"""What a person logged up to a day: enough to build that day's routines and reminders."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from coach.plan_position import day_in_phase, phase_of
from rehab.routine import Routine, routine_for
from storage import check_ins
from storage.check_ins import LoggedSession
from storage.plans import PlanState


@dataclass(frozen=True)
class SessionRef:
    """Which session (1 or 2) of which local day."""

    day: date
    session: int


@dataclass(frozen=True)
class DayRecord:
    """What a person logged up to one day: enough to build that day's routines and reminders."""

    day: date
    # Every session logged from the phase's first day (or the day before this one, if earlier)
    # up to and including this day.
    logged: tuple[LoggedSession, ...]
    # The days from this one on whose morning check is answered.
    mornings: frozenset[date]

    def on(self, day: date) -> list[LoggedSession]:
        """The sessions logged on one day of the record."""
        return [entry for entry in self.logged if entry.local_date == day]

    def full_session_days(self, since: date) -> set[date]:
        """The days from ``since`` to before the record's day whose first session was done."""
        return {
            entry.local_date
            for entry in self.logged
            if entry.session == 1
            and since <= entry.local_date < self.day
            and entry.outcome in check_ins.DONE_OUTCOMES
        }


async def day_record(session: AsyncSession, state: PlanState, day: date) -> DayRecord:
    """Read one person's record up to a day."""
    return (await day_records(session, [(state, day)]))[state.user_id, day]


async def day_records(
    session: AsyncSession, wanted: Collection[tuple[PlanState, date]]
) -> dict[tuple[int, date], DayRecord]:
    """Read the records of many people, each up to a day of its own, in two statements."""
    if not wanted:
        return {}
    people = {state.user_id for state, _ in wanted}
    days = [day for _, day in wanted]
    logged = await check_ins.logged_in_phase(
        session,
        user_ids=people,
        also_since=min(days) - timedelta(days=1),
        until=max(days) + timedelta(days=1),
    )
    mornings = await check_ins.mornings_by_person(session, user_ids=people, since=min(days))
    records: dict[tuple[int, date], DayRecord] = {}
    for state, day in wanted:
        # The phase so far, and the day before (for the next-morning question and missed word).
        start = min(state.phase_started_on, day - timedelta(days=1))
        records[state.user_id, day] = DayRecord(
            day,
            tuple(e for e in logged.get(state.user_id, ()) if start <= e.local_date <= day),
            frozenset(d for d in mornings.get(state.user_id, ()) if d >= day),
        )
    return records


def routine_on(state: PlanState, record: DayRecord, *, session_number: int) -> Routine:
    """Build the routine of one session of the record's day, from what was done in the phase."""
    started = state.phase_started_on
    return routine_for(
        phase_of(state),
        day_in_phase=day_in_phase(state, record.day),
        # A button from when the person had two sessions a day still shows a valid routine.
        session=min(session_number, state.sessions_per_day),
        sessions_per_day=state.sessions_per_day,
        done_days={(done - started).days for done in record.full_session_days(started)},
    )


def morning_check_due(record: DayRecord) -> bool:
    """Whether to ask how this morning feels: yesterday had a session and today has no answer."""
    yesterday = record.day - timedelta(days=1)
    return bool(record.full_session_days(yesterday)) and not record.mornings


def session_after(ref: SessionRef, *, sessions_per_day: int) -> SessionRef:
    """The session after this one: the day's second, or the first of the next day."""
    if ref.session == 1 and sessions_per_day == 2:
        return SessionRef(ref.day, 2)
    return SessionRef(ref.day + timedelta(days=1), 1)


def session_before(ref: SessionRef, *, sessions_per_day: int) -> SessionRef:
    """The session before this one: the day's first, or the last of the day before."""
    if ref.session == 2:
        return SessionRef(ref.day, 1)
    return SessionRef(ref.day - timedelta(days=1), sessions_per_day)
