"""The numbers and series of /progress and /report, from one person's whole history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from coach.plan_position import pain_limit, plan_of
from coach.refusals import Reason, Refusal
from coach.setup import AT_SETUP
from coach.work import Work
from rehab.progress_rules import (
    ChartData,
    HistoryRow,
    HoldSpan,
    ProgressSummary,
    chart_data,
    history_rows,
    summarise,
)
from storage import history, users
from storage.history import PersonHistory
from storage.models import FlagKind
from storage.plans import PlanState

_CLEARANCES = (FlagKind.HOLD_CLEARED, FlagKind.HOLD_CLEARED_STEP_BACK)


@dataclass(frozen=True)
class ProgressFigures:
    """One person's plan and history as of their local today."""

    state: PlanState
    history: PersonHistory
    reminder_times: tuple[time, ...]
    today: date

    def summary(self) -> ProgressSummary:
        """The caption's numbers."""
        return summarise(
            self.history.activity,
            today=self.today,
            sessions_per_day=self.state.sessions_per_day,
            phase=self.state.phase,
            phase_started_on=self.state.phase_started_on,
        )

    def chart(self) -> ChartData:
        """The chart's series."""
        return chart_data(
            self.history.activity,
            today=self.today,
            limit=pain_limit(self.state),
            sessions_per_day=self.state.sessions_per_day,
            phase=self.state.phase,
            phase_started_on=self.state.phase_started_on,
            holds=self.holds(),
        )

    def holds(self) -> tuple[HoldSpan, ...]:
        """The safety holds, from the flags: pain of 7+ or a warning sign during the rehab
        opens one, a professional's clearance ends it (the open one, if any, runs on)."""
        spans: list[HoldSpan] = []
        start: date | None = None
        for flag in self.history.flags:
            opens = flag.kind is FlagKind.PAIN_STOP or (
                flag.kind is FlagKind.RED_FLAG and not (flag.detail or "").startswith(AT_SETUP)
            )
            if opens and start is None:
                start = flag.day
            elif flag.kind in _CLEARANCES and start is not None:
                spans.append(HoldSpan(start, flag.day))
                start = None
        if start is not None or self.state.hold_day is not None:
            spans.append(HoldSpan(start or self.state.hold_day or self.today, None))
        return tuple(spans)

    def rows(self) -> tuple[HistoryRow, ...]:
        """Every day of the history as a row of the report."""
        return history_rows(self.history.activity, today=self.today)


async def progress_figures(work: Work, *, user_id: int) -> ProgressFigures:
    """Read the person's plan and history."""
    state = await plan_of(work, user_id=user_id)
    past = await history.person_history(work.session, user_id=user_id)
    if past is None:
        raise Refusal(Reason.NOT_SET_UP)
    times = await users.reminder_times(work.session, user_id=user_id)
    return ProgressFigures(state, past, tuple(times), work.today_in(state.timezone))
