"""The criteria check that moves a person to the next phase, one question at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach import maintenance
from coach.day_record import SessionRef, day_record
from coach.plan_position import (
    build_up_began,
    loadable_plan,
    pain_limit,
    phase_of,
    plan_after_change,
    plan_of,
    track_of,
)
from coach.refusals import Reason, Refusal
from coach.today import SessionPlan, session_plan
from coach.work import Work
from rehab.encouragement import Situation, Word
from rehab.progression import Decision, NotReady, Outcome, PhaseSoFar, not_ready, try_advance
from rehab.protocol import Phase
from storage import plans
from storage.check_ins import DONE_OUTCOMES
from storage.models import PhaseChangeReason
from storage.plans import PlanState

_PHASE_REASONS = {
    Outcome.ADVANCED: PhaseChangeReason.ADVANCE,
    Outcome.COMPLETED: PhaseChangeReason.COMPLETE,
}


@dataclass(frozen=True)
class NextQuestion:
    """The check goes on: ask criterion ``index`` of the phase."""

    phase: Phase
    index: int


@dataclass(frozen=True)
class Decided:
    """The check is over: the decision, the plan after it, and the new routine if it advanced."""

    decision: Decision
    state: PlanState
    routine: SessionPlan | None
    # A new phase's word, or a check not passed yet's (rehab.encouragement).
    word: Word | None = None


async def answer_criterion(
    work: Work, *, user_id: int, phase_number: int, answers: tuple[bool, ...]
) -> NextQuestion | Decided:
    """Take the answers so far of a phase's check: ask the next criterion, or decide.

    The phase and the answers travel with the request, so a check from before a phase change
    is refused as out of date.
    """
    state = await loadable_plan(work, user_id=user_id)
    phase = phase_of(state)
    stale = phase_number != state.phase or state.maintenance_since is not None
    if stale or len(answers) > len(phase.criteria):
        raise Refusal(Reason.CHECK_OUT_OF_DATE)
    today = work.today_in(state.timezone)
    # Asked before the first question and again before deciding: a session may come between.
    if not answers or len(answers) == len(phase.criteria):
        await _refuse_unless_ready(work, state, today)
    if len(answers) < len(phase.criteria):
        return NextQuestion(phase, len(answers))
    answered = {c.key: a for c, a in zip(phase.criteria, answers, strict=True)}
    failed_before = await plans.count_checks(
        work.session, user_id=user_id, outcome=Outcome.CRITERIA_MISSING.value
    )
    decision = try_advance(
        track_of(state),
        phase=state.phase,
        started_on=state.phase_started_on,
        today=max(today, state.phase_started_on),
        answers=answered,
    )
    await plans.record_check(
        work.session,
        user_id=user_id,
        phase=state.phase,
        answers=tuple(answered.items()),
        outcome=decision.outcome.value,
        local_date=today,
        now=work.now,
    )
    if decision.outcome is Outcome.CRITERIA_MISSING:
        await plans.save_check_again_on(work.session, user_id=user_id, day=decision.retry_on)
    reason = _PHASE_REASONS.get(decision.outcome)
    if reason is not None:
        await plans.change_phase(
            work.session,
            user_id=user_id,
            to_phase=decision.phase,
            reason=reason,
            local_date=today,
            now=work.now,
        )
    routine = None
    if decision.outcome is Outcome.COMPLETED:
        await maintenance.begin(work, state)
        state = await plan_after_change(work, state)
    if decision.outcome is Outcome.ADVANCED:
        state = await plan_after_change(work, state)
        routine = await session_plan(work, state, SessionRef(today, 1))
    return Decided(decision, state, routine, _word(decision, failed_before=failed_before))


def _word(decision: Decision, *, failed_before: int) -> Word | None:
    """A new phase's word follows the phase; a check not passed yet, the ones before it."""
    if decision.outcome is Outcome.ADVANCED:
        return Word(Situation.PHASE_CHANGE, decision.phase)
    if decision.outcome is Outcome.CRITERIA_MISSING:
        return Word(Situation.NOT_YET, failed_before)
    return None


_NOT_READY = {
    NotReady.AFTER_FAILED_CHECK: Reason.CHECK_AFTER_FAILED,
    NotReady.RECENT_PAIN: Reason.CHECK_AFTER_PAIN,
    NotReady.TOO_FEW_SESSIONS: Reason.CHECK_TOO_FEW_SESSIONS,
    NotReady.BUILD_UP_UNFINISHED: Reason.CHECK_BEFORE_BUILD_UP_ENDS,
}


async def _refuse_unless_ready(work: Work, state: PlanState, today: date) -> None:
    """Refuse a check that cannot start yet, saying why (the rules: ``rehab.progression``)."""
    record = await day_record(work.session, state, today)
    limit = pain_limit(state)
    in_phase = [e for e in record.logged if state.phase_started_on <= e.local_date]
    above = [e.local_date for e in in_phase if e.pain is not None and e.pain > limit]
    so_far = PhaseSoFar(
        started_on=state.phase_started_on,
        sessions_per_day=state.sessions_per_day,
        sessions_done=sum(e.outcome in DONE_OUTCOMES and e.local_date < today for e in in_phase),
        last_day_above_limit=max(above, default=None),
        retry_from=state.check_again_on,
        build_up_began=build_up_began(state),
    )
    refused = not_ready(track_of(state), phase=state.phase, so_far=so_far, today=today)
    if refused is None:
        return
    if refused.reason is NotReady.TOO_EARLY:
        phase = phase_of(state)
        raise Refusal(
            Reason.TOO_EARLY_TO_CHECK, day=state.phase_started_on, min_days=phase.min_days
        )
    raise Refusal(_NOT_READY[refused.reason], day=refused.retry_on)


@dataclass(frozen=True)
class Standing:
    """Where a person is in their plan on their local today."""

    state: PlanState
    today: date


async def standing(work: Work, *, user_id: int) -> Standing:
    """The person's plan and their local today, for the overview of /plan."""
    state = await plan_of(work, user_id=user_id)
    return Standing(state, work.today_in(state.timezone))
