"""When each person's weekly summary is due: Sunday, local time, outside quiet hours.

Never spam (issue 14): the summary keeps three hours (``message_budget.SPACING``) from every
reminder, so a Sunday with a 19:00 session gets its summary in the afternoon, not on top of it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.due import next_due_after
from scheduler.message_budget import SPACING
from scheduler.quiet_hours import QuietHours
from storage import reminders, users
from storage.reminders import MessageKind, SummaryTarget

SUMMARY = MessageKind.SUMMARY
SUNDAY = 6
# The summary comes as near this local time as the reminders allow, between the two bounds.
DEFAULT_EVENING = time(19, 0)
EARLIEST, LATEST = time(9, 0), time(21, 0)
_STEP_MINUTES = 15


def summary_time(reminder_times: Collection[time], quiet: QuietHours) -> time:
    """The local time of the summary: the one nearest 19:00 (the earlier of two as near) that
    is three hours or more from every reminder and outside quiet hours; 19:00 if none is."""
    wanted = _minutes(DEFAULT_EVENING)
    spacing = SPACING.total_seconds() // 60
    candidates = [
        minute
        for minute in range(_minutes(EARLIEST), _minutes(LATEST) + 1, _STEP_MINUTES)
        if all(abs(minute - _minutes(at)) >= spacing for at in reminder_times)
        and not quiet.contains(time(minute // 60, minute % 60))
    ]
    if not candidates:
        return DEFAULT_EVENING
    best = min(candidates, key=lambda minute: (abs(minute - wanted), minute))
    return time(best // 60, best % 60)


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def next_summary(
    *, after: datetime, zone: ZoneInfo, evening: time, quiet: QuietHours
) -> tuple[datetime, str]:
    """Return when the next weekly summary is due (UTC) and its ISO-week slot, e.g. 2026-W48."""
    due = next_due_after(evening, zone, after)
    while due.astimezone(zone).weekday() != SUNDAY:
        due = next_due_after(evening, zone, due)
    year, week, _ = due.astimezone(zone).isocalendar()
    return quiet.next_allowed(due, zone), f"{year}-W{week:02d}"


async def plan_summary(
    session: AsyncSession,
    target: SummaryTarget,
    *,
    after: datetime,
    default_quiet: QuietHours,
) -> None:
    """Plan the person's next weekly summary after an instant (nothing if one is planned)."""
    zone = ZoneInfo(target.timezone)
    quiet = default_quiet
    if target.quiet_start is not None and target.quiet_end is not None:
        quiet = QuietHours(target.quiet_start, target.quiet_end)
    times = await users.reminder_times(session, user_id=target.user_id)
    due, slot = next_summary(
        after=after, zone=zone, evening=summary_time(times, quiet), quiet=quiet
    )
    await reminders.add_pending(
        session, user_id=target.user_id, kind=SUMMARY, slot=slot, due_at=due
    )


async def plan_summary_for(
    session: AsyncSession, *, user_id: int, now: datetime, default_quiet: QuietHours
) -> None:
    """Plan a person's first (or next) weekly summary, if they want one and have none planned."""
    for target in await reminders.summaries_to_plan(session, kind=SUMMARY, user_id=user_id):
        await plan_summary(session, target, after=now, default_quiet=default_quiet)


async def replan_summary(
    session: AsyncSession, *, user_id: int, now: datetime, default_quiet: QuietHours
) -> None:
    """Plan the next summary afresh after a change of zone, times, quiet hours or the switch."""
    await reminders.drop_pending(session, user_id=user_id, kind=SUMMARY)
    await plan_summary_for(session, user_id=user_id, now=now, default_quiet=default_quiet)
