"""Where a person stands in the protocol: their track, phase, day in phase and pain limit."""

from __future__ import annotations

from datetime import date, timedelta

from coach.refusals import Reason, Refusal
from coach.work import Work
from rehab.content import load_protocol
from rehab.pain import DEFAULT_PAIN_LIMIT
from rehab.protocol import Phase, Track
from storage import plans
from storage.plans import PlanState

# After a hold or a step back, the routines of this many days ask to go easy.
EASE_DAYS = 3


def eased_until(today: date) -> date:
    """The last day of easing in that starts today."""
    return today + timedelta(days=EASE_DAYS - 1)


async def plan_of(work: Work, *, user_id: int) -> PlanState:
    """The person's plan; a NOT_SET_UP refusal if they have none yet."""
    state = await plans.plan_state(work.session, user_id=user_id)
    if state is None:
        raise Refusal(Reason.NOT_SET_UP)
    return state


async def loadable_plan(work: Work, *, user_id: int) -> PlanState:
    """The plan of a person who may exercise now; refused while the plan is on hold."""
    state = await plan_of(work, user_id=user_id)
    refuse_if_on_hold(state)
    return state


def refuse_if_on_hold(state: PlanState) -> None:
    """Refuse whatever would load the hamstring while the plan is on hold."""
    if state.hold_day is not None:
        raise Refusal(Reason.ON_HOLD, day=state.hold_day)


async def plan_after_change(work: Work, state: PlanState) -> PlanState:
    """The plan read again after this unit of work changed it."""
    return await plans.plan_state(work.session, user_id=state.user_id) or state


def track_of(state: PlanState) -> Track:
    """The person's track."""
    return load_protocol().track(state.onset)


def phase_of(state: PlanState) -> Phase:
    """The phase the person is in."""
    return track_of(state).phase(state.phase)


def build_up_began(state: PlanState) -> date:
    """The day the build-ups of the person's phase began: the last entry into the first phase
    up to this one that prescribes a build-up (this phase's start if none did)."""
    track = track_of(state)
    for number in range(1, state.phase):
        if any(p.build_up is not None for p in track.phase(number).prescriptions):
            return state.entered_phase(number) or state.phase_started_on
    return state.phase_started_on


def pain_limit(state: PlanState) -> int:
    """The person's agreed pain limit, or their track's default."""
    return DEFAULT_PAIN_LIMIT[state.onset] if state.pain_limit is None else state.pain_limit


def day_in_phase(state: PlanState, day: date) -> int:
    """Days since the phase began (0 on its first day; earlier days count as day 0)."""
    return max(0, (day - state.phase_started_on).days)
