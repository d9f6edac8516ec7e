"""How many messages the bot may send someone unasked: never spam (DESIGN, the mission).

At most two unsolicited messages a local day (three with two sessions a day), and none within
three hours of another. Reminders keep their times; what waits is a nudge, which goes once the
budget allows it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

SPACING = timedelta(hours=3)


def daily_cap(sessions_per_day: int) -> int:
    """Unsolicited messages a local day: two, or three with two sessions a day."""
    return 2 if sessions_per_day <= 1 else 3


def next_allowed(
    sent_at: Sequence[datetime], *, now: datetime, zone: ZoneInfo, sessions_per_day: int
) -> datetime:
    """The first instant from ``now`` at which one more unsolicited message may go, given the
    instants of those sent already (any order)."""
    allowed = now
    if sent_at:
        allowed = max(allowed, max(sent_at) + SPACING)
    local_day = allowed.astimezone(zone).date()
    today = [at for at in sent_at if at.astimezone(zone).date() == local_day]
    if len(today) >= daily_cap(sessions_per_day):
        tomorrow = datetime.combine(local_day + timedelta(days=1), time(0), tzinfo=zone)
        allowed = max(allowed, tomorrow)
    return allowed
