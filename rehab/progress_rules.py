"""Progress from one person's history: the chart's series, the caption's numbers, the report's rows.

Pure: the history and today's local date come in as arguments. The counting rules:

- A day's pain point is its highest session pain: the pain rules act on the worst session.
- Morning answers (better / same / worse than before the session) are a next-morning response,
  not a 0-10 pain, so they get their own categorical track (-1 better, 0 same, +1 worse),
  placed on the session day they follow (the day before they were answered).
- Adherence is counted as everywhere (rehab.adherence), from the day the person was set up (or
  the window's start if later) to today; days on a safety hold plan nothing. Paused days count
  as planned: pauses are not kept as history.
- A reminder that went out (or fell due while the bot was down) with nothing logged for it is
  marked missed once its day is over; today's is still open.
- The streak counts consecutive days, from set-up on, with at least one session done or partly,
  ending today, or yesterday while today is still open.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from rehab.adherence import DONE_OUTCOMES, Adherence, DaySession, adherence
from rehab.injury import SessionOutcome
from rehab.pain import MorningReport, MorningResponse

MORNING_LEVELS = {MorningResponse.BETTER: -1, MorningResponse.SAME: 0, MorningResponse.WORSE: 1}
WEEK = 7
FOUR_WEEKS = 28


class Mark(StrEnum):
    """What became of one planned session."""

    DONE = "done"
    PARTLY = "partly"
    SKIPPED = "skipped"
    MISSED = "missed"


@dataclass(frozen=True)
class SessionLog:
    """One logged session on the person's local date."""

    day: date
    session: int
    outcome: SessionOutcome
    pain: int | None
    endurance_minutes: int | None = None


@dataclass(frozen=True)
class PhaseMove:
    """The person entered a phase (set-up, advance or step back) on a local date."""

    day: date
    phase: int


@dataclass(frozen=True, order=True)
class Slot:
    """One session of one local day."""

    day: date
    session: int


@dataclass(frozen=True)
class History:
    """What one person logged, and the reminders that went unanswered, on local dates."""

    started_on: date
    sessions: tuple[SessionLog, ...] = ()
    mornings: tuple[MorningReport, ...] = ()
    phase_moves: tuple[PhaseMove, ...] = ()
    # Reminder slots that were sent or fell due with nothing logged for them.
    unanswered: tuple[Slot, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Nothing to chart yet: no session, morning or unanswered reminder."""
        return not (self.sessions or self.mornings or self.unanswered)


@dataclass(frozen=True)
class ProgressSummary:
    """The numbers under the chart."""

    last_7_days: Adherence
    last_28_days: Adherence
    streak_days: int
    endurance_minutes_this_week: int
    phase: int
    day_in_phase: int  # 1 on the phase's first day, as /plan shows it


@dataclass(frozen=True)
class PainPoint:
    """The highest pain reported during the sessions of a day."""

    day: date
    pain: int


@dataclass(frozen=True)
class MorningPoint:
    """How the morning after a session day felt: -1 better, 0 same, +1 worse."""

    day: date  # the session day the morning follows
    level: int


@dataclass(frozen=True)
class OutcomeMark:
    """What became of one session, for the chart's session rows."""

    day: date
    session: int
    mark: Mark


@dataclass(frozen=True)
class PhaseBand:
    """A stretch of days in one phase: from ``start`` up to, not including, ``end``."""

    start: date
    end: date
    phase: int


@dataclass(frozen=True)
class LimitSpan:
    """The pain limit in force from ``start`` on, until the next span's start."""

    start: date
    limit: int


@dataclass(frozen=True)
class HoldSpan:
    """Days the plan was on hold (safety hold): from ``start`` up to, not including, ``end``;
    ``end`` is None while the hold is open."""

    start: date
    end: date | None


@dataclass(frozen=True)
class ChartData:
    """Everything the chart draws, as plain values: days on x, values per series."""

    first_day: date
    last_day: date
    pain: tuple[PainPoint, ...]
    mornings: tuple[MorningPoint, ...]
    outcomes: tuple[OutcomeMark, ...]
    bands: tuple[PhaseBand, ...]
    limit: int
    session_rows: int
    # Safety holds, each ending by the chart's last day.
    holds: tuple[HoldSpan, ...] = ()
    # The limit day by day, the first span from the first day (``limit`` is today's).
    limits: tuple[LimitSpan, ...] = ()


@dataclass(frozen=True)
class HistoryRow:
    """One line of the report's history table."""

    day: date
    session: int
    mark: Mark
    pain: int | None
    endurance_minutes: int | None
    next_morning: MorningResponse | None


def window_adherence(
    history: History,
    *,
    today: date,
    window_days: int,
    sessions_per_day: int,
    off_days: Collection[date] = (),
) -> Adherence:
    """Adherence over the last ``window_days`` days to today (rehab.adherence)."""
    return adherence(
        (DaySession(entry.day, entry.outcome) for entry in history.sessions),
        first=max(today - timedelta(days=window_days - 1), history.started_on),
        today=today,
        sessions_per_day=sessions_per_day,
        off_days=off_days,
    )


def streak(history: History, *, today: date) -> int:
    """Count consecutive days with a session done or partly, up to today or yesterday."""
    done_days = {
        entry.day
        for entry in history.sessions
        if entry.outcome in DONE_OUTCOMES and history.started_on <= entry.day <= today
    }
    return days_in_a_row(done_days, today=today)


def days_in_a_row(done_days: Collection[date], *, today: date) -> int:
    """Count the days in ``done_days`` in a row up to today, or up to yesterday if today has
    none yet (the day is not over)."""
    day = today if today in done_days else today - timedelta(days=1)
    count = 0
    while day in done_days:
        count += 1
        day -= timedelta(days=1)
    return count


def endurance_this_week(history: History, *, today: date) -> int:
    """Add up endurance minutes from Monday of today's week to today."""
    monday = today - timedelta(days=today.weekday())
    return sum(
        entry.endurance_minutes or 0 for entry in history.sessions if monday <= entry.day <= today
    )


def summarise(
    history: History,
    *,
    today: date,
    sessions_per_day: int,
    phase: int,
    phase_started_on: date,
    off_days: Collection[date] = (),
) -> ProgressSummary:
    """Work out the caption's numbers (``off_days``: days on a safety hold or paused)."""
    windows = {
        days: window_adherence(
            history,
            today=today,
            window_days=days,
            sessions_per_day=sessions_per_day,
            off_days=off_days,
        )
        for days in (WEEK, FOUR_WEEKS)
    }
    return ProgressSummary(
        last_7_days=windows[WEEK],
        last_28_days=windows[FOUR_WEEKS],
        streak_days=streak(history, today=today),
        endurance_minutes_this_week=endurance_this_week(history, today=today),
        phase=phase,
        day_in_phase=max(0, (today - phase_started_on).days) + 1,
    )


def chart_data(
    history: History,
    *,
    today: date,
    limit: int,
    sessions_per_day: int,
    phase: int,
    phase_started_on: date,
    holds: Sequence[HoldSpan] = (),
    limit_changes: Sequence[tuple[date, int]] = (),
) -> ChartData:
    """Build the chart's series from the history, from set-up (or the first entry) to today,
    with the safety holds (an open one runs to today) and the limit each day had (from
    ``limit_changes``: from this day, that limit; with none, ``limit`` throughout)."""
    outcomes = _outcome_marks(history, today=today)
    pain = _pain_points(history.sessions)
    mornings = tuple(
        MorningPoint(day=report.day - timedelta(days=1), level=MORNING_LEVELS[report.response])
        for report in sorted(history.mornings, key=lambda report: report.day)
    )
    days = [
        history.started_on,
        today,
        *(point.day for point in pain),
        *(point.day for point in mornings),
        *(mark.day for mark in outcomes),
        *(hold.start for hold in holds),
    ]
    first_day, last_day = min(days), max(days)
    after_last = last_day + timedelta(days=1)
    return ChartData(
        first_day=first_day,
        last_day=last_day,
        pain=pain,
        mornings=mornings,
        outcomes=outcomes,
        bands=_phase_bands(
            history.phase_moves,
            fallback=PhaseMove(day=phase_started_on, phase=phase),
            end=after_last,
        ),
        limit=limit,
        session_rows=max([sessions_per_day, *(mark.session for mark in outcomes)]),
        holds=tuple(
            HoldSpan(hold.start, min(hold.end or after_last, after_last)) for hold in holds
        ),
        limits=_limit_spans(limit_changes or [(first_day, limit)], first_day, last_day),
    )


def _limit_spans(
    changes: Sequence[tuple[date, int]], first_day: date, last_day: date
) -> tuple[LimitSpan, ...]:
    """The limit's spans over the chart's days: the first day's limit is the last change by
    then, else the first one known (a plan set up before the changes were kept)."""
    ordered = sorted(changes)
    first = next((limit for day, limit in reversed(ordered) if day <= first_day), ordered[0][1])
    spans = [LimitSpan(first_day, first)]
    for day, limit in ordered:
        if first_day < day <= last_day and limit != spans[-1].limit:
            spans.append(LimitSpan(day, limit))
    return tuple(spans)


def history_rows(history: History, *, today: date) -> tuple[HistoryRow, ...]:
    """List every logged or missed session, oldest first, with the next morning's answer."""
    logged = {(entry.day, entry.session): entry for entry in history.sessions}
    mornings = {report.day: report.response for report in history.mornings}
    rows: list[HistoryRow] = []
    for mark in _outcome_marks(history, today=today):
        entry = logged.get((mark.day, mark.session))
        rows.append(
            HistoryRow(
                day=mark.day,
                session=mark.session,
                mark=mark.mark,
                pain=None if entry is None else entry.pain,
                endurance_minutes=None if entry is None else entry.endurance_minutes,
                next_morning=None,
            )
        )
    # The morning answer belongs to the day as a whole: show it once, on its last session.
    for index, row in enumerate(rows):
        is_last_of_day = index + 1 == len(rows) or rows[index + 1].day != row.day
        response = mornings.get(row.day + timedelta(days=1))
        if is_last_of_day and response is not None:
            rows[index] = HistoryRow(
                row.day, row.session, row.mark, row.pain, row.endurance_minutes, response
            )
    return tuple(rows)


def _pain_points(sessions: tuple[SessionLog, ...]) -> tuple[PainPoint, ...]:
    worst: dict[date, int] = {}
    for entry in sessions:
        if entry.pain is not None:
            worst[entry.day] = max(entry.pain, worst.get(entry.day, entry.pain))
    return tuple(PainPoint(day=day, pain=pain) for day, pain in sorted(worst.items()))


def _outcome_marks(history: History, *, today: date) -> tuple[OutcomeMark, ...]:
    marks = {(entry.day, entry.session): Mark(entry.outcome.value) for entry in history.sessions}
    for slot in history.unanswered:
        if slot.day < today:
            marks.setdefault((slot.day, slot.session), Mark.MISSED)
    return tuple(
        OutcomeMark(day=day, session=session, mark=mark)
        for (day, session), mark in sorted(marks.items())
    )


def _phase_bands(
    moves: tuple[PhaseMove, ...], *, fallback: PhaseMove, end: date
) -> tuple[PhaseBand, ...]:
    # Several moves on one day (an advance, then a step back) leave that day in the last phase.
    by_day = {move.day: move.phase for move in sorted(moves, key=lambda move: move.day)}
    if not by_day:
        by_day = {fallback.day: fallback.phase}
    starts = sorted(by_day)
    bands = [
        PhaseBand(start=start, end=min(stop, end), phase=by_day[start])
        for start, stop in zip(starts, [*starts[1:], end], strict=True)
    ]
    return tuple(band for band in bands if band.start < band.end)
