"""What people report about themselves outside a check-in that changes their routine: walking
is pain-free (the standing lengthening exercises may start), what aggravated the hamstring."""

from __future__ import annotations

from coach.day_record import SessionRef
from coach.plan_position import loadable_plan, plan_after_change
from coach.refusals import Reason, Refusal
from coach.session_log import loggable
from coach.today import SessionPlan, session_plan
from coach.work import Work
from rehab.aggravation import Aggravator
from rehab.injury import Onset
from storage import check_ins, plans
from storage.check_ins import DONE_OUTCOMES
from storage.models import FlagKind


async def report_walking_pain_free(work: Work, *, user_id: int, ref: SessionRef) -> SessionPlan:
    """Keep that the person walks at a normal stride without pain (once); return the session
    the report was made under, as it is now."""
    state = await loadable_plan(work, user_id=user_id)
    if state.walking_pain_free_on is None:
        await plans.record_flag(
            work.session,
            user_id=user_id,
            kind=FlagKind.WALKING_PAIN_FREE,
            local_date=work.today_in(state.timezone),
            now=work.now,
        )
        state = await plan_after_change(work, state)
    return await session_plan(work, state, ref)


async def asks_what_aggravated(work: Work, *, user_id: int, ref: SessionRef) -> bool:
    """Whether to ask what aggravated it after this session: on the gradual track, after a
    session done or partly done, once a day."""
    state = await loadable_plan(work, user_id=user_id)
    if state.onset is not Onset.GRADUAL or state.maintenance_since is not None:
        return False
    logged = await check_ins.check_ins_on(work.session, user_id=user_id, local_date=ref.day)
    done = any(e.session == ref.session and e.outcome in DONE_OUTCOMES for e in logged)
    answered = await plans.flags_on(
        work.session, user_id=user_id, kind=FlagKind.AGGRAVATED, local_date=ref.day
    )
    return done and not answered


async def report_aggravation(
    work: Work, *, user_id: int, ref: SessionRef, what: Aggravator
) -> None:
    """Keep what aggravated the hamstring after a session (one answer a day; a second press
    of the same answer changes nothing, another answer replaces it)."""
    state = await loadable_plan(work, user_id=user_id)
    await loggable(work, user_id=user_id, ref=ref)
    if state.onset is not Onset.GRADUAL:
        raise Refusal(Reason.EXPIRED)
    await plans.replace_flag(
        work.session,
        user_id=user_id,
        kind=FlagKind.AGGRAVATED,
        local_date=ref.day,
        now=work.now,
        detail=what.value,
    )
