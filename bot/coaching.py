"""Applying the protocol's rules to one person: read their history, decide, record the decision.

Handlers and the reminder composer call these inside the one database session of an update;
the decisions themselves are the pure functions in ``rehab``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rehab.content import load_protocol
from rehab.pain import (
    DEFAULT_PAIN_LIMIT,
    MORNING_WINDOW,
    MorningResponse,
    Verdict,
    judge_morning,
    judge_session,
)
from rehab.progression import Decision, Outcome, phase_after, try_advance
from rehab.protocol import Phase, Track
from rehab.routine import Routine, routine_for
from storage import check_ins, plans
from storage.check_ins import LoggedSession
from storage.models import FlagKind, PhaseChangeReason
from storage.plans import PlanState

_PHASE_REASONS = {
    Outcome.ADVANCED: PhaseChangeReason.ADVANCE,
    Outcome.COMPLETED: PhaseChangeReason.COMPLETE,
}


@dataclass(frozen=True)
class PainFeedback:
    """What the pain rules made of a report, and whether the person was moved back a phase."""

    verdict: Verdict
    limit: int
    stepped_back_to: int | None = None


def track_of(state: PlanState) -> Track:
    """The person's track."""
    return load_protocol().track(state.onset)


def phase_of(state: PlanState) -> Phase:
    """The phase the person is in."""
    return track_of(state).phase(state.phase)


def pain_limit(state: PlanState) -> int:
    """The person's agreed pain limit, or their track's default."""
    return DEFAULT_PAIN_LIMIT[state.onset] if state.pain_limit is None else state.pain_limit


def day_in_phase(state: PlanState, day: date) -> int:
    """Days since the phase began (0 on its first day; earlier days count as day 0)."""
    return max(0, (day - state.phase_started_on).days)


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


async def judge_check_in(
    session: AsyncSession,
    state: PlanState,
    *,
    day: date,
    session_number: int,
    pain: int | None,
    today: date,
    now: datetime,
    red_flag: bool = False,
) -> PainFeedback:
    """Apply the pain rules to a logged session and record any flag or step back."""
    limit = pain_limit(state)
    previous = await check_ins.previous_pain(
        session,
        user_id=state.user_id,
        # Pain from before the last phase change does not count twice.
        logged_after=state.phase_changed_at,
        before=(day, session_number),
    )
    verdict = judge_session(pain, limit=limit, previous_pain=previous, red_flag=red_flag)
    if verdict is Verdict.STOP:
        kind = FlagKind.RED_FLAG if red_flag else FlagKind.PAIN_STOP
        await plans.record_flag(
            session, user_id=state.user_id, kind=kind, local_date=today, now=now
        )
    stepped = await _step_back_if(session, state, verdict, today=today, now=now)
    return PainFeedback(verdict=verdict, limit=limit, stepped_back_to=stepped)


async def judge_morning_check(
    session: AsyncSession,
    state: PlanState,
    *,
    response: MorningResponse,
    today: date,
    now: datetime,
) -> PainFeedback:
    """Store this morning's answer and apply the next-morning rule."""
    # Only answers since the last phase change count, so one bad week does not step back twice.
    earlier = await check_ins.mornings_since(
        session,
        user_id=state.user_id,
        since=today - MORNING_WINDOW,
        answered_after=state.phase_changed_at,
    )
    await check_ins.record_morning(
        session, user_id=state.user_id, local_date=today, response=response, now=now
    )
    verdict = judge_morning(response, today=today, earlier=earlier)
    stepped = await _step_back_if(session, state, verdict, today=today, now=now)
    return PainFeedback(verdict=verdict, limit=pain_limit(state), stepped_back_to=stepped)


async def try_next_phase(
    session: AsyncSession,
    state: PlanState,
    *,
    answers: dict[str, bool],
    today: date,
    now: datetime,
) -> Decision:
    """Check the phase's criteria and move the person on when they are all met."""
    decision = try_advance(
        track_of(state),
        phase=state.phase,
        started_on=state.phase_started_on,
        today=max(today, state.phase_started_on),
        answers=answers,
    )
    reason = _PHASE_REASONS.get(decision.outcome)
    if reason is not None:
        await plans.change_phase(
            session,
            user_id=state.user_id,
            to_phase=decision.phase,
            reason=reason,
            local_date=today,
            now=now,
        )
    return decision


async def _step_back_if(
    session: AsyncSession, state: PlanState, verdict: Verdict, *, today: date, now: datetime
) -> int | None:
    """Hold progression and step back a phase's load on a STEP_BACK verdict."""
    if verdict is not Verdict.STEP_BACK:
        return None
    to_phase = phase_after(verdict, track_of(state), state.phase)
    # In phase 1 there is nothing to step back to: the phase starts over, which holds progression.
    await plans.change_phase(
        session,
        user_id=state.user_id,
        to_phase=to_phase,
        reason=PhaseChangeReason.STEP_BACK,
        local_date=today,
        now=now,
    )
    await plans.record_flag(
        session, user_id=state.user_id, kind=FlagKind.STEP_BACK, local_date=today, now=now
    )
    return to_phase
