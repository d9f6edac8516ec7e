"""Showing up and taking breaks: activity that resets the nudge ladder, pauses and resuming."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.plan_position import loadable_plan, plan_of
from coach.refusals import Reason, Refusal
from coach.work import Work
from scheduler.due import next_due_after
from scheduler.nudges import TWO_DAYS_AFTER
from scheduler.planning import replan_from
from storage import activity, users
from storage.models import UserStatus


@dataclass(frozen=True)
class Paused:
    """A pause that started: until when (None: until resumed), in the person's zone."""

    until: datetime | None
    zone: str


async def note_activity(work: Work, *, user_id: int) -> None:
    """Record that the person is active; someone who had lapsed or blocked the bot is back."""
    before = await activity.touch(
        work.session, user_id=user_id, now=work.now, first_look=work.now + TWO_DAYS_AFTER
    )
    if before in (UserStatus.LAPSED, UserStatus.BLOCKED):
        zone = await activity.zone_of(work.session, user_id=user_id)
        if zone is not None:
            # Slots that passed while reminders were stopped are not owed.
            await replan_from(work.session, user_id=user_id, zone_name=zone, now=work.now)


async def pause(work: Work, *, user_id: int, days: int | None) -> Paused:
    """Stop reminders and nudges for some days, or until resumed (days None)."""
    state = await plan_of(work, user_id=user_id)
    until = None if days is None else work.now + timedelta(days=days)
    if not await activity.pause(work.session, user_id=user_id, now=work.now, until=until):
        raise Refusal(Reason.NOT_SET_UP)
    return Paused(until, state.timezone)


async def resume(work: Work, *, user_id: int) -> time | None:
    """End a pause now and re-plan from now; return the first reminder time to come, if any."""
    state = await loadable_plan(work, user_id=user_id)
    resumed = await activity.resume(
        work.session, user_id=user_id, now=work.now, first_look=work.now + TWO_DAYS_AFTER
    )
    if not resumed:
        raise Refusal(Reason.NOT_PAUSED)
    await replan_from(work.session, user_id=user_id, zone_name=state.timezone, now=work.now)
    times = await users.reminder_times(work.session, user_id=user_id)
    zone = ZoneInfo(state.timezone)
    return min(times, key=lambda at: next_due_after(at, zone, work.now)) if times else None
