"""Due-time arithmetic across daylight saving and date-line changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scheduler.due import next_due_after, resolve_local, slot_date

FAST = settings(max_examples=60, deadline=None, database=None)

# Zones with the awkward cases: one-hour shifts both ways in both hemispheres, half-hour shifts
# (Lord Howe), odd offsets (Chatham, St John's, Kolkata), transitions at midnight (Havana,
# Santiago, Asuncion), Ramadan suspensions (Casablanca), a skipped day (Apia), and none at all.
ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Pacific/Chatham",
    "America/St_Johns",
    "Asia/Kolkata",
    "America/Havana",
    "America/Santiago",
    "America/Asuncion",
    "Africa/Casablanca",
    "Asia/Tehran",
    "UTC",
]
# Local dates that never happened, per zone, within the years the properties cover.
UTC_ZONE = ZoneInfo("UTC")
MISSING_DATES = {"Pacific/Apia": {date(2011, 12, 30)}}

zones = st.sampled_from(ZONES).map(ZoneInfo)
wall_times = st.times()
instants = st.datetimes(
    min_value=datetime(2009, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive; timezones= applies
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """Build a UTC instant from its fields."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def is_utc(instant: datetime) -> bool:
    """Tell whether an instant is aware and expressed in UTC."""
    return instant.tzinfo is UTC


RESOLVED = [
    # (zone, local day, wall time, expected instant)
    pytest.param(
        "Europe/London", date(2026, 6, 1), time(7, 30), utc(2026, 6, 1, 6, 30), id="summer"
    ),
    pytest.param(
        "Europe/London", date(2026, 3, 29), time(1, 30), utc(2026, 3, 29, 1), id="lon-gap"
    ),
    pytest.param(
        "Europe/London", date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30), id="lon-twice"
    ),
    pytest.param(
        "America/New_York", date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7), id="ny-gap"
    ),
    pytest.param(
        "America/New_York", date(2026, 3, 8), time(2, 0), utc(2026, 3, 8, 7), id="ny-gap-start"
    ),
    pytest.param(
        "America/New_York", date(2026, 3, 8), time(3, 0), utc(2026, 3, 8, 7), id="ny-gap-end"
    ),
    pytest.param(
        "America/New_York", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30), id="ny-twice"
    ),
    pytest.param(
        "Australia/Sydney", date(2026, 10, 4), time(2, 30), utc(2026, 10, 3, 16), id="syd-gap"
    ),
    pytest.param(
        "Australia/Sydney", date(2026, 4, 5), time(2, 30), utc(2026, 4, 4, 15, 30), id="syd-twice"
    ),
    pytest.param(
        "Australia/Lord_Howe",
        date(2025, 10, 5),
        time(2, 10),
        utc(2025, 10, 4, 15, 30),
        id="lhi-gap",
    ),
    pytest.param(
        "Australia/Lord_Howe",
        date(2026, 4, 5),
        time(1, 45),
        utc(2026, 4, 4, 14, 45),
        id="lhi-twice",
    ),
    pytest.param(
        "Pacific/Apia", date(2011, 12, 29), time(9), utc(2011, 12, 29, 19), id="apia-before"
    ),
    pytest.param(
        "Pacific/Apia", date(2011, 12, 30), time(0), utc(2011, 12, 30, 10), id="apia-missing-0"
    ),
    pytest.param(
        "Pacific/Apia", date(2011, 12, 30), time(9), utc(2011, 12, 30, 10), id="apia-missing-9"
    ),
    pytest.param(
        "Pacific/Apia", date(2011, 12, 31), time(9), utc(2011, 12, 30, 19), id="apia-after"
    ),
]


@pytest.mark.parametrize(("zone", "day", "at", "expected"), RESOLVED)
def test_resolve_local(zone: str, day: date, at: time, expected: datetime) -> None:
    """A wall time resolves to its instant; in a gap to the gap's end; if repeated, to the first."""
    resolved = resolve_local(day, at, ZoneInfo(zone))
    assert resolved == expected
    assert is_utc(resolved)


# (zone, local day with a transition, reminder time in its gap or repeated hour)
TRANSITION_DAYS = [
    ("Europe/London", date(2026, 3, 29), time(1, 30)),
    ("Europe/London", date(2026, 10, 25), time(1, 30)),
    ("America/New_York", date(2026, 3, 8), time(2, 30)),
    ("America/New_York", date(2026, 11, 1), time(1, 30)),
    ("Australia/Sydney", date(2026, 10, 4), time(2, 30)),
    ("Australia/Sydney", date(2026, 4, 5), time(2, 30)),
    ("Australia/Lord_Howe", date(2025, 10, 5), time(2, 10)),
    ("Australia/Lord_Howe", date(2026, 4, 5), time(1, 45)),
]


@pytest.mark.parametrize(("zone", "day", "at"), TRANSITION_DAYS)
def test_daily_reminder_fires_once_on_transition_days(zone: str, day: date, at: time) -> None:
    """A daily reminder in a gap or a repeated hour fires once on that day and on each around it."""
    tz = ZoneInfo(zone)
    due = resolve_local(day - timedelta(days=3), at, tz)
    fired = []
    for _ in range(6):
        due = next_due_after(at, tz, due)
        fired.append(due)
    days = [slot_date(instant, at, tz) for instant in fired]
    assert days == [day + timedelta(days=offset) for offset in range(-2, 4)]
    assert fired[2] == resolve_local(day, at, tz)


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        pytest.param(utc(2011, 12, 29, 9, 59), utc(2011, 12, 29, 10), id="before-last-old-day"),
        pytest.param(utc(2011, 12, 29, 10), utc(2011, 12, 30, 10), id="into-the-missing-day"),
        pytest.param(utc(2011, 12, 30, 10), utc(2011, 12, 31, 10), id="after-the-missing-day"),
    ],
)
def test_next_due_after_across_apias_missing_day(after: datetime, expected: datetime) -> None:
    """A midnight reminder in Apia skips the day that never happened and fires on the next."""
    assert next_due_after(time(0), ZoneInfo("Pacific/Apia"), after) == expected


@pytest.mark.parametrize(
    ("at", "expected_day"),
    [
        pytest.param(time(0), date(2011, 12, 31), id="midnight-belongs-to-the-real-day"),
        pytest.param(time(9), date(2011, 12, 30), id="moved-time-keeps-its-day"),
    ],
)
def test_slot_date_of_a_time_moved_across_midnight(at: time, expected_day: date) -> None:
    """An instant a gap moved onto the next date still belongs to the day it was meant for."""
    apia = ZoneInfo("Pacific/Apia")
    assert slot_date(utc(2011, 12, 30, 10), at, apia) == expected_day


def test_slot_date_of_an_unrelated_instant_is_its_local_date() -> None:
    """An instant not computed from the reminder time belongs to its date on the local calendar."""
    assert slot_date(utc(2026, 6, 1, 23, 30), time(7), ZoneInfo("Europe/London")) == date(
        2026, 6, 2
    )


def test_next_due_after_accepts_any_aware_instant() -> None:
    """An aware `after` in another zone means the same instant as in UTC."""
    berlin_noon = datetime(2026, 6, 1, 12, tzinfo=ZoneInfo("Europe/Berlin"))
    assert next_due_after(time(7), ZoneInfo("Europe/London"), berlin_noon) == utc(2026, 6, 2, 6)


# Naive on purpose: these are the inputs that must be refused.
NAIVE = datetime(2026, 1, 1)  # noqa: DTZ001


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: next_due_after(time(7), ZoneInfo("UTC"), NAIVE), id="after"),
        pytest.param(lambda: slot_date(NAIVE, time(7), ZoneInfo("UTC")), id="due"),
        pytest.param(lambda: resolve_local(NAIVE.date(), time(7, tzinfo=UTC), UTC_ZONE), id="at"),
    ],
)
def test_naive_or_zoned_inputs_are_refused(call) -> None:
    """A naive instant, or a wall time carrying its own zone, raises ValueError."""
    with pytest.raises(ValueError, match=r"aware|naive"):
        call()


@FAST
@given(zone=zones, at=wall_times, after=instants)
def test_next_due_after_is_a_resolved_instant_soon_after(
    zone: ZoneInfo, at: time, after: datetime
) -> None:
    """The next due instant is UTC, at most ~2 days after `after`, and its day resolves to it."""
    due = next_due_after(at, zone, after)
    assert is_utc(due)
    assert after < due <= after + timedelta(hours=49)
    assert resolve_local(slot_date(due, at, zone), at, zone) == due


@FAST
@given(zone=zones, at=wall_times, after=instants)
def test_wall_time_is_kept_except_in_gaps(zone: ZoneInfo, at: time, after: datetime) -> None:
    """The due instant shows `at` on the local clock unless `at` fell in a gap; then it ends it."""
    due = next_due_after(at, zone, after)
    shown = due.astimezone(zone).replace(tzinfo=None)
    wanted = datetime.combine(slot_date(due, at, zone), at)
    if shown != wanted:
        just_before = (due - timedelta(microseconds=1)).astimezone(zone).replace(tzinfo=None)
        assert just_before < wanted < shown


@settings(max_examples=12, deadline=None, database=None)
@given(zone=zones, at=wall_times, after=instants)
@example(zone=ZoneInfo("Pacific/Apia"), at=time(0), after=utc(2011, 6, 1))
@example(zone=ZoneInfo("Pacific/Apia"), at=time(9), after=utc(2011, 6, 1))
@example(zone=ZoneInfo("Australia/Lord_Howe"), at=time(2, 15), after=utc(2025, 6, 1))
def test_daily_sequence_has_one_instant_per_local_day(
    zone: ZoneInfo, at: time, after: datetime
) -> None:
    """Repeated next_due_after rises, once per local day, skipping only days that never were."""
    due = next_due_after(at, zone, after)
    previous_day = slot_date(due, at, zone)
    for _ in range(400):
        following = next_due_after(at, zone, due)
        day = slot_date(following, at, zone)
        assert following > due
        skipped = [previous_day + timedelta(days=n) for n in range(1, (day - previous_day).days)]
        assert day > previous_day
        # A day is skipped only when it never happened and its time collapsed into the next one's.
        assert set(skipped) <= MISSING_DATES.get(zone.key, set())
        assert all(resolve_local(missing, at, zone) == following for missing in skipped)
        due, previous_day = following, day


@FAST
@given(
    zone=zones,
    at=wall_times,
    day=st.dates(min_value=date(2009, 1, 1), max_value=date(2030, 12, 31)),
)
def test_resolved_instants_never_go_back_from_day_to_day(
    zone: ZoneInfo, at: time, day: date
) -> None:
    """The instant of a daily time on one day is never after the next day's."""
    assert resolve_local(day, at, zone) <= resolve_local(day + timedelta(days=1), at, zone)
