"""/settings: reminder times, time zone, pain limit, quiet hours and two switches.

Every button carries all it needs, so it works from any settings message at any time; the
conversation only remembers which typed answer is expected (a zone, a time or quiet hours).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import time
from html import escape

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import callbacks, texts
from bot.answers import parse_pain_limit, parse_time
from bot.context import RehabContext
from bot.handlers import zone_question
from bot.handlers.button_presses import ButtonHandlers, Press
from bot.handlers.update_io import (
    answer_refusal,
    explain,
    persistent_conversation,
    sender_id,
    sent_message,
    show,
    typed_text,
)
from bot.texts import settings as settings_texts
from bot.views import keyboards
from coach import preferences
from coach.preferences import NO_QUIET_HOURS, Changed, CurrentSettings, Switch
from coach.refusals import Refusal
from coach.work import Work
from rehab.injury import AnswerError
from rehab.pain import DEFAULT_PAIN_LIMIT
from scheduler.quiet_hours import QuietHours

ZONE, ONE_TIME, FIRST_TIME, SECOND_TIME, QUIET, PAIN_LIMIT = (
    "zone",
    "one_time",
    "first_time",
    "second_time",
    "quiet",
    "pain_limit",
)
END = ConversationHandler.END
# Where the first of two typed times waits for the second (in memory: after a restart in
# between, the person is asked for the first time again).
_FIRST_TIME_KEY = "settings_first_time"

Step = str | int | None
# A question: its text, its buttons and the step whose typed answer it waits for.
Question = tuple[str, InlineKeyboardMarkup, Step]
buttons = ButtonHandlers()
# One change of the coach's, for the person behind the update.
Change = Callable[[Work, int], Awaitable[Changed]]


async def settings_command(update: Update, context: RehabContext) -> int:
    """Show the person's settings with a button for each."""
    message, user_id = sent_message(update)
    try:
        async with context.work() as work:
            current = await preferences.open_settings(work, user_id=user_id)
    except Refusal as refusal:
        await answer_refusal(update, refusal)
        return END
    html, markup = _menu(context, current)
    await message.reply_text(html, reply_markup=markup)
    return END


@buttons.on(callbacks.SETTINGS_MENU)
async def menu_pressed(press: Press[None], context: RehabContext) -> Step:
    """Show the settings again (the Back button)."""
    return await _ask(press.update, context, lambda current: (*_menu(context, current), END))


@buttons.on(callbacks.OPEN_SESSIONS)
async def sessions_pressed(press: Press[None], context: RehabContext) -> Step:
    """Ask for one or two sessions a day."""
    return await _ask(press.update, context, _sessions_question)


@buttons.on(callbacks.SESSIONS_A_DAY)
async def sessions_chosen(press: Press[int], context: RehabContext) -> Step:
    """Ask for the one reminder time, or the first of two."""
    two = press.value == 2
    question = texts.ASK_FIRST_TIME if two else texts.ASK_REMINDER_TIME
    keyboard = keyboards.settings_time_keyboard(first=two)
    return await _ask(
        press.update, context, lambda _: (question, keyboard, FIRST_TIME if two else ONE_TIME)
    )


@buttons.on(callbacks.ONE_TIME)
async def one_time_chosen(press: Press[time], context: RehabContext) -> Step:
    """Keep one session a day, at the time on the button."""
    return await _change(press.update, context, _times((press.value,)))


async def one_time_typed(update: Update, context: RehabContext) -> Step:
    """Keep one session a day at a typed time, or explain how to write one."""
    at = await _typed_time(update)
    if at is None:
        return None
    return await _change(update, context, _times((at,)))


@buttons.on(callbacks.FIRST_OF_TWO)
async def first_time_chosen(press: Press[time], context: RehabContext) -> Step:
    """Keep the first of two times from the button and ask for the second."""
    preferences.refuse_if_too_late_for_two(press.value)
    _remember_first_time(context, press.value)
    return await _ask(press.update, context, lambda _: _second_time_question(press.value))


async def first_time_typed(update: Update, context: RehabContext) -> Step:
    """Keep the first of two typed times and ask for the second, if one fits after it."""
    at = await _typed_time(update)
    if at is None:
        return None
    try:
        preferences.refuse_if_too_late_for_two(at)
    except Refusal as refusal:
        await answer_refusal(update, refusal)
        return None
    _remember_first_time(context, at)
    html, markup, step = _second_time_question(at)
    await show(update, html, markup)
    return step


@buttons.on(callbacks.TWO_TIMES)
async def second_time_chosen(press: Press[tuple[time, time]], context: RehabContext) -> Step:
    """Keep two sessions a day at the times on the button, if far enough apart."""
    return await _change(press.update, context, _times(press.value))


async def second_time_typed(update: Update, context: RehabContext) -> Step:
    """Keep two sessions a day with a typed second time, or explain what is wrong with it."""
    second = await _typed_time(update)
    if second is None:
        return None
    first = _remembered_first_time(context)
    if first is None:
        await show(
            update,
            f"{settings_texts.FIRST_TIME_FORGOTTEN}\n\n{texts.ASK_FIRST_TIME}",
            keyboards.settings_time_keyboard(first=True),
        )
        return FIRST_TIME
    return await _change(update, context, _times((first, second)))


@buttons.on(callbacks.OPEN_ZONE)
async def zone_pressed(press: Press[None], context: RehabContext) -> Step:
    """Ask for a new time zone."""
    return await _ask(press.update, context, _zone_question)


@buttons.on(callbacks.ZONE)
async def zone_chosen(press: Press[str], context: RehabContext) -> Step:
    """Move to the time zone on the button and re-plan the reminders in it."""
    return await _move_to_zone(press.update, context, pressed=press.value)


@buttons.on(callbacks.SHARE_LOCATION)
async def location_pressed(press: Press[None], context: RehabContext) -> Step:
    """Offer the keyboard that shares a location, to read the zone from."""
    await zone_question.offer_location(press.update, context)
    return ZONE


async def zone_typed(update: Update, context: RehabContext) -> Step:
    """Move to a typed (or located) time zone, or ask or explain what is wrong with it."""
    return await _move_to_zone(update, context, pressed=None)


@buttons.on(callbacks.OPEN_PAIN_LIMIT)
async def pain_limit_pressed(press: Press[None], context: RehabContext) -> Step:
    """Ask for a new pain limit."""
    return await _ask(press.update, context, _pain_limit_question)


@buttons.on(callbacks.PAIN_LIMIT)
async def pain_limit_chosen(press: Press[int], context: RehabContext) -> Step:
    """Keep the pain limit on the button."""

    async def change(work: Work, user_id: int) -> Changed:
        return await preferences.change_pain_limit(work, user_id=user_id, limit=press.value)

    return await _change(press.update, context, change)


async def pain_limit_typed(update: Update, context: RehabContext) -> Step:
    """Keep a typed pain limit, or explain which numbers can be one."""
    try:
        limit = parse_pain_limit(typed_text(update))
    except AnswerError as error:
        await explain(update, str(error))
        return None

    async def change(work: Work, user_id: int) -> Changed:
        return await preferences.change_pain_limit(work, user_id=user_id, limit=limit)

    return await _change(update, context, change)


@buttons.on(callbacks.OPEN_QUIET_HOURS)
async def quiet_pressed(press: Press[None], context: RehabContext) -> Step:
    """Ask for new quiet hours."""
    default = context.services.settings.quiet
    keyboard = keyboards.settings_quiet_keyboard()
    return await _ask(
        press.update,
        context,
        lambda current: (settings_texts.ask_quiet(current, default=default), keyboard, QUIET),
    )


@buttons.on(callbacks.QUIET_HOURS)
async def quiet_chosen(press: Press[QuietHours], context: RehabContext) -> Step:
    """Keep the quiet hours on the button (or none)."""
    return await _change(press.update, context, _quiet(press.value))


async def quiet_typed(update: Update, context: RehabContext) -> Step:
    """Keep typed quiet hours, or explain how to write them."""
    typed = typed_text(update)
    try:
        if " ".join(typed.split()).lower() in settings_texts.NO_QUIET_WORDS:
            window = NO_QUIET_HOURS
        else:
            window = QuietHours.parse(typed)
    except ValueError:
        await show(update, settings_texts.QUIET_HINT)
        return None
    return await _change(update, context, _quiet(window))


@buttons.on(callbacks.SWITCHES[Switch.WEEKLY_SUMMARY])
async def weekly_summary_switched(press: Press[bool], context: RehabContext) -> Step:
    """Turn the weekly summary on or off."""
    return await _change(press.update, context, _switch(Switch.WEEKLY_SUMMARY, on=press.value))


@buttons.on(callbacks.SWITCHES[Switch.MORNING_CHECK])
async def morning_check_switched(press: Press[bool], context: RehabContext) -> Step:
    """Turn the next-morning check on or off."""
    return await _change(press.update, context, _switch(Switch.MORNING_CHECK, on=press.value))


async def cancel(update: Update, context: RehabContext) -> int:
    """Leave the question the settings asked."""
    await show(update, settings_texts.CLOSED)
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
    await show(update, settings_texts.TYPE_OR_TAP)


async def _move_to_zone(update: Update, context: RehabContext, *, pressed: str | None) -> Step:
    """Move the person to a zone on a button, typed or located; or ask, or explain."""
    found = await zone_question.settled_zone(
        update, context, pressed=pressed, family=callbacks.ZONE, back=True
    )
    if found is None:
        return None

    async def change(work: Work, user_id: int) -> Changed:
        return await preferences.change_zone(work, user_id=user_id, zone=found.zone)

    return await _change(update, context, change, note=found.note)


def _switch(which: Switch, *, on: bool) -> Change:
    async def change(work: Work, user_id: int) -> Changed:
        return await preferences.switch(work, user_id=user_id, which=which, on=on)

    return change


def _times(times: tuple[time, ...]) -> Change:
    async def change(work: Work, user_id: int) -> Changed:
        return await preferences.change_times(work, user_id=user_id, times=times)

    return change


def _quiet(window: QuietHours) -> Change:
    async def change(work: Work, user_id: int) -> Changed:
        return await preferences.change_quiet_hours(work, user_id=user_id, window=window)

    return change


def _sessions_question(current: CurrentSettings) -> Question:
    question = settings_texts.ask_sessions(current.reminder_times)
    return question, keyboards.settings_sessions_keyboard(), END


def _zone_question(current: CurrentSettings) -> Question:
    return settings_texts.ask_zone(current.timezone), keyboards.settings_zone_keyboard(), ZONE


def _pain_limit_question(current: CurrentSettings) -> Question:
    usual = DEFAULT_PAIN_LIMIT[current.onset]
    question = settings_texts.ask_pain_limit(current)
    return question, keyboards.settings_pain_limit_keyboard(usual), PAIN_LIMIT


def _second_time_question(first: time) -> Question:
    html = texts.ask_second_time(first, example=keyboards.second_time_example(first))
    return html, keyboards.settings_second_time_keyboard(first), SECOND_TIME


async def _ask(
    update: Update, context: RehabContext, question: Callable[[CurrentSettings], Question]
) -> Step:
    """Edit the pressed message to the question made from the settings; go to its step."""
    try:
        async with context.work() as work:
            current = await preferences.current_settings(work, user_id=sender_id(update))
    except Refusal as refusal:
        await answer_refusal(update, refusal)
        return END
    html, markup, step = question(current)
    await show(update, html, markup)
    return step


async def _change(
    update: Update, context: RehabContext, change: Change, *, note: str | None = None
) -> Step:
    """Make a change; the pressed message, or a reply, shows the confirmation and settings."""
    try:
        async with context.work() as work:
            changed = await change(work, sender_id(update))
    except Refusal as refusal:
        await answer_refusal(update, refusal)
        return None
    confirmation = settings_texts.confirmation(changed.confirmation)
    if note is not None:
        # How a typed zone was read ("IST is India time..."), under the confirmation.
        confirmation += f"\n<i>{escape(note)}</i>"
    html, markup = _menu(context, changed.settings, confirmation)
    await show(update, html, markup)
    return END


def _menu(
    context: RehabContext, current: CurrentSettings, confirmation: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The settings summary (below a confirmation, if any) and a button per setting."""
    html = settings_texts.summary(current, default_quiet=context.services.settings.quiet)
    if confirmation is not None:
        html = f"{confirmation}\n\n{html}"
    markup = keyboards.settings_keyboard(
        weekly_summary=current.weekly_summary, morning_check=current.morning_check
    )
    return html, markup


async def _typed_time(update: Update) -> time | None:
    """Read a typed time of day, or reply how to write one."""
    try:
        return parse_time(typed_text(update))
    except AnswerError as error:
        await explain(update, str(error))
        return None


def _remember_first_time(context: RehabContext, at: time) -> None:
    if context.user_data is not None:
        context.user_data[_FIRST_TIME_KEY] = at


def _remembered_first_time(context: RehabContext) -> time | None:
    first = (context.user_data or {}).get(_FIRST_TIME_KEY)
    return first if isinstance(first, time) else None


def conversation() -> ConversationHandler[RehabContext]:
    """Build the persistent settings conversation (it goes before onboarding in its group)."""
    private = filters.ChatType.PRIVATE
    typed = private & filters.TEXT & ~filters.COMMAND

    # per_message=False tracks buttons per chat: every settings button carries what it needs,
    # so the message it sits on does not matter.
    return persistent_conversation(
        "settings",
        entry_points=[
            CommandHandler("settings", settings_command, filters=private),
            *buttons.handlers,
        ],
        states={
            ZONE: [
                MessageHandler(typed, zone_typed),
                MessageHandler(private & filters.LOCATION, zone_typed),
            ],
            ONE_TIME: [MessageHandler(typed, one_time_typed)],
            FIRST_TIME: [MessageHandler(typed, first_time_typed)],
            SECOND_TIME: [MessageHandler(typed, second_time_typed)],
            QUIET: [MessageHandler(typed, quiet_typed)],
            PAIN_LIMIT: [MessageHandler(typed, pain_limit_typed)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            # Anything else ends the question: other commands and buttons work as always.
            MessageHandler(filters.COMMAND, hand_over),
            CallbackQueryHandler(hand_over),
            MessageHandler(private & ~filters.TEXT, text_only),
        ],
    )
