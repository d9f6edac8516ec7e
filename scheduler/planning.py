"""Re-planning a person's future reminder slots after their situation changed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.due import next_due_after
from storage import reminders, safety_holds, users


async def replan_from(
    session: AsyncSession, *, user_id: int, zone_name: str, now: datetime
) -> None:
    """Set every slot of a person to its next occurrence after now, skipping what lies behind.

    A plan on hold keeps its slots parked: nothing is loaded until a professional has been seen;
    so does weekly maintenance, which has no daily sessions.
    """
    if await safety_holds.no_daily_sessions(session, user_id=user_id):
        await reminders.park_slots(session, user_id=user_id)
        return
    zone = ZoneInfo(zone_name)
    await reminders.move_slots(
        session,
        {
            schedule.id: next_due_after(schedule.local_time, zone, now)
            for schedule in await users.schedules_of(session, user_id=user_id)
        },
    )


# After the last phase, one session a week (the Nordic exercise protects while it is kept up:
# at least every three weeks, van Dyk 2019).
MAINTENANCE_EVERY = timedelta(weeks=1)


async def plan_maintenance(
    session: AsyncSession, *, user_id: int, zone_name: str, after: datetime
) -> datetime | None:
    """Plan the next weekly session a week after ``after``, at the first reminder time."""
    times = await users.reminder_times(session, user_id=user_id)
    if not times:
        return None
    zone = ZoneInfo(zone_name)
    # An hour less than a week: the first reminder time a week on, whatever the clocks did.
    due = next_due_after(min(times), zone, after + MAINTENANCE_EVERY - timedelta(hours=1))
    await reminders.add_pending(
        session,
        user_id=user_id,
        kind=reminders.MessageKind.MAINTENANCE,
        slot=reminders.slot_key(due.astimezone(zone).date(), 1),
        due_at=due,
    )
    return due
