"""/problem, the answers to "have you been seen?" (the safety hold) and a physio found."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot import callbacks, texts
from bot.context import RehabContext
from bot.handlers.button_presses import ButtonHandlers, Press
from bot.handlers.picture_album import send_first_routine
from bot.handlers.update_io import Handlers, drop_buttons, edit, send_routine, sent_message
from bot.texts import safety as safety_texts
from bot.texts import weekly as weekly_texts
from bot.views import keyboards
from bot.views.routine_message import render_routine
from coach import safety_hold, setup
from coach.safety_hold import Cleared, SeenAnswer
from rehab.content import load_protocol

buttons = ButtonHandlers()


async def problem_command(update: Update, context: RehabContext) -> None:
    """Ask whether a warning sign or pain of 7/10 or more is happening."""
    message, _ = sent_message(update)
    await message.reply_text(
        safety_texts.ask_problem(load_protocol().red_flags),
        reply_markup=keyboards.problem_keyboard(),
    )


@buttons.on(callbacks.PROBLEM)
async def problem_answered(press: Press[bool], context: RehabContext) -> None:
    """Put the plan on hold after a yes; after a no, say /problem is there any time."""
    query = press.query
    if not press.value:
        await query.answer()
        await edit(query, safety_texts.PROBLEM_NONE)
        return
    async with context.work() as work:
        state = await safety_hold.report_problem(work, user_id=press.user_id)
    await query.answer()
    html = safety_texts.problem_reported(load_protocol().red_flags)
    if state.has_provider:
        await edit(query, html)
        return
    why = f"{html}\n\n{texts.WHY_A_PHYSIO}"
    await edit(query, why, reply_markup=keyboards.found_provider_keyboard())


@buttons.on(callbacks.SEEN)
async def seen_answered(press: Press[SeenAnswer], context: RehabContext) -> None:
    """Keep holding and say when the coach asks again, or carry on with today's routine."""
    answer = press.value
    async with context.work() as work:
        result = await safety_hold.answer_seen(work, user_id=press.user_id, answer=answer)
    if isinstance(result, Cleared):
        cleared = (
            safety_texts.CLEARED_STEP_BACK
            if answer is SeenAnswer.CLEARED_STEP_BACK
            else safety_texts.CLEARED
        )
        await press.show(cleared.format(phase=result.phase))
        if answer is SeenAnswer.CLEARED_STEP_BACK:  # a phase begins again
            await send_first_routine(context, press.chat_id, result.first_session)
        else:
            await send_routine(context.bot, press.chat_id, *render_routine(result.first_session))
        return
    said = safety_texts.RESTING if answer is SeenAnswer.RESTING else safety_texts.STILL_NOT_SEEN
    await press.show(said + safety_texts.ask_again(result.ask_again, zone=result.zone))


@buttons.on(callbacks.FOUND_PROVIDER)
async def found_provider(press: Press[None], context: RehabContext) -> None:
    """Stop suggesting a physio: the person has one now."""
    async with context.work() as work:
        await setup.found_a_provider(work, user_id=press.user_id)
    await press.query.answer(weekly_texts.FOUND_A_PHYSIO)
    await drop_buttons(press.query)


def handlers() -> Handlers:
    """/problem and the hold's buttons."""
    return [
        CommandHandler("problem", problem_command, filters=filters.ChatType.PRIVATE),
        *buttons.handlers,
    ]
