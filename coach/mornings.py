"""The next-morning check: how the thigh feels the day after a session (pain-monitoring model)."""

from __future__ import annotations

from datetime import date

from coach.day_record import SessionRef
from coach.plan_position import loadable_plan, pain_limit, plan_after_change
from coach.refusals import Reason, Refusal
from coach.session_log import PainFeedback, StepCause, step_back_if
from coach.today import SessionPlan, session_plan
from coach.work import Work
from rehab.pain import MORNING_WINDOW, MorningResponse, judge_morning
from storage import check_ins


async def answer_morning(
    work: Work, *, user_id: int, day: date, response: MorningResponse
) -> tuple[PainFeedback, SessionPlan]:
    """Store this morning's answer and apply the next-morning rule; return the verdict and
    today's first session as it is now (lighter after a step back)."""
    state = await loadable_plan(work, user_id=user_id)
    today = work.today_in(state.timezone)
    if day != today:
        raise Refusal(Reason.MORNING_PASSED)
    # Only answers since the last phase change count, so one bad week does not step back twice.
    earlier = await check_ins.mornings_since(
        work.session,
        user_id=user_id,
        since=today - MORNING_WINDOW,
        answered_after=state.phase_changed_at,
    )
    await check_ins.record_morning(
        work.session, user_id=user_id, local_date=today, response=response, now=work.now
    )
    verdict = judge_morning(response, today=today, earlier=earlier)
    feedback = await step_back_if(
        work, state, PainFeedback(verdict, pain_limit(state)), cause=StepCause.WORSE_MORNINGS
    )
    after = await plan_after_change(work, state)
    return feedback, await session_plan(work, after, SessionRef(today, 1))
