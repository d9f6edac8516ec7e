"""Daily reminders over the 2026 DST changes, read off the local wall clock.

test_due.py checks that each day's slot comes once; these check what the person sees: the wall
time each fire shows, that a dispatcher or re-plan starting from any instant finds the same fires
(never the second pass of a repeated hour), and that two sessions a day keep their order.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.due import next_due_after, resolve_local

HOUR = timedelta(hours=1)
SPAN = 10  # days walked around each transition: 5 before it, the day itself, 4 after


def hours(count: float) -> timedelta:
    """An offset from UTC of `count` hours."""
    return timedelta(hours=count)


# (zone, transition day, reminder time, wall time shown that day, offset of the fire that day)
TRANSITIONS = [
    pytest.param("Europe/London", date(2026, 3, 29), time(1, 30), time(2), hours(1), id="lon-gap"),
    pytest.param(
        "Europe/London", date(2026, 10, 25), time(1, 30), time(1, 30), hours(1), id="lon-twice"
    ),
    pytest.param(
        "America/New_York", date(2026, 3, 8), time(2, 30), time(3), hours(-4), id="ny-gap"
    ),
    pytest.param(
        "America/New_York",
        date(2026, 11, 1),
        time(1, 30),
        time(1, 30),
        hours(-4),
        id="ny-twice",
    ),
    pytest.param(
        "Australia/Sydney", date(2026, 10, 4), time(2, 30), time(3), hours(11), id="syd-gap"
    ),
    pytest.param(
        "Australia/Sydney", date(2026, 4, 5), time(2, 30), time(2, 30), hours(11), id="syd-twice"
    ),
]


def walk(at: time, zone: ZoneInfo, first_day: date, days: int) -> list[datetime]:
    """Step next_due_after from each fire to the next, as the dispatcher does, `days` times."""
    due = resolve_local(first_day - timedelta(days=1), at, zone)
    fired = []
    for _ in range(days):
        due = next_due_after(at, zone, due)
        fired.append(due)
    return fired


@pytest.mark.parametrize(("zone", "day", "at", "shown", "offset"), TRANSITIONS)
def test_ten_days_around_a_transition_fire_once_a_day_at_the_wall_time(
    zone: str, day: date, at: time, shown: time, offset: timedelta
) -> None:
    """Each local date fires once at `at`; on the transition day at the gap's end or first pass."""
    tz = ZoneInfo(zone)
    first_day = day - timedelta(days=5)
    fired = [instant.astimezone(tz) for instant in walk(at, tz, first_day, SPAN)]
    assert [local.date() for local in fired] == [first_day + timedelta(days=n) for n in range(SPAN)]
    for local in fired:
        expected = shown if local.date() == day else at
        assert local.time() == expected, local
    on_the_day = next(local for local in fired if local.date() == day)
    assert on_the_day.utcoffset() == offset


@pytest.mark.parametrize(("zone", "day", "at", "shown", "offset"), TRANSITIONS)
def test_starting_from_any_instant_finds_the_same_fires(
    zone: str, day: date, at: time, shown: time, offset: timedelta
) -> None:
    """A re-plan from any moment (every 5 minutes) lands on a walked fire, never a second pass."""
    del shown, offset  # same table as above; only the instants matter here
    tz = ZoneInfo(zone)
    first_day = day - timedelta(days=5)
    fired = walk(at, tz, first_day, SPAN + 1)
    start = fired[0]
    found = set()
    now = start
    while now < fired[-2]:
        due = next_due_after(at, tz, now)
        # The first fire strictly after `now` among the walked ones: nothing in between.
        assert due == min(instant for instant in fired if instant > now), now
        found.add(due)
        now += timedelta(minutes=5)
    assert found == set(fired[1:-1])


def test_second_pass_of_a_repeated_time_is_not_a_new_slot() -> None:
    """At 01:30 GMT on 25 Oct (01:30 shown again) a London 01:30 reminder is next due the 26th."""
    london = ZoneInfo("Europe/London")
    second_pass = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert second_pass.astimezone(london).time() == time(1, 30)
    just_before = second_pass - timedelta(microseconds=1)
    assert next_due_after(time(1, 30), london, just_before) == datetime(
        2026, 10, 26, 1, 30, tzinfo=UTC
    )


# Two sessions a day, one of them in the gap or the repeated hour of the transition night.
TWO_SESSIONS = [
    pytest.param("Europe/London", date(2026, 3, 29), time(0, 45), time(1, 30), id="lon-gap"),
    pytest.param("Europe/London", date(2026, 10, 25), time(1, 15), time(1, 45), id="lon-twice"),
    pytest.param("America/New_York", date(2026, 3, 8), time(2, 30), time(3), id="ny-gap-end"),
    pytest.param("America/New_York", date(2026, 11, 1), time(1, 30), time(19), id="ny-twice"),
    pytest.param("Australia/Sydney", date(2026, 10, 4), time(2, 30), time(18), id="syd-gap"),
    pytest.param("Australia/Sydney", date(2026, 4, 5), time(7), time(2, 30), id="syd-twice"),
]


@pytest.mark.parametrize(("zone", "day", "first", "second"), TWO_SESSIONS)
def test_two_sessions_a_day_each_fire_once_per_date_in_order(
    zone: str, day: date, first: time, second: time
) -> None:
    """Both of a day's sessions fire once on each local date, the earlier wall time no later."""
    tz = ZoneInfo(zone)
    first_day = day - timedelta(days=5)
    early, late = sorted((first, second))
    early_fires = walk(early, tz, first_day, SPAN)
    late_fires = walk(late, tz, first_day, SPAN)
    for offset, (early_due, late_due) in enumerate(zip(early_fires, late_fires, strict=True)):
        local_day = first_day + timedelta(days=offset)
        assert early_due.astimezone(tz).date() == local_day
        assert late_due.astimezone(tz).date() == local_day
        # Equal only when both fall in one gap and move to its end (London's 00:45 does not).
        assert early_due <= late_due


def test_two_times_in_one_gap_fire_together_at_its_end() -> None:
    """02:30 and 03:00 in New York on 8 March both fire at 03:00 EDT: the next valid instant."""
    new_york = ZoneInfo("America/New_York")
    after = datetime(2026, 3, 8, 5, tzinfo=UTC)
    gap_end = datetime(2026, 3, 8, 7, tzinfo=UTC)
    assert next_due_after(time(2, 30), new_york, after) == gap_end
    assert next_due_after(time(3), new_york, after) == gap_end


DST_ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe"]


@settings(max_examples=200, deadline=None, database=None)
@given(
    zone=st.sampled_from(DST_ZONES).map(ZoneInfo),
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    first=st.times(),
    second=st.times(),
)
def test_sessions_never_swap_order_within_a_day(
    zone: ZoneInfo, day: date, first: time, second: time
) -> None:
    """On any local date an earlier wall time resolves to an instant no later than a later one."""
    early, late = sorted((first, second))
    assert resolve_local(day, early, zone) <= resolve_local(day, late, zone)
