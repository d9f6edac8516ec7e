"""How many messages the bot may send someone unasked: never spam (DESIGN, the mission).

At most two unsolicited messages a local day (three with two sessions a day), and none within
three hours of another. Reminders keep their times (and the weekly summary keeps three hours
from them, ``scheduler.summaries``); what waits is a nudge, which goes once the budget allows
it again - also not in the three hours before a message already planned: the reminder coming
says the word about missed sessions itself.
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
    sent_at: Sequence[datetime],
    *,
    now: datetime,
    zone: ZoneInfo,
    sessions_per_day: int,
    planned: Sequence[datetime] = (),
) -> datetime:
    """The first instant from ``now`` at which one more unsolicited message may go, given the
    instants of those sent already and of those ``planned`` (reminders, summaries; any order)."""
    sent, waiting = list(sent_at), list(planned)
    allowed = now
    while True:
        if sent:
            allowed = max(allowed, max(sent) + SPACING)
        local_day = allowed.astimezone(zone).date()
        today = [at for at in sent if at.astimezone(zone).date() == local_day]
        if len(today) >= daily_cap(sessions_per_day):
            tomorrow = datetime.combine(local_day + timedelta(days=1), time(0), tzinfo=zone)
            allowed = max(allowed, tomorrow)
        near = [at for at in waiting if at < allowed + SPACING]
        if not near:
            return allowed
        # Let the planned messages go first, and count them like ones sent.
        waiting = [at for at in waiting if at not in near]
        sent += near
