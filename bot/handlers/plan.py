"""/plan and the criteria check that moves a person to the next phase."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot import callbacks
from bot.context import RehabContext
from bot.handlers.update_io import edit, own_press, refusals_answered, send_routine, sent_message
from bot.texts import coaching as coaching_texts
from bot.texts import safety as safety_texts
from bot.views import keyboards
from bot.views.routine_message import render_routine
from coach.phase_check import NextQuestion, answer_criterion, standing
from coach.plan_position import day_in_phase, phase_of, track_of


@refusals_answered
async def plan(update: Update, context: RehabContext) -> None:
    """Show the track, the phase and day in it, what comes next and the criteria to get there."""
    message, user_id = sent_message(update)
    async with context.work() as work:
        now = await standing(work, user_id=user_id)
    state = now.state
    overview = coaching_texts.plan_overview(
        track_of(state),
        phase_of(state),
        day_in_phase=day_in_phase(state, now.today),
        started_on=state.phase_started_on,
        today=now.today,
    )
    if now.on_hold_since is not None:
        # No check to move on while on hold: the answers that end the hold instead.
        await message.reply_text(
            f"{overview}\n\n{escape(safety_texts.on_hold(now.on_hold_since))}",
            reply_markup=keyboards.seen_keyboard(),
        )
        return
    await message.reply_text(overview, reply_markup=keyboards.plan_keyboard(state.phase))


@refusals_answered
async def criterion_answered(update: Update, context: RehabContext) -> None:
    """Ask the next criterion, or decide once all are answered.

    The phase and the answers so far travel in the button, so a restart loses nothing and a
    button from before a phase change is recognised as out of date (its buttons stay: after a
    quick double press, the message is already being edited).
    """
    query = own_press(update)
    phase_number, answers = callbacks.CRITERION.decode(query.data)
    async with context.work() as work:
        step = await answer_criterion(
            work, user_id=query.from_user.id, phase_number=phase_number, answers=answers
        )
    await query.answer()
    if isinstance(step, NextQuestion):
        await edit(
            query,
            coaching_texts.criterion_question(step.phase, step.index),
            reply_markup=keyboards.criterion_keyboard(phase_number, answers),
        )
        return
    await edit(query, coaching_texts.decision_text(step.decision, track_of(step.state)))
    if step.routine is not None and query.message is not None:
        await send_routine(context.bot, query.message.chat.id, *render_routine(step.routine))


def handlers() -> list[CallbackQueryHandler[RehabContext, None]]:
    """The criteria check's buttons."""
    return [CallbackQueryHandler(criterion_answered, pattern=callbacks.CRITERION.matches)]
