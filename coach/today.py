"""Today's session: which one comes next, and what its routine is built from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from coach.day_record import DayRecord, SessionRef, day_record
from coach.plan_position import loadable_plan
from coach.refusals import Reason, Refusal
from coach.work import Work
from storage.plans import PlanState


@dataclass(frozen=True)
class SessionPlan:
    """One session to show: the person's plan, what they logged up to its day, and which it is."""

    state: PlanState
    record: DayRecord
    ref: SessionRef


async def session_plan(work: Work, state: PlanState, ref: SessionRef) -> SessionPlan:
    """Read what one session's routine is built from."""
    return SessionPlan(state, await day_record(work.session, state, ref.day), ref)


async def session_of(work: Work, *, user_id: int, ref: SessionRef) -> SessionPlan:
    """One session of today or yesterday, to show again (refused on hold, or when older)."""
    state = await loadable_plan(work, user_id=user_id)
    today = work.today_in(state.timezone)
    if not today - timedelta(days=1) <= ref.day <= today:
        raise Refusal(Reason.TOO_OLD_TO_LOG, day=ref.day)
    return await session_plan(work, state, ref)


async def todays_session(work: Work, *, user_id: int) -> SessionPlan:
    """Today's next session: the first, or the second once the first is logged."""
    state = await loadable_plan(work, user_id=user_id)
    day = work.today_in(state.timezone)
    record = await day_record(work.session, state, day)
    logged = {entry.session for entry in record.on(day)}
    number = 2 if state.sessions_per_day == 2 and 1 in logged and 2 not in logged else 1
    return SessionPlan(state, record, SessionRef(day, number))
