"""The safety hold: after pain of 7/10 or more or a warning sign, nothing is loaded until a
professional has seen the person; at reminder time the coach asks whether they have been seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from coach.day_record import SessionRef
from coach.plan_position import eased_until, plan_after_change, plan_of
from coach.refusals import Reason, Refusal
from coach.today import SessionPlan, session_plan
from coach.work import Work
from scheduler.due import next_due_after, resolve_local
from scheduler.nudges import TWO_DAYS_AFTER
from scheduler.planning import replan_from
from storage import plans, safety_holds, users
from storage.models import FlagKind, HoldReason, PhaseChangeReason
from storage.plans import PlanState

# "Not yet": ask again after two days, then weekly; resting on advice: weekly.
FIRST_ASK_AGAIN = timedelta(days=2)
LATER_ASK_AGAIN = timedelta(days=7)


class SeenAnswer(StrEnum):
    """The person's answer to "have you been seen by a professional?"."""

    CLEARED = "cleared"
    CLEARED_STEP_BACK = "step_back"
    RESTING = "resting"
    NOT_YET = "not_yet"


_ANSWER_FLAGS = {
    SeenAnswer.CLEARED: FlagKind.HOLD_CLEARED,
    SeenAnswer.CLEARED_STEP_BACK: FlagKind.HOLD_CLEARED_STEP_BACK,
    SeenAnswer.RESTING: FlagKind.HOLD_RESTING,
    SeenAnswer.NOT_YET: FlagKind.HOLD_NOT_SEEN,
}
_WAITING = (FlagKind.HOLD_NOT_SEEN, FlagKind.HOLD_RESTING)


@dataclass(frozen=True)
class StillHeld:
    """The hold goes on; the coach asks again then (None: no reminder time to ask at)."""

    answer: SeenAnswer
    ask_again: datetime | None
    zone: str


@dataclass(frozen=True)
class Cleared:
    """The hold is over: the plan goes on in ``phase``, easing back in, from today's session."""

    answer: SeenAnswer
    phase: int
    first_session: SessionPlan


async def open_hold(work: Work, state: PlanState, *, reason: HoldReason) -> None:
    """Put the plan on hold now and ask "have you been seen?" at the next reminder time."""
    if not await safety_holds.open_hold(
        work.session, user_id=state.user_id, since=work.now, reason=reason
    ):
        return
    await _ask_at_reminder_time(work, state, on=None)


async def report_problem(work: Work, *, user_id: int) -> PlanState:
    """A warning sign or pain of 7/10 or more reported with /problem or in words: hold now."""
    state = await plan_of(work, user_id=user_id)
    await plans.record_flag(
        work.session,
        user_id=user_id,
        kind=FlagKind.RED_FLAG,
        local_date=work.today_in(state.timezone),
        now=work.now,
        detail="reported",
    )
    await open_hold(work, state, reason=HoldReason.WARNING_SIGN)
    return await plan_after_change(work, state)


async def answer_seen(work: Work, *, user_id: int, answer: SeenAnswer) -> StillHeld | Cleared:
    """Take the answer to "have you been seen?": keep holding and ask again, or go on."""
    state = await plan_of(work, user_id=user_id)
    if state.hold_since is None:
        raise Refusal(Reason.NOT_ON_HOLD)
    today = work.today_in(state.timezone)
    await plans.record_flag(
        work.session, user_id=user_id, kind=_ANSWER_FLAGS[answer], local_date=today, now=work.now
    )
    if answer in (SeenAnswer.NOT_YET, SeenAnswer.RESTING):
        earlier = await safety_holds.answers_since(
            work.session, user_id=user_id, since=state.hold_since, kinds=_WAITING
        )
        first = answer is SeenAnswer.NOT_YET and earlier == 1  # the answer just recorded
        wait = FIRST_ASK_AGAIN if first else LATER_ASK_AGAIN
        ask_again = await _ask_at_reminder_time(work, state, on=today + wait)
        return StillHeld(answer, ask_again, state.timezone)
    await safety_holds.close_hold(
        work.session,
        user_id=user_id,
        ease_until=eased_until(today),
        first_look=work.now + TWO_DAYS_AFTER,
    )
    if answer is SeenAnswer.CLEARED_STEP_BACK:
        # On a professional's advice; in phase 1 the phase starts over.
        await plans.change_phase(
            work.session,
            user_id=user_id,
            to_phase=max(1, state.phase - 1),
            reason=PhaseChangeReason.STEP_BACK,
            local_date=today,
            now=work.now,
        )
    await replan_from(work.session, user_id=user_id, zone_name=state.timezone, now=work.now)
    state = await plan_after_change(work, state)
    return Cleared(answer, state.phase, await session_plan(work, state, SessionRef(today, 1)))


async def _ask_at_reminder_time(
    work: Work, state: PlanState, *, on: date | None
) -> datetime | None:
    """Plan the question at the first reminder time of a local day (None: the next one)."""
    times = await users.reminder_times(work.session, user_id=state.user_id)
    if not times:
        return None
    zone = ZoneInfo(state.timezone)
    if on is None:
        due = min(next_due_after(at, zone, work.now) for at in times)
    else:
        due = resolve_local(on, min(times), zone)
    await safety_holds.plan_question(work.session, user_id=state.user_id, due=due, zone=zone)
    return due
