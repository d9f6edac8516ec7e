"""The criteria check that moves a person to the next phase, one question at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.day_record import SessionRef
from coach.plan_position import (
    day_in_phase,
    loadable_plan,
    phase_of,
    plan_after_change,
    plan_of,
    refuse_if_on_hold,
    track_of,
)
from coach.refusals import Reason, Refusal
from coach.today import SessionPlan, session_plan
from coach.work import Work
from rehab.progression import Decision, Outcome, try_advance
from rehab.protocol import Phase
from storage import plans
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


async def answer_criterion(
    work: Work, *, user_id: int, phase_number: int, answers: tuple[bool, ...]
) -> NextQuestion | Decided:
    """Take the answers so far of a phase's check: ask the next criterion, or decide.

    The phase and the answers travel with the request, so a check from before a phase change
    is refused as out of date.
    """
    state = await loadable_plan(work, user_id=user_id)
    phase = phase_of(state)
    if phase_number != state.phase or len(answers) > len(phase.criteria):
        raise Refusal(Reason.CHECK_OUT_OF_DATE)
    today = work.today_in(state.timezone)
    if not answers and day_in_phase(state, today) < phase.min_days:
        raise Refusal(
            Reason.TOO_EARLY_TO_CHECK, day=state.phase_started_on, min_days=phase.min_days
        )
    if len(answers) < len(phase.criteria):
        return NextQuestion(phase, len(answers))
    decision = try_advance(
        track_of(state),
        phase=state.phase,
        started_on=state.phase_started_on,
        today=max(today, state.phase_started_on),
        answers={c.key: a for c, a in zip(phase.criteria, answers, strict=True)},
    )
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
    if decision.outcome is Outcome.ADVANCED:
        state = await plan_after_change(work, state)
        routine = await session_plan(work, state, SessionRef(today, 1))
    return Decided(decision, state, routine)


@dataclass(frozen=True)
class Standing:
    """Where a person is in their plan on their local today."""

    state: PlanState
    today: date
    # The local day a safety hold began, while there is one.
    on_hold_since: date | None


async def standing(work: Work, *, user_id: int) -> Standing:
    """The person's plan and their local today, for the overview of /plan."""
    state = await plan_of(work, user_id=user_id)
    try:
        refuse_if_on_hold(state)
    except Refusal as refusal:
        return Standing(state, work.today_in(state.timezone), refusal.day)
    return Standing(state, work.today_in(state.timezone), None)
