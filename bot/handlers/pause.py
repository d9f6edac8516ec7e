"""/pause and /resume: a break from reminders and nudges, for some days or until resumed."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot import callbacks
from bot.context import RehabContext
from bot.handlers.button_presses import ButtonHandlers, Press
from bot.handlers.update_io import Handlers, edit, refusals_answered, sent_message
from bot.texts import nudge as nudge_texts
from bot.views import keyboards
from coach import attendance

buttons = ButtonHandlers()


@refusals_answered
async def pause_command(update: Update, context: RehabContext) -> None:
    """Pause for the days given, or ask how long."""
    message, user_id = sent_message(update)
    arguments = context.args or []
    if not arguments:
        await message.reply_text(nudge_texts.ASK_PAUSE, reply_markup=keyboards.pause_keyboard())
        return
    typed = arguments[0]
    whole = typed.isascii() and typed.isdecimal()
    if len(arguments) > 1 or not whole or int(typed) not in nudge_texts.PAUSE_DAYS_RANGE:
        await message.reply_text(nudge_texts.PAUSE_USAGE)
        return
    async with context.work() as work:
        paused = await attendance.pause(work, user_id=user_id, days=int(typed))
    await message.reply_text(nudge_texts.paused(paused.until, zone=paused.zone))


@buttons.on(callbacks.PAUSE)
async def pause_chosen(press: Press[int], context: RehabContext) -> None:
    """Pause for the days on the button (0: until resumed)."""
    async with context.work() as work:
        paused = await attendance.pause(work, user_id=press.user_id, days=press.value or None)
    await press.query.answer()
    await edit(press.query, nudge_texts.paused(paused.until, zone=paused.zone))


@buttons.on(callbacks.KEEP_GOING)
async def keep_going(press: Press[None], context: RehabContext) -> None:
    """Answer the offer of a pause with carrying on."""
    await press.query.answer()
    await edit(press.query, nudge_texts.KEEP_GOING)


@refusals_answered
async def resume_command(update: Update, context: RehabContext) -> None:
    """End a pause now and plan the next reminders from now."""
    message, user_id = sent_message(update)
    async with context.work() as work:
        first = await attendance.resume(work, user_id=user_id)
    await message.reply_text(nudge_texts.resumed(first))


def handlers() -> Handlers:
    """The pause commands and buttons."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("pause", pause_command, filters=private),
        CommandHandler("resume", resume_command, filters=private),
        *buttons.handlers,
    ]
