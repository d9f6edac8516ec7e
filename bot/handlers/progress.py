"""/progress (a chart with the numbers under it) and /report (a page to share with a physio)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, time

from telegram import Message, Update
from telegram.ext import CommandHandler, filters

from bot import texts
from bot.charts import render_png
from bot.coaching import pain_limit, phase_of, track_of
from bot.context import RehabContext
from bot.report import PlanFacts, report_html
from bot.texts import progress as progress_texts
from rehab.progress import ChartData, ProgressSummary, chart_data, history_rows, summarise
from storage import history, plans, users
from storage.history import PersonHistory
from storage.plans import PlanState


@dataclass(frozen=True)
class _Progress:
    """One person's plan and history as of their local today, read in one database session."""

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
        )


async def progress(update: Update, context: RehabContext) -> None:
    """Send the progress chart with adherence, streak, endurance and day in phase."""
    message, person = update.effective_message, update.effective_user
    if message is None or person is None:
        return
    read = await _read(message, person.id, context)
    if read is None:
        return
    if read.history.activity.is_empty:
        await message.reply_text(progress_texts.NO_DATA_YET)
        return
    # Drawing takes a good part of a second: a worker thread keeps other chats answered meanwhile.
    png = await asyncio.to_thread(render_png, read.chart())
    await message.reply_photo(
        png,
        caption=progress_texts.caption(read.summary(), phase_name=phase_of(read.state).name),
        filename="progress.png",
    )


async def report(update: Update, context: RehabContext) -> None:
    """Send the physio report as an HTML file: plan, history, chart and flags."""
    message, person = update.effective_message, update.effective_user
    if message is None or person is None:
        return
    read = await _read(message, person.id, context)
    if read is None:
        return
    state, summary = read.state, read.summary()
    png = None
    if not read.history.activity.is_empty:
        png = await asyncio.to_thread(render_png, read.chart())
    page = report_html(
        plan=PlanFacts(
            track=track_of(state),
            phase=phase_of(state),
            day_in_phase=summary.day_in_phase,
            pain_limit=pain_limit(state),
            limit_agreed=state.pain_limit is not None,
            has_provider=state.has_provider,
            reminder_times=read.reminder_times,
            zone=state.timezone,
        ),
        history=read.history,
        summary=summary,
        rows=history_rows(read.history.activity, today=read.today),
        chart_png=png,
        today=read.today,
    )
    await message.reply_document(
        page.encode(),
        filename=progress_texts.report_filename(read.today),
        caption=progress_texts.REPORT_CAPTION,
    )


async def _read(message: Message, user_id: int, context: RehabContext) -> _Progress | None:
    """Read the person's plan and history, or tell them to set up first."""
    async with context.db() as session:
        state = await plans.plan_state(session, user_id=user_id)
        past = await history.person_history(session, user_id=user_id)
        reminder_times = await users.reminder_times(session, user_id=user_id)
    if state is None or past is None:
        await message.reply_text(texts.NOT_SET_UP)
        return None
    return _Progress(state, past, tuple(reminder_times), context.local_today(state.timezone))


def handlers() -> list[CommandHandler[RehabContext, None]]:
    """/progress and /report, in private chats."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("progress", progress, filters=private),
        CommandHandler("report", report, filters=private),
    ]
