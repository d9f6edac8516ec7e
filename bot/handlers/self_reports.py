"""Buttons with which people tell the bot something about themselves that changes the routine."""

from __future__ import annotations

from bot import callbacks
from bot.context import RehabContext
from bot.handlers.button_presses import ButtonHandlers, Press
from bot.handlers.update_io import Handlers, edit, shown_html
from bot.texts import coaching as coaching_texts
from bot.views.routine_message import render_routine
from coach.day_record import SessionRef
from coach.self_reports import report_aggravation, report_walking_pain_free
from rehab.aggravation import Aggravator

buttons = ButtonHandlers()


@buttons.on(callbacks.WALKING)
async def walking_pain_free(press: Press[SessionRef], context: RehabContext) -> None:
    """Keep that walking is pain-free and show the routine it changes."""
    async with context.work() as work:
        plan = await report_walking_pain_free(work, user_id=press.user_id, ref=press.value)
    await press.query.answer(coaching_texts.WALKING_NOTED)
    html, markup = render_routine(plan)
    await edit(press.query, html, reply_markup=markup)


@buttons.on(callbacks.AGGRAVATED)
async def aggravation_answered(
    press: Press[tuple[SessionRef, Aggravator]], context: RehabContext
) -> None:
    """Keep what aggravated it, and put the advice for it in the question's place."""
    ref, what = press.value
    async with context.work() as work:
        await report_aggravation(work, user_id=press.user_id, ref=ref, what=what)
    await press.query.answer()
    kept = shown_html(press.query).rsplit("\n\n", 1)[0]
    await edit(press.query, f"{kept}\n\n{coaching_texts.AGGRAVATION_ADVICE[what]}")


def handlers() -> Handlers:
    """The self-report buttons."""
    return buttons.handlers
