"""After the last phase: a weekly maintenance session instead of daily routines, and the
question whether a professional has signed off the return to full sport."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coach.plan_position import plan_of
from coach.refusals import Reason, Refusal
from coach.work import Work
from scheduler.planning import plan_maintenance
from storage import maintenance, plans
from storage.models import FlagKind
from storage.plans import PlanState


async def begin(work: Work, state: PlanState) -> datetime | None:
    """Stop the daily routines and plan the first weekly session, a week from now."""
    today = work.today_in(state.timezone)
    await maintenance.begin(work.session, user_id=state.user_id, since=today)
    return await plan_maintenance(
        work.session, user_id=state.user_id, zone_name=state.timezone, after=work.now
    )


@dataclass(frozen=True)
class WeeklySessions:
    """The weekly sessions switched: when the next one comes (None: stopped), in which zone."""

    next_due: datetime | None
    zone: str


async def set_weekly(work: Work, *, user_id: int, on: bool) -> WeeklySessions:
    """Stop the weekly sessions, or start them again."""
    state = await plan_of(work, user_id=user_id)
    if state.maintenance_since is None:
        raise Refusal(Reason.NOT_IN_MAINTENANCE)
    await maintenance.set_weekly(work.session, user_id=user_id, on=on)
    due = None
    if on:
        due = await plan_maintenance(
            work.session, user_id=user_id, zone_name=state.timezone, after=work.now
        )
    return WeeklySessions(due, state.timezone)


async def sign_off(work: Work, *, user_id: int, signed: bool) -> None:
    """Record whether a professional has signed off the return to full sport."""
    state = await plan_of(work, user_id=user_id)
    if state.maintenance_since is None:
        raise Refusal(Reason.NOT_IN_MAINTENANCE)
    await plans.record_flag(
        work.session,
        user_id=user_id,
        kind=FlagKind.SPORT_SIGNED_OFF if signed else FlagKind.SPORT_NOT_SIGNED_OFF,
        local_date=work.today_in(state.timezone),
        now=work.now,
    )
