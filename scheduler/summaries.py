"""When each person's weekly summary is due: Sunday evening, local time, outside quiet hours."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.due import next_due_after
from scheduler.quiet_hours import QuietHours
from storage import reminders, users
from storage.reminders import MessageKind, SummaryTarget

SUMMARY = MessageKind.SUMMARY
SUNDAY = 6
# Without a reminder in the evening, the summary comes at this local time.
DEFAULT_EVENING = time(19, 0)
EVENING_STARTS = time(17, 0)


def evening_time(reminder_times: list[time]) -> time:
    """The person's evening: their last reminder time if it is in the evening, else 19:00."""
    latest = max(reminder_times, default=DEFAULT_EVENING)
    return latest if latest >= EVENING_STARTS else DEFAULT_EVENING


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
    due, slot = next_summary(after=after, zone=zone, evening=evening_time(times), quiet=quiet)
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
