"""The onboarding conversation: injury, time zone, injury date, reminder time."""

from __future__ import annotations

import warnings
from datetime import date, time, timedelta
from html import escape
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import keyboards, texts
from bot.answers import find_zone, parse_date, parse_time
from bot.context import RehabContext
from bot.handlers.check_in import send_routine
from bot.handlers.commands import help_command
from bot.keyboards import SessionRef
from rehab.injury import AnswerError, Onset, check_injury_date
from scheduler.due import next_due_after
from scheduler.planning import replan_from
from storage import users
from storage.models import UserStatus

ONSET, ZONE, INJURY_DATE, REMINDER_TIME = "onset", "zone", "injury_date", "reminder_time"
END = ConversationHandler.END


async def start(update: Update, context: RehabContext) -> str | int:
    """Begin onboarding, or greet someone who is already set up."""
    message, user_id = _text_message(update)
    async with context.db() as session, session.begin():
        known = await users.get_user(session, user_id)
        if known is not None and known.onboarded_at is not None:
            came_back = await users.reactivate(session, user_id=user_id, chat_id=message.chat_id)
            if came_back and known.timezone is not None:
                # Slots that passed while the bot could not write to them are not owed.
                await replan_from(
                    session,
                    user_id=user_id,
                    zone_name=known.timezone,
                    now=context.services.clock.now(),
                )
            times = await users.reminder_times(session, user_id=user_id)
            await message.reply_text(
                texts.welcome_back(reminder=times[0] if times else None, zone=known.timezone),
                reply_markup=keyboards.restart_keyboard(),
            )
            return END
        await users.start_onboarding(
            session, user_id=user_id, chat_id=message.chat_id, now=context.services.clock.now()
        )
    await message.reply_text(texts.WELCOME)
    await message.reply_text(texts.ASK_ONSET, reply_markup=keyboards.onset_keyboard())
    return ONSET


async def restart(update: Update, context: RehabContext) -> str:
    """Run the setup questions again for someone already set up."""
    query = _query(update)
    await query.answer()
    async with context.db() as session, session.begin():
        await users.start_onboarding(
            session,
            user_id=query.from_user.id,
            chat_id=_chat_id(query),
            now=context.services.clock.now(),
        )
    await query.edit_message_text(texts.ASK_ONSET, reply_markup=keyboards.onset_keyboard())
    return ONSET


async def onset_chosen(update: Update, context: RehabContext) -> str:
    """Store how the strain started and ask for the time zone."""
    query = _query(update)
    onset = Onset(_choice(query))
    await query.answer()
    async with context.db() as session, session.begin():
        await users.save_onset(session, user_id=query.from_user.id, onset=onset)
    await query.edit_message_text(
        f"{texts.echo_answer(texts.ONSET_NAMES[onset])}\n\n{texts.ASK_ZONE}",
        reply_markup=keyboards.zone_keyboard(),
    )
    return ZONE


async def zone_chosen(update: Update, context: RehabContext) -> str:
    """Store a time zone picked from the buttons."""
    query = _query(update)
    zone = find_zone(_choice(query))
    await query.answer()
    await _save_zone(context, query.from_user.id, zone)
    await query.edit_message_text(
        f"{texts.echo_answer(zone.key)}\n\n{texts.ASK_INJURY_DATE}",
        reply_markup=keyboards.injury_date_keyboard(),
    )
    return INJURY_DATE


async def zone_typed(update: Update, context: RehabContext) -> str | None:
    """Store a typed time zone, or explain what is wrong with it."""
    message, user_id = _text_message(update)
    try:
        zone = find_zone(message.text or "")
    except AnswerError as error:
        await message.reply_text(_escaped(error))
        return None
    await _save_zone(context, user_id, zone)
    await message.reply_text(
        f"{texts.echo_answer(zone.key)}\n\n{texts.ASK_INJURY_DATE}",
        reply_markup=keyboards.injury_date_keyboard(),
    )
    return INJURY_DATE


async def days_ago_chosen(update: Update, context: RehabContext) -> str | None:
    """Store an injury date picked from the buttons."""
    query = _query(update)
    await query.answer()
    zone = await _zone_of(context, query.from_user.id)
    today = context.local_today(zone)
    day = today - timedelta(days=int(_choice(query)))
    await _save_injury_date(context, query.from_user.id, day)
    await query.edit_message_text(
        f"{texts.echo_answer(texts.injury_date_answer(day, today=today))}\n\n"
        f"{texts.ASK_REMINDER_TIME}",
        reply_markup=keyboards.reminder_time_keyboard(),
    )
    return REMINDER_TIME


async def injury_date_typed(update: Update, context: RehabContext) -> str | None:
    """Store a typed injury date, or explain what is wrong with it."""
    message, user_id = _text_message(update)
    today = context.local_today(await _zone_of(context, user_id))
    try:
        day = check_injury_date(parse_date(message.text or "", today=today), today=today)
    except AnswerError as error:
        await message.reply_text(_escaped(error))
        return None
    await _save_injury_date(context, user_id, day)
    await message.reply_text(
        f"{texts.echo_answer(texts.injury_date_answer(day, today=today))}\n\n"
        f"{texts.ASK_REMINDER_TIME}",
        reply_markup=keyboards.reminder_time_keyboard(),
    )
    return REMINDER_TIME


async def reminder_time_chosen(update: Update, context: RehabContext) -> int:
    """Finish onboarding with a reminder time picked from the buttons."""
    query = _query(update)
    at = parse_time(_choice(query))
    await query.answer()
    await query.edit_message_text(texts.echo_answer(texts.format_time(at)))
    await _finish(context, query.from_user.id, _chat_id(query), at)
    return END


async def reminder_time_typed(update: Update, context: RehabContext) -> int | None:
    """Finish onboarding with a typed reminder time, or explain what is wrong with it."""
    message, user_id = _text_message(update)
    try:
        at = parse_time(message.text or "")
    except AnswerError as error:
        await message.reply_text(_escaped(error))
        return None
    await _finish(context, user_id, message.chat_id, at)
    return END


async def cancel(update: Update, context: RehabContext) -> int:
    """Stop onboarding; /start begins it again."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(texts.SETUP_CANCELLED)
    return END


async def ask_onset_again(update: Update, context: RehabContext) -> None:
    """Ask for a button press, with the buttons right below, when the onset was typed."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            f"{texts.TAP_A_BUTTON}\n\n{texts.ASK_ONSET}", reply_markup=keyboards.onset_keyboard()
        )


async def text_only(update: Update, context: RehabContext) -> None:
    """Ask for text instead of a sticker, photo or other media."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.TEXT_OR_BUTTONS_ONLY)


async def finish_setup_first(update: Update, context: RehabContext) -> None:
    """Keep the person in onboarding when they send another command."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.FINISH_SETUP_FIRST)


async def old_step_button(update: Update, context: RehabContext) -> None:
    """Answer a button from an earlier onboarding step (or a second press of one)."""
    # The keyboard is left alone: after a double press it already shows the next question.
    await _query(update).answer(texts.OLD_STEP_BUTTON)


async def _finish(context: RehabContext, user_id: int, chat_id: int, at: time) -> None:
    clock = context.services.clock
    async with context.db() as session, session.begin():
        user = await users.get_user(session, user_id)
        if user is None or user.timezone is None or user.onset is None:
            raise LookupError(f"user {user_id} finished onboarding without answers")
        if user.injury_date is None:
            raise LookupError(f"user {user_id} finished onboarding without an injury date")
        zone = ZoneInfo(user.timezone)
        await users.finish_onboarding(
            session,
            user_id=user_id,
            reminder_time=at,
            next_due_at=next_due_after(at, zone, clock.now()),
            now=clock.now(),
        )
        onset, injury_date, zone_name = user.onset, user.injury_date, user.timezone
    today = context.local_today(zone_name)
    summary = texts.setup_summary(
        onset=onset, injury_date=injury_date, zone=zone_name, reminder=at, today=today
    )
    await context.bot.send_message(chat_id, summary)
    await send_routine(context.bot, chat_id, onset, SessionRef(today, 1), logged=None)


async def _save_zone(context: RehabContext, user_id: int, zone: ZoneInfo) -> None:
    async with context.db() as session, session.begin():
        await users.save_timezone(session, user_id=user_id, zone_name=zone.key)


async def _save_injury_date(context: RehabContext, user_id: int, day: date) -> None:
    async with context.db() as session, session.begin():
        await users.save_injury_date(session, user_id=user_id, day=day)


async def _zone_of(context: RehabContext, user_id: int) -> str:
    async with context.db() as session:
        user = await users.get_user(session, user_id)
    if user is None or user.status is not UserStatus.ONBOARDING or user.timezone is None:
        raise LookupError(f"user {user_id} has no time zone yet")
    return user.timezone


def _query(update: Update) -> CallbackQuery:
    if update.callback_query is None:
        raise TypeError("expected a callback query")
    return update.callback_query


def _choice(query: CallbackQuery) -> str:
    """Return what follows the step prefix in callback data like ob:tz:Europe/London."""
    return (query.data or "").split(":", 2)[2]


def _chat_id(query: CallbackQuery) -> int:
    return query.message.chat.id if query.message is not None else query.from_user.id


def _text_message(update: Update) -> tuple[Message, int]:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        raise TypeError("expected a message from a user")
    return message, user.id


def _escaped(error: AnswerError) -> str:
    return escape(str(error))


def conversation() -> ConversationHandler[RehabContext]:
    """Build the persistent onboarding conversation."""
    private = filters.ChatType.PRIVATE
    typed = private & filters.TEXT & ~filters.COMMAND
    with warnings.catch_warnings():
        # PTB warns that per_message=False tracks callback queries per chat, not per message;
        # per chat is what onboarding wants, and stale buttons are caught by old_step_button.
        warnings.filterwarnings("ignore", message=".*per_message.*")
        return ConversationHandler(
            entry_points=[
                CommandHandler("start", start, filters=private),
                CallbackQueryHandler(restart, pattern=f"^{keyboards.RESTART}$"),
            ],
            states={
                ONSET: [
                    CallbackQueryHandler(onset_chosen, pattern="^ob:onset:(sudden|gradual)$"),
                    MessageHandler(typed, ask_onset_again),
                ],
                ZONE: [
                    CallbackQueryHandler(zone_chosen, pattern="^ob:tz:"),
                    MessageHandler(typed, zone_typed),
                ],
                INJURY_DATE: [
                    CallbackQueryHandler(days_ago_chosen, pattern="^ob:ago:(0|1|7)$"),
                    MessageHandler(typed, injury_date_typed),
                ],
                REMINDER_TIME: [
                    CallbackQueryHandler(reminder_time_chosen, pattern="^ob:time:"),
                    MessageHandler(typed, reminder_time_typed),
                ],
            },
            fallbacks=[
                CommandHandler("cancel", cancel),
                CommandHandler("start", start, filters=private),
                CommandHandler("help", help_command),
                MessageHandler(filters.COMMAND, finish_setup_first),
                MessageHandler(private & ~filters.TEXT, text_only),
                CallbackQueryHandler(old_step_button, pattern="^ob:"),
            ],
            name="onboarding",
            persistent=True,
            allow_reentry=True,
        )
