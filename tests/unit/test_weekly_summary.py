"""The weekly summary's numbers and its Sunday-evening timing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rehab.adherence import Adherence, Praise, praise
from rehab.injury import SessionOutcome
from rehab.progress_rules import History, SessionLog, window_adherence
from rehab.weekly import Logged, Trend, summarize, week_start
from scheduler.quiet_hours import QuietHours
from scheduler.summaries import next_summary, summary_time

MONDAY = date(2026, 11, 23)
DONE, PARTLY, SKIPPED = SessionOutcome.DONE, SessionOutcome.PARTLY, SessionOutcome.SKIPPED


def week(offset_weeks: int, pains: list[int | None]) -> list[Logged]:
    """One session a day from a Monday, with these pains (None: logged without pain)."""
    monday = MONDAY + timedelta(weeks=offset_weeks)
    return [Logged(monday + timedelta(days=n), DONE, pain) for n, pain in enumerate(pains)]


@pytest.mark.parametrize(
    ("logged", "trend", "rising_twice"),
    [
        (week(-1, [4, 4]) + week(0, [2, 2]), Trend.FALLING, False),
        (week(-1, [3, 3]) + week(0, [3, 4]), Trend.STEADY, False),
        (week(-1, [2, 2]) + week(0, [4, 4]), Trend.RISING, False),
        (week(-2, [1, 1]) + week(-1, [2, 2]) + week(0, [4, 4]), Trend.RISING, True),
        (week(0, [3]), Trend.UNKNOWN, False),
        (week(-1, [None]) + week(0, [2]), Trend.UNKNOWN, False),
    ],
    ids=["falling", "steady", "rising", "rising twice", "first week", "no pain before"],
)
def test_pain_trend(logged: list[Logged], trend: Trend, rising_twice: bool) -> None:
    """Average session pain week on week: a half point either way counts as steady."""
    summary = summarize(logged, week_of=MONDAY, sessions_per_day=1, started_on=MONDAY)
    assert (summary.trend, summary.rising_two_weeks) == (trend, rising_twice)


def test_sessions_count_done_and_partly_against_the_planned_ones() -> None:
    """Skipped sessions do not count; a person who started midweek is planned from then; the
    Sunday it is sent on plans only what is logged by then (rehab.adherence)."""
    logged = [
        Logged(MONDAY + timedelta(days=3), DONE, 2),
        Logged(MONDAY + timedelta(days=4), PARTLY, 3),
        Logged(MONDAY + timedelta(days=5), SKIPPED, None),
    ]
    summary = summarize(
        logged,
        week_of=MONDAY + timedelta(days=6),
        sessions_per_day=2,
        started_on=MONDAY + timedelta(days=3),
    )
    assert (summary.done, summary.planned, summary.average_pain) == (2, 6, 2.5)
    assert summary.week_start == MONDAY


@given(
    entries=st.lists(
        st.tuples(
            st.integers(min_value=-21, max_value=13),
            st.sampled_from(list(SessionOutcome)),
            st.none() | st.integers(min_value=0, max_value=10),
        ),
        max_size=60,
    ),
    sessions=st.sampled_from([1, 2]),
    started=st.integers(min_value=-30, max_value=6),
)
def test_any_history_summarises(
    entries: list[tuple[int, SessionOutcome, int | None]], sessions: int, started: int
) -> None:
    """No history crashes the summary; counts and averages stay in range."""
    logged = [Logged(MONDAY + timedelta(days=d), o, p) for d, o, p in entries]
    summary = summarize(
        logged,
        week_of=MONDAY,
        sessions_per_day=sessions,
        started_on=MONDAY + timedelta(days=started),
    )
    assert 0 <= summary.planned <= 7 * sessions
    assert summary.average_pain is None or 0 <= summary.average_pain <= 10
    assert summary.rising_two_weeks <= (summary.trend is Trend.RISING)
    assert week_start(summary.week_start) == MONDAY


@pytest.mark.parametrize(
    ("times", "quiet", "expected"),
    [
        ([time(8)], QuietHours(), time(19)),
        ([], QuietHours(), time(19)),
        ([time(7), time(18, 30)], QuietHours(), time(15, 30)),
        ([time(17)], QuietHours(), time(20)),
        ([time(19)], QuietHours(), time(16)),
        ([time(19)], QuietHours(time(15), time(7)), time(14, 45)),
        ([time(9), time(12), time(15), time(18), time(21)], QuietHours(), time(19)),
    ],
)
def test_the_summary_keeps_three_hours_from_every_reminder(
    times: list[time], quiet: QuietHours, expected: time
) -> None:
    """19:00 when no reminder is near; else the nearest time three hours from each (and not
    quiet); a day too full for that keeps 19:00 (the budget still holds nudges back)."""
    assert summary_time(times, quiet) == expected


@pytest.mark.parametrize(
    ("zone", "after", "expected"),
    [
        (
            "Europe/London",
            datetime(2026, 11, 25, 6, tzinfo=UTC),
            datetime(2026, 11, 29, 19, tzinfo=UTC),
        ),
        (
            "Australia/Sydney",
            datetime(2026, 11, 25, 6, tzinfo=UTC),
            datetime(2026, 11, 29, 8, tzinfo=UTC),
        ),
        (
            "Europe/London",
            datetime(2026, 11, 29, 19, tzinfo=UTC),
            datetime(2026, 12, 6, 19, tzinfo=UTC),
        ),
    ],
)
def test_the_summary_is_due_on_sunday_evening_local_time(
    zone: str, after: datetime, expected: datetime
) -> None:
    """Sunday at 19:00 local, in any zone; right after one, the next is a week on."""
    due, slot = next_summary(after=after, zone=ZoneInfo(zone), evening=time(19), quiet=QuietHours())
    assert due == expected
    year, week_number, _ = expected.astimezone(ZoneInfo(zone)).isocalendar()
    assert slot == f"{year}-W{week_number:02d}"


def test_quiet_hours_move_the_summary_but_not_its_week() -> None:
    """An evening inside quiet hours waits for their end; the week named stays Sunday's."""
    due, slot = next_summary(
        after=datetime(2026, 11, 25, tzinfo=UTC),
        zone=ZoneInfo("Europe/London"),
        evening=time(22, 30),
        quiet=QuietHours(time(22), time(7)),
    )
    assert due == datetime(2026, 11, 30, 7, tzinfo=UTC)
    assert slot == "2026-W48"


@given(
    entries=st.lists(
        st.tuples(st.integers(0, 6), st.sampled_from(list(SessionOutcome))), max_size=14
    ),
    sessions=st.sampled_from([1, 2]),
    held=st.sets(st.integers(0, 6)),
)
def test_the_summary_counts_as_progress_does(
    entries: list[tuple[int, SessionOutcome]], sessions: int, held: set[int]
) -> None:
    """On its Sunday the summary's sessions are /progress's last 7 days, holds included."""
    logged = [Logged(MONDAY + timedelta(days=d), outcome, None) for d, outcome in entries]
    off = {MONDAY + timedelta(days=d) for d in held}
    summary = summarize(
        logged, week_of=MONDAY, sessions_per_day=sessions, started_on=MONDAY, off_days=off
    )
    history = History(
        started_on=MONDAY,
        sessions=tuple(SessionLog(e.day, 1, e.outcome, e.pain) for e in logged),
    )
    sunday = MONDAY + timedelta(days=6)
    progress = window_adherence(
        history, today=sunday, window_days=7, sessions_per_day=sessions, off_days=off
    )
    assert summary.sessions == progress


def test_pain_above_the_limit_and_stops_are_counted_and_praise_follows_the_numbers() -> None:
    """Sessions above the limit and at 7/10 or more are counted; 4 of 10 is not great."""
    logged = [Logged(MONDAY + timedelta(days=d), DONE, pain) for d, pain in enumerate([2, 5, 8, 4])]
    summary = summarize(logged, week_of=MONDAY, sessions_per_day=1, started_on=MONDAY, limit=3)
    assert (summary.above_limit, summary.stops) == (3, 1)
    assert (summary.done, summary.planned) == (4, 6)
    assert summary.praise is Praise.STEADY, "4 of 6 is steady, not great"
    assert praise(Adherence(done=4, planned=10)) is Praise.THIN
    assert praise(Adherence(done=5, planned=8)) is Praise.STEADY
    assert praise(Adherence(done=8, planned=10)) is Praise.GREAT
    assert praise(Adherence(done=0, planned=0)) is Praise.NOTHING_PLANNED


def test_the_weeks_pain_comes_from_the_sessions_it_counts() -> None:
    """A session logged before the plan (re)started this week is in neither the sessions done
    nor the average pain, nor the count above the limit."""
    logged = [
        Logged(MONDAY, DONE, 8),
        Logged(MONDAY + timedelta(days=2), DONE, 2),
        Logged(MONDAY + timedelta(days=3), DONE, 4),
    ]
    summary = summarize(
        logged, week_of=MONDAY, sessions_per_day=1, started_on=MONDAY + timedelta(days=2), limit=3
    )
    assert (summary.done, summary.average_pain) == (2, 3.0)
    assert (summary.above_limit, summary.stops) == (1, 0)
