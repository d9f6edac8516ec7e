"""The onboarding conversation: injury, safety check, provider, pain limit, zone, date, time."""

from __future__ import annotations

import warnings
from datetime import date, time, timedelta
from html import escape
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import keyboards, texts
from bot.answers import far_enough, find_zone, parse_date, parse_time
from bot.coaching import pain_limit
from bot.context import RehabContext
from bot.handlers.commands import help_command
from bot.keyboards import SessionRef
from bot.routines import routine_message, send_routine
from bot.texts import coaching as coaching_texts
from rehab.content import load_protocol
from rehab.injury import AnswerError, Onset, check_injury_date
from rehab.pain import DEFAULT_PAIN_LIMIT, PAIN_LIMIT_RANGE
from scheduler.due import next_due_after
from scheduler.planning import replan_from
from scheduler.summaries import plan_summary_for
from storage import plans, users
from storage.models import FlagKind, UserStatus

ONSET, RED_FLAGS, CLEARED, PROVIDER = "onset", "red_flags", "cleared", "provider"
PAIN_LIMIT, ZONE, INJURY_DATE, SESSIONS = "pain_limit", "zone", "injury_date", "sessions"
REMINDER_TIME, FIRST_TIME, SECOND_TIME = "reminder_time", "first_time", "second_time"
END = ConversationHandler.END


async def start(update: Update, context: RehabContext) -> str | int:
    """Begin onboarding, or greet someone who is already set up."""
    message, user_id = _text_message(update)
    welcome_back = None
    # Replies go out after the transaction: on SQLite it holds the write lock.
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
            welcome_back = texts.welcome_back(
                reminder=times[0] if times else None, zone=known.timezone
            )
        else:
            await users.start_onboarding(
                session, user_id=user_id, chat_id=message.chat_id, now=context.services.clock.now()
            )
    if welcome_back is not None:
        await message.reply_text(welcome_back, reply_markup=keyboards.restart_keyboard())
        return END
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
    """Store how the strain started and run the safety check."""
    query = _query(update)
    onset = Onset(_choice(query))
    await query.answer()
    async with context.db() as session, session.begin():
        await users.save_onset(session, user_id=query.from_user.id, onset=onset)
    flags = coaching_texts.red_flags_list(load_protocol().red_flags)
    await query.edit_message_text(
        f"{texts.echo_answer(texts.ONSET_NAMES[onset])}\n\n{texts.ASK_RED_FLAGS.format(flags=flags)}",
        reply_markup=keyboards.red_flags_keyboard(),
    )
    return RED_FLAGS


async def red_flags_answered(update: Update, context: RehabContext) -> str:
    """Go on after a clear safety check; after a warning sign, send them to a professional."""
    query = _query(update)
    await query.answer()
    if _choice(query) == "none":
        await query.edit_message_text(
            f"{texts.echo_answer('None of these')}\n\n{texts.ASK_PROVIDER}",
            reply_markup=keyboards.provider_keyboard(),
        )
        return PROVIDER
    async with context.db() as session, session.begin():
        now = context.services.clock.now()
        # The zone is not known yet, so the flag is dated in UTC.
        await plans.record_flag(
            session,
            user_id=query.from_user.id,
            kind=FlagKind.RED_FLAG,
            local_date=now.date(),
            now=now,
            detail="at setup",
        )
    await query.edit_message_text(
        f"{texts.echo_answer('Yes, at least one')}\n\n{texts.RED_FLAG_AT_SETUP}",
        reply_markup=keyboards.cleared_keyboard(),
    )
    return CLEARED


async def cleared_answered(update: Update, context: RehabContext) -> str | int:
    """Go on once a professional has cleared them; otherwise stop setup until they have been."""
    query = _query(update)
    await query.answer()
    if _choice(query) == "no":
        await query.edit_message_text(texts.GET_CHECKED_FIRST)
        return END
    await _save_provider(context, query.from_user.id, has_provider=True)
    echo = texts.echo_answer("Checked by a professional, cleared to exercise")
    await _ask_pain_limit(query, context, echo)
    return PAIN_LIMIT


async def provider_answered(update: Update, context: RehabContext) -> str:
    """Store whether a professional is involved (recommend one if not) and ask the pain limit."""
    query = _query(update)
    await query.answer()
    has_provider = _choice(query) == "yes"
    await _save_provider(context, query.from_user.id, has_provider=has_provider)
    echo = texts.echo_answer("Yes" if has_provider else "Not yet")
    if not has_provider:
        echo += f"\n{texts.RECOMMEND_PROVIDER}"
    await _ask_pain_limit(query, context, echo)
    return PAIN_LIMIT


async def pain_limit_answered(update: Update, context: RehabContext) -> str | None:
    """Store a pain limit (tapped or typed) and ask for the time zone."""
    answer = _answer(update).strip().removesuffix("/10").strip()
    if not (answer.isascii() and answer.isdecimal()) or int(answer) not in PAIN_LIMIT_RANGE:
        await _refuse(update, texts.PAIN_LIMIT_TOO_HIGH)
        return None
    limit = int(answer)
    await _save_pain_limit(context, _user_id(update), limit)
    await _ask(
        update,
        f"{texts.echo_answer(f'Pain limit {limit}/10')}\n\n{texts.ASK_ZONE}",
        keyboards.zone_keyboard(),
    )
    return ZONE


async def zone_answered(update: Update, context: RehabContext) -> str | None:
    """Store a time zone (tapped or typed), or explain what is wrong with it."""
    try:
        zone = find_zone(_answer(update))
    except AnswerError as error:
        await _refuse(update, str(error))
        return None
    await _save_zone(context, _user_id(update), zone)
    await _ask(
        update,
        f"{texts.echo_answer(zone.key)}\n\n{texts.ASK_INJURY_DATE}",
        keyboards.injury_date_keyboard(),
    )
    return INJURY_DATE


async def injury_date_answered(update: Update, context: RehabContext) -> str | None:
    """Store the injury date (days ago from a button, or a typed date) and ask about sessions."""
    user_id = _user_id(update)
    today = context.local_today(await _zone_of(context, user_id))
    try:
        if update.callback_query is not None:
            day = today - timedelta(days=int(_answer(update)))
        else:
            day = check_injury_date(parse_date(_answer(update), today=today), today=today)
    except AnswerError as error:
        await _refuse(update, str(error))
        return None
    await _save_injury_date(context, user_id, day)
    await _ask(
        update,
        f"{texts.echo_answer(texts.injury_date_answer(day, today=today))}\n\n{texts.ASK_SESSIONS}",
        keyboards.sessions_keyboard(),
    )
    return SESSIONS


async def sessions_chosen(update: Update, context: RehabContext) -> str:
    """Ask for one reminder time, or the first of two."""
    if _answer(update) == "1":
        echo, question, state = "One session a day", texts.ASK_REMINDER_TIME, REMINDER_TIME
    else:
        echo, question, state = "Two sessions a day", texts.ASK_FIRST_TIME, FIRST_TIME
    await _ask(
        update,
        f"{texts.echo_answer(echo)}\n\n{question}",
        keyboards.reminder_time_keyboard(first_of_two=state == FIRST_TIME),
    )
    return state


async def first_time_answered(update: Update, context: RehabContext) -> str | None:
    """Keep the first of two times (tapped or typed) and ask for the second."""
    at = await _time_answer(update)
    if at is None:
        return None
    await _save_first_time(context, _user_id(update), at)
    await _ask(
        update,
        f"{texts.echo_answer(texts.format_time(at))}\n\n{texts.ask_second_time(at)}",
        keyboards.reminder_time_keyboard(after=at),
    )
    return SECOND_TIME


async def second_time_answered(update: Update, context: RehabContext) -> int | None:
    """Finish onboarding with the second time, if it leaves room after the first."""
    at = await _time_answer(update)
    if at is None:
        return None
    first = await _first_time(context, _user_id(update))
    if not far_enough(first, at):
        await _refuse(update, texts.second_time_too_close(first))
        return None
    return await _finish_with(update, context, [first, at])


async def reminder_time_answered(update: Update, context: RehabContext) -> int | None:
    """Finish onboarding with the one reminder time (tapped or typed)."""
    at = await _time_answer(update)
    if at is None:
        return None
    return await _finish_with(update, context, [at])


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


async def ask_for_button(update: Update, context: RehabContext) -> None:
    """Ask for a button press when a yes/no question was answered by typing."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.TAP_A_BUTTON_ABOVE)


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


async def _finish(context: RehabContext, user_id: int, chat_id: int, times: list[time]) -> None:
    now = context.services.clock.now()
    async with context.db() as session, session.begin():
        user = await users.get_user(session, user_id)
        if user is None or user.timezone is None or user.onset is None:
            raise LookupError(f"user {user_id} finished onboarding without answers")
        if user.injury_date is None:
            raise LookupError(f"user {user_id} finished onboarding without an injury date")
        today = context.local_today(user.timezone)
        zone = ZoneInfo(user.timezone)
        await users.finish_onboarding(
            session,
            user_id=user_id,
            slots=[(at, next_due_after(at, zone, now)) for at in times],
            today=today,
            now=now,
        )
        await plan_summary_for(
            session, user_id=user_id, now=now, default_quiet=context.services.settings.quiet
        )
        state = await plans.plan_state(session, user_id=user_id)
        if state is None:
            raise LookupError(f"user {user_id} has no plan after onboarding")
        summary = texts.setup_summary(
            onset=state.onset,
            injury_date=user.injury_date,
            zone=state.timezone,
            reminders=times,
            pain_limit=pain_limit(state),
            today=today,
        )
        html, markup = await routine_message(session, state, SessionRef(today, 1))
    await context.bot.send_message(chat_id, summary)
    await send_routine(context.bot, chat_id, html, markup)


async def _ask_pain_limit(query: CallbackQuery, context: RehabContext, echo: str) -> None:
    async with context.db() as session:
        user = await users.get_user(session, query.from_user.id)
    if user is None or user.onset is None:
        raise LookupError(f"user {query.from_user.id} has no onset yet")
    default = DEFAULT_PAIN_LIMIT[user.onset]
    await query.edit_message_text(
        f"{echo}\n\n{texts.ASK_PAIN_LIMIT.format(default=default)}",
        reply_markup=keyboards.pain_limit_keyboard(default),
    )


async def _save_first_time(context: RehabContext, user_id: int, at: time) -> None:
    async with context.db() as session, session.begin():
        await users.save_first_time(session, user_id=user_id, reminder_time=at)


async def _first_time(context: RehabContext, user_id: int) -> time:
    async with context.db() as session:
        times = await users.reminder_times(session, user_id=user_id)
    if not times:
        raise LookupError(f"user {user_id} has no first reminder time")
    return times[0]


async def _save_provider(context: RehabContext, user_id: int, *, has_provider: bool) -> None:
    async with context.db() as session, session.begin():
        await users.save_provider(session, user_id=user_id, has_provider=has_provider)


async def _save_pain_limit(context: RehabContext, user_id: int, limit: int) -> None:
    async with context.db() as session, session.begin():
        await users.save_pain_limit(session, user_id=user_id, limit=limit)


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


def _answer(update: Update) -> str:
    """The answer: what follows the step prefix of a pressed button, or the typed text."""
    if update.callback_query is not None:
        return _choice(update.callback_query)
    return _text_message(update)[0].text or ""


def _user_id(update: Update) -> int:
    if update.effective_user is None:
        raise TypeError("expected an update from a person")
    return update.effective_user.id


async def _ask(update: Update, html: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Show the next question: in place of the question under a pressed button, or as a reply."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        await query.edit_message_text(html, reply_markup=markup)
    else:
        await _text_message(update)[0].reply_text(html, reply_markup=markup)


async def _refuse(update: Update, reason: str) -> None:
    """Say why an answer cannot be used (plain text; escaped for a reply)."""
    query = update.callback_query
    if query is not None:
        await query.answer(reason, show_alert=True)
    else:
        await _text_message(update)[0].reply_text(escape(reason))


async def _time_answer(update: Update) -> time | None:
    """Read a time of day from a button or typed text; explain a bad one."""
    try:
        return parse_time(_answer(update))
    except AnswerError as error:
        await _refuse(update, str(error))
        return None


async def _finish_with(update: Update, context: RehabContext, times: list[time]) -> int:
    await _ask(update, texts.echo_answer(" and ".join(texts.format_time(at) for at in times)))
    chat = update.effective_chat
    await _finish(context, _user_id(update), chat.id if chat else _user_id(update), times)
    return END


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
                RED_FLAGS: [
                    CallbackQueryHandler(red_flags_answered, pattern="^ob:flags:(none|some)$"),
                    MessageHandler(typed, ask_for_button),
                ],
                CLEARED: [
                    CallbackQueryHandler(cleared_answered, pattern="^ob:cleared:(yes|no)$"),
                    MessageHandler(typed, ask_for_button),
                ],
                PROVIDER: [
                    CallbackQueryHandler(provider_answered, pattern="^ob:prov:(yes|no)$"),
                    MessageHandler(typed, ask_for_button),
                ],
                PAIN_LIMIT: [
                    CallbackQueryHandler(pain_limit_answered, pattern="^ob:limit:[0-6]$"),
                    MessageHandler(typed, pain_limit_answered),
                ],
                ZONE: [
                    CallbackQueryHandler(zone_answered, pattern="^ob:tz:"),
                    MessageHandler(typed, zone_answered),
                ],
                INJURY_DATE: [
                    CallbackQueryHandler(injury_date_answered, pattern="^ob:ago:(0|1|7)$"),
                    MessageHandler(typed, injury_date_answered),
                ],
                SESSIONS: [
                    CallbackQueryHandler(sessions_chosen, pattern="^ob:spd:(1|2)$"),
                    MessageHandler(typed, ask_for_button),
                ],
                REMINDER_TIME: [
                    CallbackQueryHandler(reminder_time_answered, pattern="^ob:time:"),
                    MessageHandler(typed, reminder_time_answered),
                ],
                FIRST_TIME: [
                    CallbackQueryHandler(first_time_answered, pattern="^ob:time:"),
                    MessageHandler(typed, first_time_answered),
                ],
                SECOND_TIME: [
                    CallbackQueryHandler(second_time_answered, pattern="^ob:time:"),
                    MessageHandler(typed, second_time_answered),
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
