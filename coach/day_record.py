"""What a person logged up to a day: enough to build that day's routines and reminders."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from coach.plan_position import build_up_began, day_in_phase, pain_limit, phase_of
from rehab.easing import SessionPain, eases_next
from rehab.pain import MorningReport
from rehab.protocol import WALKING_GATE_DAYS, WALKING_PAIN_FREE
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
    # The morning answers of the same days, and of the days after this one.
    morning_reports: tuple[MorningReport, ...] = ()

    @property
    def mornings(self) -> frozenset[date]:
        """The days from this one on whose morning check is answered."""
        return frozenset(r.day for r in self.morning_reports if r.day >= self.day)

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
    starts = {
        (state.user_id, day): min(state.phase_started_on, day - timedelta(days=1))
        for state, day in wanted
    }
    mornings = await check_ins.mornings_by_person(
        session, user_ids=people, since=min(starts.values())
    )
    records: dict[tuple[int, date], DayRecord] = {}
    for state, day in wanted:
        # The phase so far, and the day before (for the next-morning question and missed word).
        start = starts[state.user_id, day]
        records[state.user_id, day] = DayRecord(
            day,
            tuple(e for e in logged.get(state.user_id, ()) if start <= e.local_date <= day),
            tuple(r for r in mornings.get(state.user_id, ()) if r.day >= start),
        )
    return records


def routine_on(state: PlanState, record: DayRecord, *, session_number: int) -> Routine:
    """Build the routine of one session of the record's day, from what was done in the phase:
    exercises waiting for pain-free walking held back, build-ups at their week, doses eased
    when the sessions before asked for it."""
    started = state.phase_started_on
    # A button from when the person had two sessions a day still shows a valid routine.
    number = min(session_number, state.sessions_per_day)
    met = {}
    walking = walking_pain_free_from(state)
    if walking is not None:
        met[WALKING_PAIN_FREE] = (walking - started).days
    return routine_for(
        phase_of(state),
        day_in_phase=day_in_phase(state, record.day),
        session=number,
        sessions_per_day=state.sessions_per_day,
        done_days={(done - started).days for done in record.full_session_days(started)},
        needs_met_from=met,
        build_up_from=min(0, (build_up_began(state) - started).days),
        eased=eased(state, record, SessionRef(record.day, number)),
    )


def walking_pain_free_from(state: PlanState) -> date | None:
    """The first day the exercises waiting for pain-free walking may come in: once the person
    said they walk without pain, and five days after the injury (None: not said yet)."""
    if state.walking_pain_free_on is None:
        return None
    if state.injured_on is None:
        return state.walking_pain_free_on
    return max(state.walking_pain_free_on, state.injured_on + timedelta(days=WALKING_GATE_DAYS))


def eased(state: PlanState, record: DayRecord, ref: SessionRef) -> bool:
    """Whether a session's doses are eased: in the days after a hold or a step back, or after
    a session above the limit (or a worse morning) until one within it settles (rehab.easing)."""
    if state.ease_until is not None and ref.day <= state.ease_until:
        return True
    before = [
        SessionPain(e.local_date, e.session, e.pain)
        for e in record.logged
        if (e.local_date, e.session) < (ref.day, ref.session)
    ]
    return eases_next(
        before,
        [r for r in record.morning_reports if r.day <= ref.day],
        limit=pain_limit(state),
        asks_mornings=state.morning_check,
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
