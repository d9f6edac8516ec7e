"""/settings: reminder times, time zone, pain limit, quiet hours and two switches.

Every button carries all it needs, so it works from any settings message at any time; the
conversation only remembers which typed answer is expected (a zone, a time or quiet hours).
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable
from datetime import datetime, time
from html import escape
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import keyboards, texts
from bot.answers import far_enough, find_zone, parse_time
from bot.context import RehabContext
from bot.handlers.replies import edit
from bot.texts import settings as settings_texts
from rehab.injury import AnswerError
from rehab.pain import DEFAULT_PAIN_LIMIT
from scheduler.due import next_due_after
from scheduler.planning import replan_from
from scheduler.quiet_hours import QuietHours
from scheduler.summaries import replan_summary
from storage import users
from storage.models import UserStatus
from storage.users import PersonalSettings

ZONE, ONE_TIME, FIRST_TIME, SECOND_TIME, QUIET = (
    "zone",
    "one_time",
    "first_time",
    "second_time",
    "quiet",
)
END = ConversationHandler.END
CLOCK = r"\d{2}:\d{2}"
NO_QUIET_HOURS = QuietHours(time(0), time(0))
# Where the first of two typed times waits for the second (in memory: after a restart in
# between, the person is asked for the first time again).
_FIRST_TIME_KEY = "settings_first_time"

# One change to a person's settings, run in the update's transaction with their settings as
# they were; it returns the confirmation shown above the new summary.
Change = Callable[[AsyncSession, int, PersonalSettings], Awaitable[str]]
Step = str | int | None


async def settings_command(update: Update, context: RehabContext) -> int:
    """Show the person's settings with a button for each."""
    message, user_id = _text_message(update)
    async with context.db() as session:
        current = await users.personal_settings(session, user_id=user_id)
        person = await users.get_user(session, user_id)
    if current is None:
        mid_setup = person is not None and person.status is UserStatus.ONBOARDING
        await message.reply_text(
            settings_texts.FINISH_SETUP_FIRST if mid_setup else texts.NOT_SET_UP
        )
        return END
    html, markup = _menu(context, current)
    await message.reply_text(html, reply_markup=markup)
    return END


async def menu_pressed(update: Update, context: RehabContext) -> Step:
    """Show the settings again (the Back button)."""
    return await _open(update, context, lambda current: (*_menu(context, current), END))


async def sessions_pressed(update: Update, context: RehabContext) -> Step:
    """Ask for one or two sessions a day."""
    return await _open(
        update,
        context,
        lambda current: (
            settings_texts.ask_sessions(current.reminder_times),
            keyboards.settings_sessions_keyboard(),
            END,
        ),
    )


async def sessions_chosen(update: Update, context: RehabContext) -> Step:
    """Ask for the one reminder time, or the first of two."""
    two = _choice(update) == "2"
    question = texts.ASK_FIRST_TIME if two else texts.ASK_REMINDER_TIME
    return await _open(
        update,
        context,
        lambda _: (
            question,
            keyboards.settings_time_keyboard(first=two),
            FIRST_TIME if two else ONE_TIME,
        ),
    )


async def one_time_chosen(update: Update, context: RehabContext) -> Step:
    """Keep one session a day, at the time on the button."""
    at = _button_time(_choice(update))
    if at is None:
        await _expired(update)
        return None
    return await _change_pressed(update, context, _times_change([at], _now(context)))


async def one_time_typed(update: Update, context: RehabContext) -> Step:
    """Keep one session a day at a typed time, or explain how to write one."""
    at = await _typed_time(update)
    if at is None:
        return None
    return await _change_typed(update, context, _times_change([at], _now(context)))


async def first_time_chosen(update: Update, context: RehabContext) -> Step:
    """Keep the first of two times from the button and ask for the second."""
    at = _button_time(_choice(update))
    if at is None:
        await _expired(update)
        return None
    _remember_first_time(context, at)
    return await _open(
        update,
        context,
        lambda _: (
            texts.ask_second_time(at),
            keyboards.settings_second_time_keyboard(at),
            SECOND_TIME,
        ),
    )


async def first_time_typed(update: Update, context: RehabContext) -> Step:
    """Keep the first of two typed times and ask for the second."""
    at = await _typed_time(update)
    if at is None:
        return None
    _remember_first_time(context, at)
    message, _ = _text_message(update)
    await message.reply_text(
        texts.ask_second_time(at), reply_markup=keyboards.settings_second_time_keyboard(at)
    )
    return SECOND_TIME


async def second_time_chosen(update: Update, context: RehabContext) -> Step:
    """Keep two sessions a day at the times on the button, if far enough apart."""
    first_text, second_text = _choice(update).split("-")
    first, second = _button_time(first_text), _button_time(second_text)
    if first is None or second is None:
        await _expired(update)
        return None
    if not far_enough(first, second):
        query = _query(update)
        await query.answer(texts.second_time_too_close(first), show_alert=True)
        return None
    return await _change_pressed(update, context, _times_change([first, second], _now(context)))


async def second_time_typed(update: Update, context: RehabContext) -> Step:
    """Keep two sessions a day with a typed second time, or explain what is wrong with it."""
    second = await _typed_time(update)
    if second is None:
        return None
    message, _ = _text_message(update)
    first = _remembered_first_time(context)
    if first is None:
        await message.reply_text(
            f"{settings_texts.FIRST_TIME_FORGOTTEN}\n\n{texts.ASK_FIRST_TIME}",
            reply_markup=keyboards.settings_time_keyboard(first=True),
        )
        return FIRST_TIME
    if not far_enough(first, second):
        await message.reply_text(texts.second_time_too_close(first))
        return None
    return await _change_typed(update, context, _times_change([first, second], _now(context)))


async def zone_pressed(update: Update, context: RehabContext) -> Step:
    """Ask for a new time zone."""
    return await _open(
        update,
        context,
        lambda current: (
            settings_texts.ask_zone(current.timezone),
            keyboards.settings_zone_keyboard(),
            ZONE,
        ),
    )


async def zone_chosen(update: Update, context: RehabContext) -> Step:
    """Move to the time zone on the button and re-plan the reminders in it."""
    try:
        zone = find_zone(_choice(update))
    except AnswerError:
        await _expired(update)
        return None
    return await _change_pressed(update, context, _zone_change(zone, _now(context)))


async def zone_typed(update: Update, context: RehabContext) -> Step:
    """Move to a typed time zone, or explain what is wrong with it."""
    message, _ = _text_message(update)
    try:
        zone = find_zone(message.text or "")
    except AnswerError as error:
        await message.reply_text(escape(str(error)))
        return None
    return await _change_typed(update, context, _zone_change(zone, _now(context)))


async def pain_limit_pressed(update: Update, context: RehabContext) -> Step:
    """Ask for a new pain limit."""
    return await _open(
        update,
        context,
        lambda current: (
            settings_texts.ask_pain_limit(current),
            keyboards.settings_pain_limit_keyboard(DEFAULT_PAIN_LIMIT[current.onset]),
            END,
        ),
    )


async def pain_limit_chosen(update: Update, context: RehabContext) -> Step:
    """Keep the pain limit on the button."""
    limit = int(_choice(update))

    async def change(session: AsyncSession, user_id: int, _: PersonalSettings) -> str:
        await users.save_pain_limit(session, user_id=user_id, limit=limit)
        return settings_texts.pain_limit_changed(limit)

    return await _change_pressed(update, context, change)


async def quiet_pressed(update: Update, context: RehabContext) -> Step:
    """Ask for new quiet hours."""
    default = context.services.settings.quiet
    return await _open(
        update,
        context,
        lambda current: (
            settings_texts.ask_quiet(current, default=default),
            keyboards.settings_quiet_keyboard(),
            QUIET,
        ),
    )


async def quiet_chosen(update: Update, context: RehabContext) -> Step:
    """Keep the quiet hours on the button (or none)."""
    choice = _choice(update)
    try:
        window = NO_QUIET_HOURS if choice == "none" else QuietHours.parse(choice)
    except ValueError:
        await _expired(update)
        return None
    return await _change_pressed(update, context, _quiet_change(window))


async def quiet_typed(update: Update, context: RehabContext) -> Step:
    """Keep typed quiet hours, or explain how to write them."""
    message, _ = _text_message(update)
    typed = message.text or ""
    try:
        if " ".join(typed.split()).lower() in settings_texts.NO_QUIET_WORDS:
            window = NO_QUIET_HOURS
        else:
            window = QuietHours.parse(typed)
    except ValueError:
        await message.reply_text(settings_texts.QUIET_HINT)
        return None
    return await _change_typed(update, context, _quiet_change(window))


async def switch_pressed(update: Update, context: RehabContext) -> Step:
    """Turn the weekly summary or the next-morning check on or off."""
    _, name, position = (_query(update).data or "").split(":")
    on = position == "on"

    async def change(session: AsyncSession, user_id: int, _: PersonalSettings) -> str:
        if name == "weekly":
            await users.save_weekly_summary(session, user_id=user_id, on=on)
            return settings_texts.weekly_summary_changed(on)
        await users.save_morning_check(session, user_id=user_id, on=on)
        return settings_texts.morning_check_changed(on)

    return await _change_pressed(update, context, change)


async def cancel(update: Update, context: RehabContext) -> int:
    """Leave the question the settings asked."""
    message, _ = _text_message(update)
    await message.reply_text(settings_texts.CLOSED)
    return END


async def hand_over(update: Update, context: RehabContext) -> int:
    """Leave the settings question, and let the command or button do what it always does."""
    # A handler group gives an update to one handler only, and this conversation sits first in
    # its group: once it has ended, the update goes round again (updates are handled one at a
    # time, in order) and reaches the handler it was meant for.
    await context.application.update_queue.put(update)
    return END


async def text_only(update: Update, context: RehabContext) -> None:
    """Ask for text instead of a sticker, photo or other media."""
    message, _ = _text_message(update)
    await message.reply_text(settings_texts.TYPE_OR_TAP)


def _zone_change(zone: ZoneInfo, now: datetime) -> Change:
    """Move the person to a zone and re-plan every slot from now in it."""

    async def change(session: AsyncSession, user_id: int, current: PersonalSettings) -> str:
        await users.save_timezone(session, user_id=user_id, zone_name=zone.key)
        await replan_from(session, user_id=user_id, zone_name=zone.key, now=now)
        next_due = min(
            (next_due_after(at, zone, now) for at in current.reminder_times), default=None
        )
        return settings_texts.zone_changed(zone.key, next_due)

    return change


def _times_change(times: list[time], now: datetime) -> Change:
    """Give the person one slot per time, each next due at its first occurrence from now."""

    async def change(session: AsyncSession, user_id: int, current: PersonalSettings) -> str:
        zone = ZoneInfo(current.timezone)
        slots = [(at, next_due_after(at, zone, now)) for at in times]
        await users.set_reminder_times(session, user_id=user_id, slots=slots)
        next_due = min(due for _, due in slots)
        return settings_texts.reminders_changed(times, next_due, current.timezone)

    return change


def _quiet_change(window: QuietHours) -> Change:
    """Keep the person's own quiet hours."""

    async def change(session: AsyncSession, user_id: int, _: PersonalSettings) -> str:
        await users.save_quiet_hours(session, user_id=user_id, start=window.start, end=window.end)
        return settings_texts.quiet_hours_changed(window)

    return change


async def _open(
    update: Update,
    context: RehabContext,
    show: Callable[[PersonalSettings], tuple[str, InlineKeyboardMarkup, Step]],
) -> Step:
    """Edit the pressed message to what `show` makes of the settings; go to its step."""
    query = await _own_query(update)
    if query is None:
        return None
    async with context.db() as session:
        current = await users.personal_settings(session, user_id=query.from_user.id)
    if current is None:
        await query.answer(texts.NOT_SET_UP, show_alert=True)
        return END
    html, markup, step = show(current)
    await query.answer()
    await edit(query, html, reply_markup=markup)
    return step


async def _change_pressed(update: Update, context: RehabContext, change: Change) -> Step:
    """Make a change from a button; the pressed message shows the confirmation and settings."""
    query = await _own_query(update)
    if query is None:
        return None
    shown = await _apply(context, query.from_user.id, change)
    if shown is None:
        await query.answer(texts.NOT_SET_UP, show_alert=True)
        return END
    await query.answer()
    html, markup = shown
    await edit(query, html, reply_markup=markup)
    return END


async def _change_typed(update: Update, context: RehabContext, change: Change) -> Step:
    """Make a change from a typed answer; the reply shows the confirmation and settings."""
    message, user_id = _text_message(update)
    shown = await _apply(context, user_id, change)
    if shown is None:
        await message.reply_text(texts.NOT_SET_UP)
        return END
    html, markup = shown
    await message.reply_text(html, reply_markup=markup)
    return END


async def _apply(
    context: RehabContext, user_id: int, change: Change
) -> tuple[str, InlineKeyboardMarkup] | None:
    """Make a change for a set-up person; None if they are not set up."""
    async with context.db() as session, session.begin():
        current = await users.personal_settings(session, user_id=user_id)
        if current is None:
            return None
        confirmation = await change(session, user_id, current)
        # The summary's Sunday evening follows the zone, the times and the quiet hours.
        await replan_summary(
            session,
            user_id=user_id,
            now=context.services.clock.now(),
            default_quiet=context.services.settings.quiet,
        )
        updated = await users.personal_settings(session, user_id=user_id)
    if updated is None:
        raise LookupError(f"user {user_id} lost their settings while changing them")
    return _menu(context, updated, confirmation)


def _menu(
    context: RehabContext, current: PersonalSettings, confirmation: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The settings summary (below a confirmation, if any) and a button per setting."""
    html = settings_texts.summary(current, default_quiet=context.services.settings.quiet)
    if confirmation is not None:
        html = f"{confirmation}\n\n{html}"
    markup = keyboards.settings_keyboard(
        weekly_summary=current.weekly_summary, morning_check=current.morning_check
    )
    return html, markup


async def _own_query(update: Update) -> CallbackQuery | None:
    """Return the press if it came from the chat's own person; otherwise refuse it."""
    query = _query(update)
    if query.message is None or query.message.chat.id != query.from_user.id:
        await query.answer(texts.NOT_YOUR_BUTTON, show_alert=True)
        return None
    return query


async def _expired(update: Update) -> None:
    """Answer a button whose data no longer means anything (changes nothing)."""
    await _query(update).answer(texts.EXPIRED_BUTTON, show_alert=True)


async def _typed_time(update: Update) -> time | None:
    """Read a typed time of day, or reply how to write one."""
    message, _ = _text_message(update)
    try:
        return parse_time(message.text or "")
    except AnswerError as error:
        await message.reply_text(escape(str(error)))
        return None


def _button_time(text: str) -> time | None:
    try:
        return parse_time(text)
    except AnswerError:
        return None


def _remember_first_time(context: RehabContext, at: time) -> None:
    if context.user_data is not None:
        context.user_data[_FIRST_TIME_KEY] = at


def _remembered_first_time(context: RehabContext) -> time | None:
    first = (context.user_data or {}).get(_FIRST_TIME_KEY)
    return first if isinstance(first, time) else None


def _now(context: RehabContext) -> datetime:
    return context.services.clock.now()


def _query(update: Update) -> CallbackQuery:
    if update.callback_query is None:
        raise TypeError("expected a callback query")
    return update.callback_query


def _choice(update: Update) -> str:
    """Return what follows the step in callback data like set:tz:Europe/London."""
    return (_query(update).data or "").split(":", 2)[2]


def _text_message(update: Update) -> tuple[Message, int]:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        raise TypeError("expected a message from a user")
    return message, user.id


def conversation() -> ConversationHandler[RehabContext]:
    """Build the persistent settings conversation (it goes before onboarding in its group)."""
    private = filters.ChatType.PRIVATE
    typed = private & filters.TEXT & ~filters.COMMAND
    with warnings.catch_warnings():
        # PTB warns that per_message=False tracks callback queries per chat, not per message;
        # every settings button carries what it needs, so the message it sits on does not matter.
        warnings.filterwarnings("ignore", message=".*per_message.*")
        return ConversationHandler(
            entry_points=[
                CommandHandler("settings", settings_command, filters=private),
                CallbackQueryHandler(menu_pressed, pattern=rf"^{keyboards.SETTINGS_MENU}$"),
                CallbackQueryHandler(sessions_pressed, pattern=r"^set:spd$"),
                CallbackQueryHandler(sessions_chosen, pattern=r"^set:spd:[12]$"),
                CallbackQueryHandler(one_time_chosen, pattern=rf"^set:one:{CLOCK}$"),
                CallbackQueryHandler(first_time_chosen, pattern=rf"^set:first:{CLOCK}$"),
                CallbackQueryHandler(second_time_chosen, pattern=rf"^set:two:{CLOCK}-{CLOCK}$"),
                CallbackQueryHandler(zone_pressed, pattern=r"^set:tz$"),
                CallbackQueryHandler(zone_chosen, pattern=r"^set:tz:[\w/+-]+$"),
                CallbackQueryHandler(pain_limit_pressed, pattern=r"^set:limit$"),
                CallbackQueryHandler(pain_limit_chosen, pattern=r"^set:limit:[0-6]$"),
                CallbackQueryHandler(quiet_pressed, pattern=r"^set:quiet$"),
                CallbackQueryHandler(quiet_chosen, pattern=rf"^set:quiet:({CLOCK}-{CLOCK}|none)$"),
                CallbackQueryHandler(switch_pressed, pattern=r"^set:(weekly|morning):(on|off)$"),
            ],
            states={
                ZONE: [MessageHandler(typed, zone_typed)],
                ONE_TIME: [MessageHandler(typed, one_time_typed)],
                FIRST_TIME: [MessageHandler(typed, first_time_typed)],
                SECOND_TIME: [MessageHandler(typed, second_time_typed)],
                QUIET: [MessageHandler(typed, quiet_typed)],
            },
            fallbacks=[
                CommandHandler("cancel", cancel),
                # Anything else ends the question: other commands and buttons work as always.
                MessageHandler(filters.COMMAND, hand_over),
                CallbackQueryHandler(hand_over),
                MessageHandler(private & ~filters.TEXT, text_only),
            ],
            name="settings",
            persistent=True,
            allow_reentry=True,
        )
