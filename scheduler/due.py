"""Due-time arithmetic: when a daily wall-clock time happens, in UTC, in a person's zone.

Everything here is pure: instants come in as arguments and nothing reads the clock. Local time is
computed from the wall time and the IANA zone every time (design decision 4), so a changed offset
(daylight saving, a country moving across the date line) never leaves a stale instant behind.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# One more than the widest window a daily time can move by: days around the local date of a
# given instant whose resolved time may be the one we want. Gaps of a full day (Pacific/Apia,
# 2011-12-30) push a day's time onto the next date, so look two days back and three ahead.
_DAYS_BACK = 2
_DAYS_AHEAD = 3

_RESOLUTION = timedelta(microseconds=1)
# Two sessions a day need time between them to be two sessions.
MIN_GAP_BETWEEN_SESSIONS = timedelta(hours=3)


def resolve_local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """Return the UTC instant of wall time `at` on local date `day` in `zone`."""
    wall = _naive_wall(day, at)
    # PEP 495: fold=0 reads the wall time with the offset in force before a transition, fold=1
    # with the one after; for an ordinary time both give the same instant.
    by_old_offset = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    by_new_offset = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    readings = (by_old_offset, by_new_offset)
    real = [instant for instant in readings if _wall_of(instant, zone) == wall]
    if real:
        # A repeated wall time (fall back) fires on its first occurrence only.
        return min(real)
    # The wall time falls in a gap: neither reading shows it on the clock. The gap ends between
    # the two readings, at the first instant whose wall clock is at or past the wanted time.
    return _first_instant_showing(wall, zone, min(readings), max(readings))


def next_due_after(at: time, zone: ZoneInfo, after: datetime) -> datetime:
    """Return the first resolved instant of daily wall time `at` strictly later than `after`."""
    _require_aware(after, "after")
    local_day = after.astimezone(zone).date()
    # Take the earliest candidate rather than the first day that qualifies, so the answer does not
    # depend on resolved instants growing with the date around odd transitions.
    candidates = (
        resolve_local(local_day + timedelta(days=offset), at, zone)
        for offset in range(-_DAYS_BACK, _DAYS_AHEAD + 1)
    )
    return min(instant for instant in candidates if instant > after)


def slot_date(due: datetime, at: time, zone: ZoneInfo) -> date:
    """Return the local date whose wall time `at` resolves to `due` in `zone`."""
    _require_aware(due, "due")
    local_day = due.astimezone(zone).date()
    # A gap can move a day's time onto a later date, so look back too. Latest first: when two
    # dates resolve to one instant (a whole day skipped), the date that exists keeps the slot.
    for offset in range(_DAYS_BACK + 1):
        day = local_day - timedelta(days=offset)
        if resolve_local(day, at, zone) == due:
            return day
    # Not an instant computed from `at` (the reminder time or the zone rules changed since):
    # the date on the local calendar is still the day it belongs to.
    return local_day


def _naive_wall(day: date, at: time) -> datetime:
    """Combine a local date and wall time, refusing a time that carries its own zone."""
    if at.tzinfo is not None:
        raise ValueError("the wall time must be naive; the zone is passed separately")
    return datetime.combine(day, at.replace(fold=0))


def _wall_of(instant: datetime, zone: ZoneInfo) -> datetime:
    """Return the naive wall-clock reading of an instant in a zone."""
    return instant.astimezone(zone).replace(tzinfo=None, fold=0)


def _first_instant_showing(
    wall: datetime, zone: ZoneInfo, low: datetime, high: datetime
) -> datetime:
    """Binary-search the first instant in [low, high] whose wall clock is at or past `wall`."""
    # Invariant: the clock at `low` shows less than `wall` and at `high` at least `wall`. Search
    # by the microsecond, so gaps of any size and transitions at any second come out exact.
    if _wall_of(low, zone) >= wall:
        return low
    while high - low > _RESOLUTION:
        middle = low + (high - low) // 2
        if _wall_of(middle, zone) >= wall:
            high = middle
        else:
            low = middle
    return high


def _require_aware(instant: datetime, name: str) -> None:
    """Refuse a naive datetime: without an offset it is not an instant."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def far_enough(first: time, second: time) -> bool:
    """The second session comes at least a few hours after the first, the same day."""
    day = date(2000, 1, 1)
    return _naive_wall(day, second) - _naive_wall(day, first) >= MIN_GAP_BETWEEN_SESSIONS


# The latest first session that still leaves room for a second one the same day.
LATEST_FIRST_OF_TWO = (
    datetime.combine(date(2000, 1, 1), time(23, 59)) - MIN_GAP_BETWEEN_SESSIONS
).time()


def earliest_second(first: time) -> time | None:
    """The earliest time a second session may come after the first, or None past the latest."""
    if first > LATEST_FIRST_OF_TWO:
        return None
    return (datetime.combine(date(2000, 1, 1), first) + MIN_GAP_BETWEEN_SESSIONS).time()
