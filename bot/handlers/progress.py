"""/progress (a chart with the numbers under it) and /report (a PDF or page for a physio)."""

from __future__ import annotations

import asyncio
from functools import partial

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.context import RehabContext
from bot.handlers.update_io import refusals_answered, sent_message
from bot.texts import progress_report as progress_texts
from bot.views.progress_chart import render_png
from bot.views.report_page import PlanFacts, ReportInputs, report_html
from bot.views.report_pdf import report_pdf
from coach.plan_position import pain_limit, phase_of, track_of
from coach.preferences import change_display_name, display_name, report_name
from coach.progress_figures import progress_figures


@refusals_answered
async def progress(update: Update, context: RehabContext) -> None:
    """Send the progress chart with adherence, streak, endurance and day in phase."""
    message, user_id = sent_message(update)
    async with context.work() as work:
        figures = await progress_figures(work, user_id=user_id)
    if figures.history.activity.is_empty:
        await message.reply_text(progress_texts.NO_DATA_YET)
        return
    # Drawing takes a good part of a second: a worker thread keeps other chats answered meanwhile.
    png = await asyncio.to_thread(render_png, figures.chart())
    await message.reply_photo(
        png,
        caption=progress_texts.caption(figures.summary(), phase_name=phase_of(figures.state).name),
        filename="progress.png",
    )


@refusals_answered
async def report(update: Update, context: RehabContext) -> None:
    """Send the physio report as a PDF, or with ``/report html`` as an HTML page."""
    message, user_id = sent_message(update)
    async with context.work() as work:
        figures = await progress_figures(work, user_id=user_id)
    as_html = [arg.lower() for arg in context.args or ()] == [progress_texts.REPORT_HTML_ARGUMENT]
    state, summary = figures.state, figures.summary()
    png = None
    if not figures.history.activity.is_empty:
        png = await asyncio.to_thread(render_png, figures.chart())
    plan = PlanFacts(
        track=track_of(state),
        phase=phase_of(state),
        day_in_phase=summary.day_in_phase,
        pain_limit=pain_limit(state),
        limit_agreed=state.pain_limit is not None,
        has_provider=state.has_provider,
        reminder_times=figures.reminder_times,
        zone=state.timezone,
    )
    inputs = ReportInputs(
        plan=plan,
        history=figures.history,
        summary=summary,
        rows=figures.rows(),
        chart_png=png,
        today=figures.today,
        holds=figures.hold_records(),
        display_name=figures.history.display_name,
    )
    if as_html:
        # The page embeds the exercise pictures, drawn on first use: off the event loop.
        page = await asyncio.to_thread(report_html, inputs)
        await message.reply_document(
            page.encode(),
            filename=progress_texts.report_filename(figures.today),
            caption=progress_texts.REPORT_CAPTION,
        )
        return
    pdf = await asyncio.to_thread(
        partial(report_pdf, inputs, sessions_per_day=state.sessions_per_day)
    )
    await message.reply_document(
        pdf,
        filename=progress_texts.report_pdf_filename(figures.today),
        caption=progress_texts.REPORT_PDF_CAPTION,
    )


@refusals_answered
async def name(update: Update, context: RehabContext) -> None:
    """Set the name on the report (``/name Ana``), remove it (``/name off``) or show it."""
    message, user_id = sent_message(update)
    typed = " ".join(context.args or ())
    if not typed:
        async with context.work() as work:
            current = await report_name(work, user_id=user_id)
        await message.reply_html(progress_texts.name_now(current))
        return
    chosen = None if typed.lower() == progress_texts.NAME_OFF else display_name(typed)
    async with context.work() as work:
        await change_display_name(work, user_id=user_id, name=chosen)
    await message.reply_html(progress_texts.name_saved(chosen))


def handlers() -> list[CommandHandler[RehabContext, None]]:
    """/progress, /report and /name, in private chats."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("progress", progress, filters=private),
        CommandHandler("report", report, filters=private),
        CommandHandler("name", name, filters=private),
    ]
