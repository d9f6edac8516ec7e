"""Quiet hours: the local wall-clock window in which only the person's own reminders go out.

Pure: instants come in as arguments. The window is read on the local wall clock of the person's
IANA zone, so it follows daylight saving: a quiet night that ends at 07:00 ends at 07:00 on the
clock whether the night was 7, 8 or 9 hours long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Self
from zoneinfo import ZoneInfo

_PATTERN = re.compile(r"\s*(\d{1,2}):(\d{2})\s*[-\u2013]\s*(\d{1,2}):(\d{2})\s*")
_FORMAT_HINT = "write it as HH:MM-HH:MM, e.g. 22:00-07:00 (the same time twice means none)"
# Offsets change at most once within hours of each other; scanning by the hour finds each change.
_SCAN_STEP = timedelta(hours=1)
_RESOLUTION = timedelta(microseconds=1)
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class QuietHours:
    """Local wall times from `start` (included) to `end` (excluded); across midnight if end < start.

    `start == end` means no quiet hours at all.
    """

    start: time = time(22)
    end: time = time(7)

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("quiet hours are local wall times: they must be naive")

    @classmethod
    def parse(cls, text: str) -> Self:
        """Read a settings value like "22:00-07:00", or raise ValueError saying how to write it."""
        match = _PATTERN.fullmatch(text)
        if match is None:
            raise ValueError(f"quiet hours {text!r} not understood: {_FORMAT_HINT}")
        hour_1, minute_1, hour_2, minute_2 = (int(part) for part in match.groups())
        return cls(
            start=_time_of_day(hour_1, minute_1, text), end=_time_of_day(hour_2, minute_2, text)
        )

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def contains(self, local: time) -> bool:
        """Tell whether a local wall time falls in the quiet window."""
        if local.tzinfo is not None:
            raise ValueError("pass the local wall time, naive; the zone is applied by the caller")
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_allowed(self, at: datetime, zone: ZoneInfo) -> datetime:
        """Return the first instant (UTC) at or after `at` whose wall clock in `zone` is not quiet.

        Between offset changes the wall clock runs evenly, so the window ends where the clock
        reaches `end`; an offset change on the way may jump the clock out of the window earlier
        (past `end` in a spring-forward gap, like resolve_local; or back before `start`).
        """
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError("at must be timezone-aware")
        instant = at.astimezone(UTC)
        while True:
            wall = instant.astimezone(zone)
            if not self.contains(wall.time()):
                return instant
            # Wall-clock distance to the end of the window, on an unchanging offset.
            to_end = (datetime.combine(wall.date(), self.end) - wall.replace(tzinfo=None)) % _DAY
            until = instant + to_end
            change = _first_offset_change(instant, until, zone)
            if change is None:
                return until
            instant = change


def _time_of_day(hour: int, minute: int, text: str) -> time:
    """Build a wall time from a parsed setting, naming the bad part if there is one."""
    if hour > 23 or minute > 59:
        raise ValueError(
            f"quiet hours {text!r}: {hour:02d}:{minute:02d} is not a time of day; {_FORMAT_HINT}"
        )
    return time(hour, minute)


def _first_offset_change(start: datetime, stop: datetime, zone: ZoneInfo) -> datetime | None:
    """Return the first instant in (start, stop] whose UTC offset in `zone` differs from start's."""
    before = start.astimezone(zone).utcoffset()
    low = start
    while low < stop:
        high = min(low + _SCAN_STEP, stop)
        if high.astimezone(zone).utcoffset() != before:
            # Invariant: `low` has the old offset, `high` a new one.
            while high - low > _RESOLUTION:
                middle = low + (high - low) // 2
                if middle.astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            return high
        low = high
    return None
