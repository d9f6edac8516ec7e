"""Progress from a history: adherence, streak, endurance, chart series and report rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rehab.adherence import Adherence
from rehab.injury import SessionOutcome
from rehab.pain import MorningReport, MorningResponse
from rehab.progress_rules import (
    History,
    HistoryRow,
    Mark,
    MorningPoint,
    OutcomeMark,
    PainPoint,
    PhaseBand,
    PhaseMove,
    SessionLog,
    Slot,
    chart_data,
    endurance_this_week,
    history_rows,
    streak,
    summarise,
    window_adherence,
)

TODAY = date(2026, 11, 25)  # a Wednesday
DONE, PARTLY, SKIPPED = SessionOutcome.DONE, SessionOutcome.PARTLY, SessionOutcome.SKIPPED


def ago(days: int) -> date:
    """The date ``days`` days before TODAY."""
    return TODAY - timedelta(days=days)


def log(
    days_ago: int,
    outcome: SessionOutcome = DONE,
    *,
    session: int = 1,
    pain: int | None = 2,
    minutes: int | None = None,
) -> SessionLog:
    """A logged session ``days_ago`` days before TODAY."""
    return SessionLog(ago(days_ago), session, outcome, pain, minutes)


def history(*sessions: SessionLog, started: int = 30) -> History:
    """The sessions of someone set up ``started`` days before TODAY."""
    return History(ago(started), tuple(sessions))


@pytest.mark.parametrize(
    ("past", "per_day", "week", "month"),
    [
        pytest.param(history(), 1, Adherence(0, 6), Adherence(0, 27), id="nothing-logged"),
        pytest.param(
            history(*(log(d) for d in range(1, 7))),
            1,
            Adherence(6, 6),
            Adherence(6, 27),
            id="every-day-this-week",
        ),
        pytest.param(
            history(log(0), log(1), log(2, PARTLY), log(3, SKIPPED)),
            1,
            Adherence(3, 7),
            Adherence(3, 28),
            id="today-logged-counts-partly-counts-skip-not",
        ),
        pytest.param(
            history(log(1), log(2), started=2),
            1,
            Adherence(2, 2),
            Adherence(2, 2),
            id="window-starts-at-set-up",
        ),
        pytest.param(history(started=0), 1, Adherence(0, 0), Adherence(0, 0), id="set-up-today"),
        pytest.param(
            history(log(0), started=0),
            2,
            Adherence(1, 1),
            Adherence(1, 1),
            id="today-only-its-logged-sessions",
        ),
        pytest.param(
            history(log(1), log(1, session=2), log(2), started=2),
            2,
            Adherence(3, 4),
            Adherence(3, 4),
            id="two-a-day",
        ),
        pytest.param(
            history(log(1), log(1, session=2), started=1),
            1,
            Adherence(1, 1),
            Adherence(1, 1),
            id="an-old-second-session-does-not-lift-above-planned",
        ),
        pytest.param(
            history(log(10), log(40), started=60),
            1,
            Adherence(0, 6),
            Adherence(1, 27),
            id="older-days-fall-out-of-the-window",
        ),
    ],
)
def test_adherence_counts_done_sessions_against_planned_since_set_up(
    past: History, per_day: int, week: Adherence, month: Adherence
) -> None:
    """Planned = sessions a day over past days since set-up plus today's logged sessions."""
    assert window_adherence(past, today=TODAY, window_days=7, sessions_per_day=per_day) == week
    assert window_adherence(past, today=TODAY, window_days=28, sessions_per_day=per_day) == month


def test_adherence_ratio_is_none_until_something_is_planned() -> None:
    """No planned session yet means no percentage, rather than 0% or a division by zero."""
    assert Adherence(0, 0).ratio is None
    assert Adherence(3, 4).ratio == 0.75


@pytest.mark.parametrize(
    ("sessions", "expected"),
    [
        pytest.param((), 0, id="nothing"),
        pytest.param((log(0),), 1, id="today"),
        pytest.param((log(1), log(2), log(3)), 3, id="up-to-yesterday-while-today-is-open"),
        pytest.param((log(0), log(1), log(3)), 2, id="a-gap-ends-it"),
        pytest.param((log(0, SKIPPED), log(1), log(2)), 2, id="a-skip-today-leaves-it-open"),
        pytest.param((log(1, SKIPPED), log(2)), 0, id="a-skip-yesterday-ends-it"),
        pytest.param((log(2), log(3)), 0, id="two-days-ago-is-too-old"),
        pytest.param((log(0, PARTLY), log(1, SKIPPED), log(1, session=2)), 2, id="any-session"),
        pytest.param(tuple(log(d) for d in range(40)), 31, id="not-before-set-up"),
    ],
)
def test_streak_counts_consecutive_days_with_a_session_done(
    sessions: tuple[SessionLog, ...], expected: int
) -> None:
    """Days in a row with a session done or partly, ending today or yesterday."""
    assert streak(history(*sessions), today=TODAY) == expected


def test_endurance_adds_up_minutes_from_monday_of_this_week() -> None:
    """Wednesday's total counts Monday to today, not last Sunday."""
    past = history(log(0, minutes=30), log(2, minutes=15), log(3, minutes=60), log(1, minutes=None))
    assert endurance_this_week(past, today=TODAY) == 45


def test_summary_gathers_the_caption_numbers() -> None:
    """Day in phase is 1 on the phase's first day, as /plan shows it."""
    summary = summarise(
        history(log(0, minutes=20), log(1)),
        today=TODAY,
        sessions_per_day=1,
        phase=2,
        phase_started_on=ago(3),
    )
    assert (summary.streak_days, summary.endurance_minutes_this_week) == (2, 20)
    assert (summary.phase, summary.day_in_phase) == (2, 4)
    assert summary.last_7_days == Adherence(2, 7)


def test_chart_series_take_each_days_highest_pain_and_place_mornings_on_the_session_day() -> None:
    """Two sessions' pains give one point; a morning answer sits under the day before it."""
    past = History(
        started_on=ago(5),
        sessions=(log(3, pain=2), log(3, session=2, pain=4), log(2, SKIPPED, pain=None), log(1)),
        mornings=(
            MorningReport(ago(2), MorningResponse.WORSE),
            MorningReport(ago(0), MorningResponse.BETTER),
        ),
        phase_moves=(PhaseMove(ago(5), 1), PhaseMove(ago(2), 2), PhaseMove(ago(1), 1)),
        unanswered=(Slot(ago(4), 1), Slot(ago(0), 1), Slot(ago(3), 1)),
    )
    data = chart_data(
        past, today=TODAY, limit=3, sessions_per_day=2, phase=1, phase_started_on=ago(1)
    )
    assert data.pain == (PainPoint(ago(3), 4), PainPoint(ago(1), 2))
    assert data.mornings == (MorningPoint(ago(3), 1), MorningPoint(ago(1), -1))
    assert data.outcomes == (
        OutcomeMark(ago(4), 1, Mark.MISSED),
        OutcomeMark(ago(3), 1, Mark.DONE),
        OutcomeMark(ago(3), 2, Mark.DONE),
        OutcomeMark(ago(2), 1, Mark.SKIPPED),
        OutcomeMark(ago(1), 1, Mark.DONE),
    ), "a logged slot is not missed, and today's unanswered reminder is still open"
    assert data.bands == (
        PhaseBand(ago(5), ago(2), 1),
        PhaseBand(ago(2), ago(1), 2),
        PhaseBand(ago(1), TODAY + timedelta(days=1), 1),
    )
    assert (data.limit, data.session_rows) == (3, 2)
    assert (data.first_day, data.last_day) == (ago(5), TODAY)


def test_phase_bands_fall_back_to_the_current_phase_and_keep_the_last_move_of_a_day() -> None:
    """No recorded moves: one band from the phase start; two moves on a day: the later wins."""
    none = chart_data(
        history(), today=TODAY, limit=3, sessions_per_day=1, phase=2, phase_started_on=ago(4)
    )
    assert none.bands == (PhaseBand(ago(4), TODAY + timedelta(days=1), 2),)
    same_day = History(ago(3), phase_moves=(PhaseMove(ago(3), 1), PhaseMove(ago(3), 2)))
    data = chart_data(
        same_day, today=TODAY, limit=3, sessions_per_day=1, phase=2, phase_started_on=ago(3)
    )
    assert data.bands == (PhaseBand(ago(3), TODAY + timedelta(days=1), 2),)


def test_history_rows_list_logged_and_missed_sessions_with_the_next_morning_once_a_day() -> None:
    """Rows are oldest first; the morning after a day shows on that day's last session."""
    past = History(
        started_on=ago(4),
        sessions=(log(2, pain=3, minutes=20), log(2, PARTLY, session=2, pain=1)),
        mornings=(MorningReport(ago(1), MorningResponse.SAME),),
        unanswered=(Slot(ago(3), 1), Slot(ago(0), 1)),
    )
    assert history_rows(past, today=TODAY) == (
        HistoryRow(ago(3), 1, Mark.MISSED, None, None, None),
        HistoryRow(ago(2), 1, Mark.DONE, 3, 20, None),
        HistoryRow(ago(2), 2, Mark.PARTLY, 1, None, MorningResponse.SAME),
    )


def test_an_empty_history_has_nothing_to_chart() -> None:
    """Only phase moves (every set-up person has one) is still nothing to chart."""
    assert History(TODAY, phase_moves=(PhaseMove(TODAY, 1),)).is_empty
    assert not History(TODAY, unanswered=(Slot(ago(1), 1),)).is_empty
    assert not History(TODAY, mornings=(MorningReport(TODAY, MorningResponse.SAME),)).is_empty


DAYS = st.dates(ago(120), TODAY + timedelta(days=2))
SESSIONS = st.builds(
    SessionLog,
    day=DAYS,
    session=st.integers(1, 2),
    outcome=st.sampled_from(SessionOutcome),
    pain=st.none() | st.integers(0, 10),
    endurance_minutes=st.none() | st.integers(0, 300),
)
HISTORIES = st.builds(
    History,
    started_on=DAYS,
    sessions=st.lists(SESSIONS, max_size=40, unique_by=lambda s: (s.day, s.session)).map(tuple),
    mornings=st.lists(
        st.builds(MorningReport, day=DAYS, response=st.sampled_from(MorningResponse)),
        max_size=20,
        unique_by=lambda m: m.day,
    ).map(tuple),
    phase_moves=st.lists(st.builds(PhaseMove, day=DAYS, phase=st.integers(1, 4))).map(tuple),
    unanswered=st.lists(st.builds(Slot, day=DAYS, session=st.integers(1, 2))).map(tuple),
)


@given(past=HISTORIES, today=DAYS, per_day=st.integers(1, 2), phase_start=DAYS)
def test_any_history_gives_sane_numbers(
    past: History, today: date, per_day: int, phase_start: date
) -> None:
    """Adherence stays within 0..1, the streak within the days since set-up, nothing crashes."""
    summary = summarise(
        past, today=today, sessions_per_day=per_day, phase=1, phase_started_on=phase_start
    )
    for window in (summary.last_7_days, summary.last_28_days):
        assert 0 <= window.done <= window.planned
        assert window.ratio is None or 0 <= window.ratio <= 1
    assert summary.last_7_days.planned <= summary.last_28_days.planned
    assert 0 <= summary.streak_days <= max(0, (today - past.started_on).days + 1)
    assert summary.endurance_minutes_this_week >= 0
    assert summary.day_in_phase >= 1


@given(past=HISTORIES, today=DAYS, per_day=st.integers(1, 2), limit=st.integers(0, 6))
def test_any_history_gives_a_chart_within_its_days(
    past: History, today: date, per_day: int, limit: int
) -> None:
    """Every point lies within the chart's days, bands do not overlap, and rows cover sessions."""
    data = chart_data(
        past, today=today, limit=limit, sessions_per_day=per_day, phase=1, phase_started_on=today
    )
    days = [p.day for p in data.pain] + [m.day for m in data.mornings]
    days += [o.day for o in data.outcomes]
    assert all(data.first_day <= day <= data.last_day for day in days)
    assert all(0 <= point.pain <= 10 for point in data.pain)
    assert all(point.level in (-1, 0, 1) for point in data.mornings)
    assert all(band.start < band.end for band in data.bands)
    assert all(a.end <= b.start for a, b in zip(data.bands, data.bands[1:], strict=False))
    assert all(1 <= o.session <= data.session_rows for o in data.outcomes)
    rows = history_rows(past, today=today)
    assert len(rows) == len(data.outcomes), "the report has a row for each mark on the chart"


def test_the_charts_limit_follows_its_changes() -> None:
    """Each change holds from its day; changes before the chart's first day or after its last
    do not draw; with no change known, today's limit holds throughout."""
    start = date(2026, 11, 2)
    history = History(started_on=start, sessions=(SessionLog(start, 1, SessionOutcome.DONE, 2),))

    def spans(changes: list[tuple[date, int]]) -> list[tuple[date, int]]:
        data = chart_data(
            history,
            today=start + timedelta(days=9),
            limit=5,
            sessions_per_day=1,
            phase=1,
            phase_started_on=start,
            limit_changes=changes,
        )
        return [(span.start, span.limit) for span in data.limits]

    assert spans([]) == [(start, 5)]
    later, past_today = start + timedelta(days=4), start + timedelta(days=20)
    assert spans([(start - timedelta(days=3), 3), (later, 5), (past_today, 6)]) == [
        (start, 3),
        (later, 5),
    ]
    assert spans([(later, 2), (later + timedelta(days=1), 2)]) == [(start, 2)]
