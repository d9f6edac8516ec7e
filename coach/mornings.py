"""The next-morning check: how the thigh feels the day after a session (pain-monitoring model)."""

from __future__ import annotations

from datetime import date

from coach.plan_position import loadable_plan, pain_limit, plan_after_change
from coach.refusals import Reason, Refusal
from coach.session_log import PainFeedback, step_back_if
from coach.work import Work
from rehab.pain import MORNING_WINDOW, MorningResponse, judge_morning
from storage import check_ins
from storage.plans import PlanState


async def answer_morning(
    work: Work, *, user_id: int, day: date, response: MorningResponse
) -> tuple[PainFeedback, PlanState]:
    """Store this morning's answer, apply the next-morning rule; return it and the plan after."""
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
    stepped = await step_back_if(work, state, verdict)
    feedback = PainFeedback(verdict=verdict, limit=pain_limit(state), stepped_back_to=stepped)
    return feedback, await plan_after_change(work, state)
