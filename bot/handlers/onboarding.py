"""The onboarding conversation: injury, safety check, provider, pain limit, zone, date, time."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import callbacks, texts
from bot.answers import parse_injury_date, parse_pain_limit, parse_time
from bot.context import RehabContext
from bot.handlers import zone_question
from bot.handlers.commands import help_command
from bot.handlers.picture_album import send_first_routine
from bot.handlers.update_io import (
    Callback,
    Handlers,
    explain,
    persistent_conversation,
    pressed_query,
    refusals_answered,
    sender_id,
    sent_message,
    show,
    typed_text,
)
from bot.texts import buttons
from bot.texts import safety as safety_texts
from bot.views import keyboards
from coach import setup
from coach.setup import PlanPlace, SetUp
from rehab.content import load_protocol
from rehab.injury import AnswerError, onset_in

ONSET, RED_FLAGS, CLEARED, PROVIDER = "onset", "red_flags", "cleared", "provider"
PAIN_LIMIT, ZONE, INJURY_DATE, SESSIONS = "pain_limit", "zone", "injury_date", "sessions"
REMINDER_TIME, FIRST_TIME, SECOND_TIME = "reminder_time", "first_time", "second_time"
KEEP_PHASE = "keep_phase"
END = ConversationHandler.END


async def start(update: Update, context: RehabContext) -> str | int:
    """Begin onboarding, or greet someone who is already set up."""
    message, user_id = sent_message(update)
    async with context.work() as work:
        known = await setup.begin(work, user_id=user_id, chat_id=message.chat_id)
    if known is not None and known.on_hold_since is not None:
        # Setting up again would load the leg before a professional has seen it.
        await message.reply_text(
            safety_texts.on_hold(known.on_hold_since), reply_markup=keyboards.seen_keyboard()
        )
        return END
    if known is not None:
        await message.reply_text(
            texts.welcome_back(reminder=known.first_reminder, zone=known.zone),
            reply_markup=keyboards.restart_keyboard(),
        )
        return END
    await message.reply_text(texts.WELCOME)
    await message.reply_text(texts.ASK_ONSET, reply_markup=keyboards.onset_keyboard())
    return ONSET


@refusals_answered
async def restart(update: Update, context: RehabContext) -> str:
    """Run the setup questions again for someone already set up; their plan goes on meanwhile."""
    query = pressed_query(update)
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    async with context.work() as work:
        await setup.start_over(work, user_id=query.from_user.id, chat_id=chat_id)
    await show(update, f"{texts.SETTING_UP_AGAIN}\n\n{texts.ASK_ONSET}", keyboards.onset_keyboard())
    return ONSET


async def onset_chosen(update: Update, context: RehabContext) -> str | None:
    """Store how the strain started (tapped, or typed in words) and run the safety check."""
    if update.callback_query is not None:
        onset = callbacks.ONSET.decode(pressed_query(update).data)
    elif (typed := onset_in(sent_message(update)[0].text or "")) is not None:
        onset = typed
    else:
        await ask_onset_again(update, context)
        return None
    async with context.work() as work:
        await setup.save_onset(work, user_id=sender_id(update), onset=onset)
    await show(update, _then(buttons.ONSETS[onset], _red_flag_question(())), _red_flag_keys(()))
    return RED_FLAGS


def _red_flag_question(answers: tuple[bool, ...]) -> str:
    flags = load_protocol().red_flags
    return texts.ask_red_flag(flags[len(answers)], number=len(answers) + 1, of=len(flags))


def _red_flag_keys(answers: tuple[bool, ...]) -> InlineKeyboardMarkup:
    return keyboards.red_flag_keyboard(answers)


async def red_flags_answered(update: Update, context: RehabContext) -> str:
    """Ask the next warning sign; after the last, go on if none was reported, or keep each one
    reported and send them to a professional."""
    flags = load_protocol().red_flags
    answers = callbacks.WARNING_SIGNS_AT_SETUP.decode(pressed_query(update).data)[: len(flags)]
    echo = buttons.YES_THIS_SIGN if answers[-1] else buttons.NO_NOT_THIS_SIGN
    if len(answers) < len(flags):
        await show(update, _then(echo, _red_flag_question(answers)), _red_flag_keys(answers))
        return RED_FLAGS
    reported = [flag for flag, yes in zip(flags, answers, strict=True) if yes]
    if not reported:
        await show(update, _then(echo, texts.ASK_PROVIDER), keyboards.provider_keyboard())
        return PROVIDER
    async with context.work() as work:
        await setup.note_warning_signs(
            work, user_id=sender_id(update), keys=[flag.key for flag in reported]
        )
    await show(
        update, _then(echo, texts.red_flags_at_setup(reported)), keyboards.cleared_keyboard()
    )
    return CLEARED


async def cleared_answered(update: Update, context: RehabContext) -> str | int:
    """Go on once a professional has cleared them; otherwise stop setup until they have been
    (and hold a plan they already have)."""
    if not callbacks.CLEARED.decode(pressed_query(update).data):
        async with context.work() as work:
            held = await setup.wait_for_a_check(work, user_id=sender_id(update))
        if held is None:
            await show(update, texts.GET_CHECKED_FIRST)
        else:
            await show(update, texts.CHECK_FIRST_PLAN_ON_HOLD, keyboards.seen_keyboard())
        return END
    async with context.work() as work:
        usual = await setup.save_provider(work, user_id=sender_id(update), has_provider=True)
    await _ask_pain_limit(update, texts.echo_answer(texts.CLEARED_TO_EXERCISE), usual)
    return PAIN_LIMIT


async def provider_answered(update: Update, context: RehabContext) -> str:
    """Store whether a professional is involved (recommend one if not) and ask the pain limit."""
    has_provider = callbacks.PROVIDER.decode(pressed_query(update).data)
    async with context.work() as work:
        usual = await setup.save_provider(
            work, user_id=sender_id(update), has_provider=has_provider
        )
    echo = texts.echo_answer(buttons.YES if has_provider else buttons.NOT_YET)
    if not has_provider:
        echo += f"\n{texts.RECOMMEND_PROVIDER}"
    await _ask_pain_limit(update, echo, usual)
    return PAIN_LIMIT


async def pain_limit_answered(update: Update, context: RehabContext) -> str | None:
    """Store a pain limit (tapped or typed) and ask for the time zone."""
    if update.callback_query is not None:
        limit = callbacks.SETUP_PAIN_LIMIT.decode(update.callback_query.data)
    else:
        try:
            limit = parse_pain_limit(typed_text(update))
        except AnswerError as error:
            await explain(update, str(error))
            return None
    async with context.work() as work:
        await setup.save_pain_limit(work, user_id=sender_id(update), limit=limit)
    await show(
        update, _then(texts.pain_limit_answer(limit), texts.ASK_ZONE), keyboards.zone_keyboard()
    )
    return ZONE


async def zone_answered(update: Update, context: RehabContext) -> str | None:
    """Store a time zone (tapped, typed or from a shared location), or ask or explain."""
    query = update.callback_query
    found = await zone_question.settled_zone(
        update,
        context,
        pressed=callbacks.SETUP_ZONE.decode(query.data) if query is not None else None,
        family=callbacks.SETUP_ZONE,
        back=False,
    )
    if found is None:
        return None
    async with context.work() as work:
        onset = await setup.save_zone(work, user_id=sender_id(update), zone=found.zone)
    await show(
        update,
        f"{zone_question.zone_echo(found)}\n\n{texts.ask_injury_date(onset)}",
        keyboards.injury_date_keyboard(),
    )
    return INJURY_DATE


async def injury_date_answered(update: Update, context: RehabContext) -> str | None:
    """Store the injury date (days ago from a button, or a typed date) and ask about sessions."""
    query = update.callback_query
    if query is not None:
        days = callbacks.INJURED_DAYS_AGO.decode(query.data)

        def read(today: date) -> date:
            return today - timedelta(days=days)
    else:
        typed = typed_text(update)

        def read(today: date) -> date:
            return parse_injury_date(typed, today=today)

    try:
        async with context.work() as work:
            injured = await setup.save_injury_date(work, user_id=sender_id(update), read=read)
    except AnswerError as error:
        await explain(update, str(error))
        return None
    answer = texts.injury_date_answer(injured.day, today=injured.today)
    await show(update, _then(answer, texts.ASK_SESSIONS), keyboards.sessions_keyboard())
    return SESSIONS


async def sessions_chosen(update: Update, context: RehabContext) -> str:
    """Ask for one reminder time, or the first of two."""
    sessions = callbacks.SETUP_SESSIONS.decode(pressed_query(update).data)
    two = sessions == 2
    question = texts.ASK_FIRST_TIME if two else texts.ASK_REMINDER_TIME
    await show(
        update,
        _then(texts.SESSIONS_ANSWERS[sessions], question),
        keyboards.reminder_time_keyboard(first_of_two=two),
    )
    return FIRST_TIME if two else REMINDER_TIME


@refusals_answered
async def first_time_answered(update: Update, context: RehabContext) -> str | None:
    """Keep the first of two times (tapped or typed) and ask for the second."""
    at = await _time_answer(update)
    if at is None:
        return None
    async with context.work() as work:
        await setup.save_first_time(work, user_id=sender_id(update), at=at)
    await show(
        update,
        _then(
            texts.format_time(at),
            texts.ask_second_time(at, example=keyboards.second_time_example(at)),
        ),
        keyboards.reminder_time_keyboard(after=at),
    )
    return SECOND_TIME


@refusals_answered
async def second_time_answered(update: Update, context: RehabContext) -> str | int | None:
    """Finish onboarding with the second time, if it leaves room after the first."""
    at = await _time_answer(update)
    if at is None:
        return None
    async with context.work() as work:
        done = await setup.finish_with_second_time(work, user_id=sender_id(update), at=at)
    return await _finished_or_choose(update, context, done, (at,))


@refusals_answered
async def reminder_time_answered(update: Update, context: RehabContext) -> str | int | None:
    """Finish onboarding with the one reminder time (tapped or typed)."""
    at = await _time_answer(update)
    if at is None:
        return None
    async with context.work() as work:
        done = await setup.finish(work, user_id=sender_id(update), times=(at,))
    return await _finished_or_choose(update, context, done, (at,))


@refusals_answered
async def keep_phase_chosen(update: Update, context: RehabContext) -> int:
    """Finish a new setup keeping the phase, or starting over from phase 1."""
    keep = callbacks.KEEP_PHASE.decode(pressed_query(update).data)
    async with context.work() as work:
        done = await setup.keep_or_start_over(work, user_id=sender_id(update), keep_phase=keep)
    kept = done.kept_phase
    echo = buttons.START_OVER if kept is None else texts.KEEP_PHASE_ANSWER.format(phase=kept)
    return await _finished(update, context, done, echo)


async def cancel(update: Update, context: RehabContext) -> int:
    """Stop onboarding, leaving a plan set up before as it was; /start begins it again."""
    async with context.work() as work:
        place = await setup.stop(work, user_id=sender_id(update))
    if update.effective_message is not None:
        # The location keyboard of the zone question goes with the setup.
        await update.effective_message.reply_text(
            texts.SETUP_CANCELLED
            if place is None
            else texts.setup_stopped(phase=place.phase, day=place.day),
            reply_markup=keyboards.no_location_keyboard(),
        )
    return END


async def ask_onset_again(update: Update, context: RehabContext) -> None:
    """Ask again, with the buttons right below, when a typed onset named neither or both."""
    await sent_message(update)[0].reply_text(
        f"{texts.ONSET_NOT_READ}\n\n{texts.ASK_ONSET}", reply_markup=keyboards.onset_keyboard()
    )


async def ask_for_button(update: Update, context: RehabContext) -> None:
    """Ask for a button press when a yes/no question was answered by typing."""
    await sent_message(update)[0].reply_text(texts.TAP_A_BUTTON_ABOVE)


async def text_only(update: Update, context: RehabContext) -> None:
    """Ask for text instead of a sticker, photo or other media."""
    await sent_message(update)[0].reply_text(texts.TEXT_OR_BUTTONS_ONLY)


async def finish_setup_first(update: Update, context: RehabContext) -> None:
    """Keep the person in onboarding when they send another command."""
    await sent_message(update)[0].reply_text(texts.FINISH_SETUP_FIRST)


async def old_step_button(update: Update, context: RehabContext) -> None:
    """Answer a button from an earlier onboarding step (or a second press of one)."""
    # The keyboard is left alone: after a double press it already shows the next question.
    await pressed_query(update).answer(texts.OLD_STEP_BUTTON)


async def _ask_pain_limit(update: Update, echo: str, usual: int) -> None:
    await show(
        update,
        f"{echo}\n\n{texts.ASK_PAIN_LIMIT.format(default=usual)}",
        keyboards.pain_limit_keyboard(usual),
    )


async def _time_answer(update: Update) -> time | None:
    """Read a time of day from a button or typed text; explain a bad one."""
    query = update.callback_query
    if query is not None:
        return callbacks.SETUP_TIME.decode(query.data)
    try:
        return parse_time(typed_text(update))
    except AnswerError as error:
        await explain(update, str(error))
        return None


async def _finished_or_choose(
    update: Update, context: RehabContext, done: SetUp | PlanPlace, times: tuple[time, ...]
) -> str | int:
    """Sum up a finished setup, or ask someone with a plan to keep their phase or start over."""
    if isinstance(done, SetUp):
        return await _finished(update, context, done, _times_echo(done.reminders))
    await show(
        update,
        _then(_times_echo(times), texts.ask_keep_or_start_over(phase=done.phase, day=done.day)),
        keyboards.keep_phase_keyboard(phase=done.phase, day=done.day),
    )
    return KEEP_PHASE


def _times_echo(times: tuple[time, ...]) -> str:
    return " and ".join(texts.format_time(at) for at in times)


async def _finished(update: Update, context: RehabContext, done: SetUp, echo: str) -> int:
    """Confirm the last answer, sum up the plan and send the first routine."""
    await show(update, texts.echo_answer(echo))
    chat = update.effective_chat
    chat_id = chat.id if chat is not None else sender_id(update)
    summary = texts.setup_summary(
        onset=done.onset,
        injury_date=done.injury_date,
        zone=done.zone,
        reminders=list(done.reminders),
        pain_limit=done.pain_limit,
        today=done.today,
        gentle_start=done.gentle_start,
        restart=texts.restart_line(
            kept_phase=done.kept_phase, from_phase=done.from_phase, new_track=done.new_track
        ),
    )
    await context.bot.send_message(chat_id, summary)
    await send_first_routine(context, chat_id, done.first_session)
    return END


def _then(answer: str, question: str) -> str:
    """The confirmed answer above the next question."""
    return f"{texts.echo_answer(answer)}\n\n{question}"


def conversation() -> ConversationHandler[RehabContext]:
    """Build the persistent onboarding conversation."""
    private = filters.ChatType.PRIVATE
    typed = private & filters.TEXT & ~filters.COMMAND

    def step(
        family: callbacks.Family[Any],
        pressed: Callback[object],
        typed_answer: Callback[object],
    ) -> Handlers:
        return [
            CallbackQueryHandler(pressed, pattern=family.matches),
            MessageHandler(typed, typed_answer),
        ]

    # per_message=False tracks buttons per chat, which is what onboarding wants: buttons of
    # earlier steps are caught by old_step_button.
    return persistent_conversation(
        "onboarding",
        entry_points=[
            CommandHandler("start", start, filters=private),
            CallbackQueryHandler(restart, pattern=callbacks.RESTART.matches),
        ],
        states={
            ONSET: step(callbacks.ONSET, onset_chosen, onset_chosen),
            RED_FLAGS: step(callbacks.WARNING_SIGNS_AT_SETUP, red_flags_answered, ask_for_button),
            CLEARED: step(callbacks.CLEARED, cleared_answered, ask_for_button),
            PROVIDER: step(callbacks.PROVIDER, provider_answered, ask_for_button),
            PAIN_LIMIT: step(callbacks.SETUP_PAIN_LIMIT, pain_limit_answered, pain_limit_answered),
            ZONE: [
                *step(callbacks.SETUP_ZONE, zone_answered, zone_answered),
                CallbackQueryHandler(
                    zone_question.offer_location, pattern=callbacks.SETUP_SHARE_LOCATION.matches
                ),
                MessageHandler(private & filters.LOCATION, zone_answered),
            ],
            INJURY_DATE: step(
                callbacks.INJURED_DAYS_AGO, injury_date_answered, injury_date_answered
            ),
            SESSIONS: step(callbacks.SETUP_SESSIONS, sessions_chosen, ask_for_button),
            REMINDER_TIME: step(
                callbacks.SETUP_TIME, reminder_time_answered, reminder_time_answered
            ),
            FIRST_TIME: step(callbacks.SETUP_TIME, first_time_answered, first_time_answered),
            SECOND_TIME: step(callbacks.SETUP_TIME, second_time_answered, second_time_answered),
            KEEP_PHASE: step(callbacks.KEEP_PHASE, keep_phase_chosen, ask_for_button),
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CommandHandler("start", start, filters=private),
            CommandHandler("help", help_command),
            MessageHandler(filters.COMMAND, finish_setup_first),
            MessageHandler(private & ~filters.TEXT, text_only),
            CallbackQueryHandler(old_step_button, pattern=callbacks.is_setup_button),
        ],
    )
