"""/pause and /resume: a break from reminders and nudges, for some days or until resumed."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot import keyboards, texts
from bot.context import RehabContext
from bot.handlers.replies import edit
from bot.texts import nudge as nudge_texts
from scheduler.due import next_due_after
from scheduler.nudges import TWO_DAYS_AFTER
from scheduler.planning import replan_from
from storage import activity, plans, users


async def pause_command(update: Update, context: RehabContext) -> None:
    """Pause for the days given, or ask how long."""
    message, person = update.effective_message, update.effective_user
    if message is None or person is None:
        return
    arguments = context.args or []
    if not arguments:
        await message.reply_text(nudge_texts.ASK_PAUSE, reply_markup=keyboards.pause_keyboard())
        return
    typed = arguments[0]
    whole = typed.isascii() and typed.isdecimal()
    if len(arguments) > 1 or not whole or int(typed) not in nudge_texts.PAUSE_DAYS_RANGE:
        await message.reply_text(nudge_texts.PAUSE_USAGE)
        return
    await message.reply_text(await _pause(context, person.id, days=int(typed)))


async def pause_chosen(update: Update, context: RehabContext) -> None:
    """Pause for the days on the button (0: until resumed)."""
    query = update.callback_query
    if query is None:
        return
    if query.message is None or query.message.chat.id != query.from_user.id:
        await query.answer(texts.NOT_YOUR_BUTTON, show_alert=True)
        return
    await query.answer()
    days = int((query.data or "").split(":")[1])
    await edit(query, await _pause(context, query.from_user.id, days=days or None))


async def keep_going(update: Update, context: RehabContext) -> None:
    """Answer the offer of a pause with carrying on."""
    query = update.callback_query
    if query is None:
        return
    if query.message is None or query.message.chat.id != query.from_user.id:
        await query.answer(texts.NOT_YOUR_BUTTON, show_alert=True)
        return
    await query.answer()
    await edit(query, nudge_texts.KEEP_GOING)


async def resume_command(update: Update, context: RehabContext) -> None:
    """End a pause now and plan the next reminders from now."""
    message, person = update.effective_message, update.effective_user
    if message is None or person is None:
        return
    now = context.services.clock.now()
    reply = texts.NOT_SET_UP
    # The reply goes out after the transaction: on SQLite it holds the write lock.
    async with context.db() as session, session.begin():
        state = await plans.plan_state(session, user_id=person.id)
        if state is not None:
            reply = nudge_texts.NOT_PAUSED
            if await activity.resume(
                session, user_id=person.id, now=now, first_look=now + TWO_DAYS_AFTER
            ):
                await replan_from(session, user_id=person.id, zone_name=state.timezone, now=now)
                times = await users.reminder_times(session, user_id=person.id)
                reply = nudge_texts.resumed(_next_time(times, state.timezone, now))
    await message.reply_text(reply)


async def _pause(context: RehabContext, user_id: int, *, days: int | None) -> str:
    now = context.services.clock.now()
    until = None if days is None else now + timedelta(days=days)
    async with context.db() as session, session.begin():
        state = await plans.plan_state(session, user_id=user_id)
        if state is None or not await activity.pause(session, user_id=user_id, until=until):
            return texts.NOT_SET_UP
    return nudge_texts.paused(until, zone=state.timezone)


def _next_time(times: list[time], zone: str, now: datetime) -> time | None:
    """The reminder time that comes first from now."""
    local = ZoneInfo(zone)
    return min(times, key=lambda at: next_due_after(at, local, now)) if times else None


def handlers() -> list[
    CommandHandler[RehabContext, None] | CallbackQueryHandler[RehabContext, None]
]:
    """The pause commands and buttons."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("pause", pause_command, filters=private),
        CommandHandler("resume", resume_command, filters=private),
        CallbackQueryHandler(pause_chosen, pattern=r"^pause:(0|3|7|14)$"),
        CallbackQueryHandler(keep_going, pattern=r"^keep$"),
    ]
