"""/pause and /resume: a break from reminders and nudges, for some days or until resumed."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot import callbacks
from bot.context import RehabContext
from bot.handlers.update_io import edit, own_press, refusals_answered, sent_message
from bot.texts import nudge as nudge_texts
from bot.views import keyboards
from coach import attendance


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


@refusals_answered
async def pause_chosen(update: Update, context: RehabContext) -> None:
    """Pause for the days on the button (0: until resumed)."""
    query = own_press(update)
    days = callbacks.PAUSE.decode(query.data)
    async with context.work() as work:
        paused = await attendance.pause(work, user_id=query.from_user.id, days=days or None)
    await query.answer()
    await edit(query, nudge_texts.paused(paused.until, zone=paused.zone))


@refusals_answered
async def keep_going(update: Update, context: RehabContext) -> None:
    """Answer the offer of a pause with carrying on."""
    query = own_press(update)
    await query.answer()
    await edit(query, nudge_texts.KEEP_GOING)


@refusals_answered
async def resume_command(update: Update, context: RehabContext) -> None:
    """End a pause now and plan the next reminders from now."""
    message, user_id = sent_message(update)
    async with context.work() as work:
        first = await attendance.resume(work, user_id=user_id)
    await message.reply_text(nudge_texts.resumed(first))


def handlers() -> list[
    CommandHandler[RehabContext, None] | CallbackQueryHandler[RehabContext, None]
]:
    """The pause commands and buttons."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("pause", pause_command, filters=private),
        CommandHandler("resume", resume_command, filters=private),
        CallbackQueryHandler(pause_chosen, pattern=callbacks.PAUSE.matches),
        CallbackQueryHandler(keep_going, pattern=callbacks.KEEP_GOING.matches),
    ]
