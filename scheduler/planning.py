"""Re-planning a person's future reminder slots after their situation changed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.due import next_due_after
from storage import reminders, safety_holds, users


async def replan_from(
    session: AsyncSession, *, user_id: int, zone_name: str, now: datetime
) -> None:
    """Set every slot of a person to its next occurrence after now, skipping what lies behind.

    A plan on hold keeps its slots parked: nothing is loaded until a professional has been seen.
    """
    if await safety_holds.on_hold(session, user_id=user_id):
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
