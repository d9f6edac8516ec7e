"""One unit of work: the database session of an update or job, and the moment it runs at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.quiet_hours import QuietHours


@dataclass(frozen=True)
class Work:
    """What every use case runs in: one session inside one transaction, at one instant."""

    session: AsyncSession
    now: datetime
    # Quiet hours for people who did not choose their own (the QUIET_HOURS setting).
    default_quiet: QuietHours

    def today_in(self, zone_name: str) -> date:
        """Today's date in a person's time zone."""
        return self.now.astimezone(ZoneInfo(zone_name)).date()
