"""/problem, the answers to "have you been seen?" (the safety hold) and a physio found."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import callbacks
from bot.context import RehabContext
from bot.handlers.update_io import (
    drop_buttons,
    edit,
    own_press,
    refusals_answered,
    send_routine,
    sent_message,
)
from bot.texts import safety as safety_texts
from bot.texts import weekly as weekly_texts
from bot.views import keyboards
from bot.views.routine_message import render_routine
from coach import safety_hold, setup
from coach.safety_hold import Cleared, SeenAnswer
from rehab.content import load_protocol


async def problem_command(update: Update, context: RehabContext) -> None:
    """Ask whether a warning sign or pain of 7/10 or more is happening."""
    message, _ = sent_message(update)
    await message.reply_text(
        safety_texts.ask_problem(load_protocol().red_flags),
        reply_markup=keyboards.problem_keyboard(),
    )


@refusals_answered
async def problem_answered(update: Update, context: RehabContext) -> None:
    """Put the plan on hold after a yes; after a no, say /problem is there any time."""
    query = own_press(update)
    if not callbacks.PROBLEM.decode(query.data):
        await query.answer()
        await edit(query, safety_texts.PROBLEM_NONE)
        return
    async with context.work() as work:
        await safety_hold.report_problem(work, user_id=query.from_user.id)
    await query.answer()
    await edit(query, safety_texts.problem_reported(load_protocol().red_flags))


@refusals_answered
async def seen_answered(update: Update, context: RehabContext) -> None:
    """Keep holding and say when the coach asks again, or carry on with today's routine."""
    query = own_press(update)
    answer = callbacks.SEEN.decode(query.data)
    async with context.work() as work:
        result = await safety_hold.answer_seen(work, user_id=query.from_user.id, answer=answer)
    await query.answer()
    if isinstance(result, Cleared):
        cleared = (
            safety_texts.CLEARED_STEP_BACK
            if answer is SeenAnswer.CLEARED_STEP_BACK
            else safety_texts.CLEARED
        )
        await edit(query, cleared.format(phase=result.phase))
        if query.message is not None:
            html, markup = render_routine(result.first_session)
            await send_routine(context.bot, query.message.chat.id, html, markup)
        return
    said = safety_texts.RESTING if answer is SeenAnswer.RESTING else safety_texts.STILL_NOT_SEEN
    await edit(query, said + safety_texts.ask_again(result.ask_again, zone=result.zone))


@refusals_answered
async def found_provider(update: Update, context: RehabContext) -> None:
    """Stop suggesting a physio: the person has one now."""
    query = own_press(update)
    async with context.work() as work:
        await setup.found_a_provider(work, user_id=query.from_user.id)
    await query.answer(weekly_texts.FOUND_A_PHYSIO)
    await drop_buttons(query)


def handlers() -> list[BaseHandler[Update, RehabContext, None]]:
    """/problem and the hold's buttons."""
    return [
        CommandHandler("problem", problem_command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(problem_answered, pattern=callbacks.PROBLEM.matches),
        CallbackQueryHandler(seen_answered, pattern=callbacks.SEEN.matches),
        CallbackQueryHandler(found_provider, pattern=callbacks.FOUND_PROVIDER.matches),
    ]
