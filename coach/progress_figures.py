"""The numbers and series of /progress and /report, from one person's whole history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from coach.days_off import HoldRecord, days_off, hold_records
from coach.plan_position import pain_limit, plan_of
from coach.refusals import Reason, Refusal
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
from storage.plans import PlanState


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
            off_days=self.off_days(),
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
            limit_changes=self.history.limit_changes,
        )

    def off_days(self) -> frozenset[date]:
        """The days that planned no sessions: on a hold or paused (coach.days_off)."""
        return days_off(
            self.holds(), self.history.pauses, zone=self.state.timezone, until=self.today
        )

    def holds(self) -> tuple[HoldSpan, ...]:
        """The days of the safety holds (coach.days_off), the open one running on."""
        return tuple(record.span for record in self.hold_records())

    def hold_records(self) -> tuple[HoldRecord, ...]:
        """The safety holds with how each began and ended, for the report."""
        return hold_records(self.history.flags, open_since=self.state.hold_day)

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
