"""Small factories that put people into a real database the way onboarding does."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rehab.injury import Onset
from scheduler.due import next_due_after
from storage import users

_next_id = 1000


def new_user_id() -> int:
    """Return a Telegram-like user id not used before in this run."""
    global _next_id  # noqa: PLW0603 (a counter for unique ids is all this is)
    _next_id += 1
    return _next_id


async def onboarded_user(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    now: datetime,
    zone: str = "Europe/London",
    reminder: time = time(8, 0),
    onset: Onset = Onset.SUDDEN,
    injury_date: date | None = None,
    user_id: int | None = None,
) -> int:
    """Create a person who has finished onboarding and return their id."""
    user_id = user_id or new_user_id()
    local_today = now.astimezone(ZoneInfo(zone)).date()
    async with sessionmaker() as session, session.begin():
        await users.start_onboarding(session, user_id=user_id, chat_id=user_id, now=now)
        await users.save_onset(session, user_id=user_id, onset=onset)
        await users.save_timezone(session, user_id=user_id, zone_name=zone)
        await users.save_injury_date(session, user_id=user_id, day=injury_date or local_today)
        await users.finish_onboarding(
            session,
            user_id=user_id,
            slots=[(reminder, next_due_after(reminder, ZoneInfo(zone), now))],
            today=local_today,
            now=now,
        )
    return user_id
