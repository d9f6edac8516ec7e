"""Quiet hours: the local window in which no nudge goes out, and when it ends, across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scheduler.due import resolve_local
from scheduler.quiet_hours import QuietHours

NIGHT = QuietHours()  # the default, 22:00-07:00
SIESTA = QuietHours(time(13), time(15))
NONE = QuietHours(time(9), time(9))

ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Asia/Kolkata",
    "America/Havana",
    "America/Santiago",
    "Africa/Casablanca",
    "Pacific/Chatham",
    "UTC",
]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """Build a UTC instant from its fields."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def wall(instant: datetime, zone: ZoneInfo) -> time:
    """The naive wall-clock time an instant shows in a zone."""
    return instant.astimezone(zone).time()


@pytest.mark.parametrize(
    ("quiet", "local", "inside"),
    [
        pytest.param(NIGHT, time(21, 59), False, id="night-before"),
        pytest.param(NIGHT, time(22), True, id="night-start-included"),
        pytest.param(NIGHT, time(23, 59, 59), True, id="night-before-midnight"),
        pytest.param(NIGHT, time(0), True, id="night-midnight"),
        pytest.param(NIGHT, time(6, 59, 59), True, id="night-last-second"),
        pytest.param(NIGHT, time(7), False, id="night-end-excluded"),
        pytest.param(NIGHT, time(12), False, id="night-midday"),
        pytest.param(SIESTA, time(12, 59), False, id="siesta-before"),
        pytest.param(SIESTA, time(13), True, id="siesta-start"),
        pytest.param(SIESTA, time(14, 30), True, id="siesta-inside"),
        pytest.param(SIESTA, time(15), False, id="siesta-end"),
        pytest.param(SIESTA, time(23), False, id="siesta-night"),
        pytest.param(NONE, time(9), False, id="empty-at-its-time"),
        pytest.param(NONE, time(3), False, id="empty-at-night"),
    ],
)
def test_contains(quiet: QuietHours, local: time, inside: bool) -> None:
    """The window includes its start, excludes its end, wraps midnight; start == end is none."""
    assert quiet.contains(local) is inside


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("22:00-07:00", NIGHT, id="default"),
        pytest.param(" 7:30 - 9:05 ", QuietHours(time(7, 30), time(9, 5)), id="spaces-short-hour"),
        pytest.param("23:15\u201306:45", QuietHours(time(23, 15), time(6, 45)), id="en-dash"),
        pytest.param("00:00-00:00", QuietHours(time(0), time(0)), id="none"),
    ],
)
def test_parse(text: str, expected: QuietHours) -> None:
    """A settings value HH:MM-HH:MM reads as the window it names, and prints back the same way."""
    quiet = QuietHours.parse(text)
    assert quiet == expected
    assert QuietHours.parse(str(quiet)) == quiet


@pytest.mark.parametrize(
    ("text", "says"),
    [
        pytest.param("", "not understood", id="empty"),
        pytest.param("22-07", "not understood", id="no-minutes"),
        pytest.param("22:00", "not understood", id="one-time"),
        pytest.param("10pm-7am", "not understood", id="am-pm"),
        pytest.param("24:00-07:00", "24:00 is not a time of day", id="hour-24"),
        pytest.param("22:00-07:60", "07:60 is not a time of day", id="minute-60"),
    ],
)
def test_parse_refuses_bad_settings_with_a_hint(text: str, says: str) -> None:
    """A bad value raises ValueError naming the problem and showing how to write it."""
    with pytest.raises(ValueError, match=says) as raised:
        QuietHours.parse(text)
    assert "HH:MM-HH:MM, e.g. 22:00-07:00" in str(raised.value)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: QuietHours(time(22, tzinfo=UTC), time(7)), id="zoned-start"),
        pytest.param(lambda: NIGHT.contains(time(23, tzinfo=UTC)), id="zoned-local"),
        pytest.param(
            lambda: NIGHT.next_allowed(datetime(2026, 1, 1), ZoneInfo("UTC")),  # noqa: DTZ001
            id="naive-at",
        ),
    ],
)
def test_zone_mixups_are_refused(make) -> None:
    """Wall times carrying a zone, or a naive instant, raise ValueError."""
    with pytest.raises(ValueError, match=r"naive|aware"):
        make()


@pytest.mark.parametrize(
    ("zone", "at", "expected"),
    [
        # 22:00-07:00 on the nights the clocks change: the night ends at 07:00 on the wall clock.
        pytest.param("Europe/London", utc(2026, 3, 28, 23), utc(2026, 3, 29, 6), id="lon-spring"),
        pytest.param("Europe/London", utc(2026, 10, 24, 21), utc(2026, 10, 25, 7), id="lon-fall"),
        pytest.param("America/New_York", utc(2026, 3, 8, 3), utc(2026, 3, 8, 11), id="ny-spring"),
        pytest.param("America/New_York", utc(2026, 11, 1, 3), utc(2026, 11, 1, 12), id="ny-fall"),
        pytest.param("Australia/Sydney", utc(2026, 4, 4, 12), utc(2026, 4, 4, 21), id="syd-fall"),
        pytest.param(
            "Australia/Sydney", utc(2026, 10, 3, 12), utc(2026, 10, 3, 20), id="syd-spring"
        ),
    ],
)
def test_night_ends_at_seven_on_the_wall_clock_across_dst(
    zone: str, at: datetime, expected: datetime
) -> None:
    """On a DST night the quiet window still ends at 07:00 local, as resolve_local puts it."""
    tz = ZoneInfo(zone)
    assert NIGHT.contains(wall(at, tz))
    allowed = NIGHT.next_allowed(at, tz)
    assert allowed == expected
    assert allowed == resolve_local(expected.astimezone(tz).date(), time(7), tz)


@pytest.mark.parametrize(
    ("quiet", "zone", "at", "expected"),
    [
        pytest.param(
            QuietHours(time(22), time(2, 30)),
            "America/New_York",
            utc(2026, 3, 8, 4),
            utc(2026, 3, 8, 7),  # 02:30 never shows: 03:00 EDT, the gap's end
            id="end-in-a-gap",
        ),
        pytest.param(
            QuietHours(time(22), time(1, 30)),
            "Europe/London",
            utc(2026, 10, 24, 22),
            utc(2026, 10, 25, 0, 30),  # the first 01:30, BST
            id="end-repeated-first-pass",
        ),
        pytest.param(
            QuietHours(time(22), time(1, 30)),
            "Europe/London",
            utc(2026, 10, 25, 1, 10),  # 01:10 GMT: the clock went back into the window
            utc(2026, 10, 25, 1, 30),  # the second 01:30, GMT
            id="end-repeated-second-pass",
        ),
        pytest.param(
            QuietHours(time(1, 30), time(3)),
            "Europe/London",
            utc(2026, 10, 25, 0, 45),  # 01:45 BST
            utc(2026, 10, 25, 1),  # the clock falls back to 01:00 GMT, before the window
            id="clock-falls-back-out-of-the-window",
        ),
        pytest.param(
            QuietHours(time(2, 15), time(2, 45)),
            "Australia/Sydney",
            utc(2026, 10, 3, 15, 20),  # 01:20 AEST; 02:00-03:00 never shows that night
            utc(2026, 10, 3, 15, 20),
            id="window-inside-a-gap-is-skipped",
        ),
        pytest.param(
            NIGHT,
            "Pacific/Apia",
            utc(2011, 12, 30, 9, 30),  # 23:30 on 29 Dec 2011; Apia skipped 30 Dec
            utc(2011, 12, 30, 17),  # 07:00 on 31 Dec, 7.5 hours later
            id="apia-missing-day",
        ),
    ],
)
def test_next_allowed_at_odd_transitions(
    quiet: QuietHours, zone: str, at: datetime, expected: datetime
) -> None:
    """The window ends where the wall clock first shows a time outside it, jumps included."""
    assert quiet.next_allowed(at, ZoneInfo(zone)) == expected


def test_no_quiet_hours_allow_any_instant() -> None:
    """With start == end every instant is allowed as it is."""
    at = utc(2026, 1, 1, 3)
    assert NONE.next_allowed(at, ZoneInfo("Europe/London")) == at


def test_next_allowed_answers_in_utc_for_any_aware_instant() -> None:
    """An aware instant in another zone means the same instant; the answer is in UTC."""
    berlin_midnight = datetime(2026, 6, 2, tzinfo=ZoneInfo("Europe/Berlin"))  # 23:00 in London
    allowed = NIGHT.next_allowed(berlin_midnight, ZoneInfo("Europe/London"))
    assert allowed == utc(2026, 6, 2, 6)
    assert allowed.tzinfo is UTC


minutes = st.integers(0, 24 * 60 - 1).map(lambda m: time(m // 60, m % 60))
windows = st.builds(QuietHours, minutes, minutes)
instants = st.datetimes(
    min_value=datetime(2009, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive; timezones= applies
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@settings(max_examples=300, deadline=None, database=None)
@given(quiet=windows, zone=st.sampled_from(ZONES).map(ZoneInfo), at=instants)
@example(quiet=NIGHT, zone=ZoneInfo("Europe/London"), at=utc(2026, 10, 25, 1, 10))
@example(
    quiet=QuietHours(time(1), time(2, 30)),
    zone=ZoneInfo("America/New_York"),
    at=utc(2026, 3, 8, 6, 30),
)
def test_next_allowed_is_the_first_instant_outside(
    quiet: QuietHours, zone: ZoneInfo, at: datetime
) -> None:
    """The result is not before `at`, not quiet, `at` itself if allowed, and quiet all before it."""
    allowed = quiet.next_allowed(at, zone)
    assert allowed >= at
    assert not quiet.contains(wall(allowed, zone))
    if not quiet.contains(wall(at, zone)):
        assert allowed == at
        return
    assert allowed - at <= timedelta(hours=25)
    span = allowed - at
    probes = [at + span * step / 16 for step in range(16)] + [allowed - timedelta(microseconds=1)]
    assert all(quiet.contains(wall(probe, zone)) for probe in probes)


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York", "Australia/Sydney"])
def test_every_night_of_a_year_ends_at_seven(zone: str) -> None:
    """From 23:00 each night of 2026, the default window ends at that morning's 07:00."""
    tz = ZoneInfo(zone)
    for offset in range(365):
        morning = date(2026, 1, 1) + timedelta(days=offset)
        evening = resolve_local(morning - timedelta(days=1), time(23), tz)
        assert NIGHT.next_allowed(evening, tz) == resolve_local(morning, time(7), tz)
