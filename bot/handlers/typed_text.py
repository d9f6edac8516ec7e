"""Typed messages outside the setup and settings dialogues: answers to the open check-in
question, or words read for what they are about (coach.typed_answers decides)."""

from __future__ import annotations

import contextlib

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import MessageHandler, filters

from bot import callbacks, texts
from bot.context import RehabContext
from bot.handlers.button_presses import ButtonHandlers, Press
from bot.handlers.check_in import outcome_question, pain_question, saved_reply, send_next_session
from bot.handlers.update_io import Handlers, refusals_answered, send_routine, sent_message
from bot.texts import coaching as coaching_texts
from bot.texts import safety as safety_texts
from bot.texts import typed_replies as words
from bot.views import keyboards
from bot.views.routine_message import render_routine
from coach import session_log
from coach.day_record import SessionRef
from coach.today import todays_session
from coach.typed_answers import Answer, TypedAnswer, answer_typed, pain_meant
from rehab.content import load_protocol
from rehab.injury import SessionOutcome

buttons = ButtonHandlers()


@refusals_answered
async def text_typed(update: Update, context: RehabContext) -> None:
    """Answer a typed message."""
    message, user_id = sent_message(update)
    async with context.work() as work:
        typed = await answer_typed(work, user_id=user_id, text=message.text or "")
    if typed.answered is not None and typed.answered.message_id is not None:
        await _spend_buttons(context, message.chat_id, typed.answered.message_id)
    await _reply(context, message, typed)


async def _reply(context: RehabContext, message: Message, typed: TypedAnswer) -> None:
    answer = typed.answer
    if typed.plan is not None:
        if answer is Answer.WELCOME:
            paused = f"\n{words.STILL_PAUSED}" if typed.paused else ""
            await message.reply_text(f"{words.WELCOME_BACK}{paused}")
        await send_routine(context.bot, message.chat_id, *render_routine(typed.plan))
        return
    if typed.saved is not None and typed.ref is not None:
        html, markup = saved_reply(typed.saved, typed.ref)
        await message.reply_text(html, reply_markup=markup)
        await send_next_session(context, message.chat_id, typed.saved)
        return
    html, markup = _words_and_buttons(typed)
    await message.reply_text(html, reply_markup=markup)


Reply = tuple[str, InlineKeyboardMarkup | None]


def _words_and_buttons(typed: TypedAnswer) -> Reply:
    """The reply of every answer that is words with a few buttons."""
    render = _RENDERERS.get(typed.answer)
    if render is not None:
        return render(typed)
    return _FIXED.get(typed.answer, words.UNKNOWN), None


def _hold_opened(typed: TypedAnswer) -> Reply:
    html = safety_texts.problem_reported(load_protocol().red_flags)
    if typed.state is not None and not typed.state.has_provider:
        return f"{html}\n\n{texts.WHY_A_PHYSIO}", keyboards.found_provider_keyboard()
    return html, None


def _on_hold(typed: TypedAnswer) -> Reply:
    day = typed.state.hold_day if typed.state is not None else None
    html = words.WELCOME_ON_HOLD if day is None else safety_texts.on_hold(day)
    return html, keyboards.seen_keyboard()


def _fitness(typed: TypedAnswer) -> Reply:
    return (words.fitness(typed.phase) if typed.phase else words.UNKNOWN), None


def _endurance(typed: TypedAnswer) -> Reply:
    ref = _session(typed)
    minutes, before = typed.number or 0, typed.previous_minutes
    of = typed.state.sessions_per_day if typed.state is not None else 2
    changed = words.endurance_changed(minutes, before, day=ref.day, session=ref.session, of=of)
    return changed, None


def _ask_pain(typed: TypedAnswer) -> Reply:
    ref, outcome = _session(typed), typed.outcome or SessionOutcome.DONE
    of = typed.state.sessions_per_day if typed.state is not None else 2
    return pain_question(ref, of=of), keyboards.pain_keyboard(ref, outcome)


def _pain_or_minutes(typed: TypedAnswer) -> Reply:
    number = typed.number or 0
    return words.pain_or_minutes(number), keyboards.number_meant_keyboard(_session(typed), number)


def _skip_offer(typed: TypedAnswer) -> Reply:
    return words.SKIP_OFFER, keyboards.skip_offer_keyboard(_session(typed))


def _answer_above(typed: TypedAnswer) -> Reply:
    return words.answer_above(typed.asked), None


def _unknown(typed: TypedAnswer) -> Reply:
    return words.UNKNOWN, keyboards.what_i_can_do_keyboard(_session(typed))


def _pain_talk(typed: TypedAnswer) -> Reply:
    """Pain in words: the pain buttons for a session logged, else its outcome first."""
    ref, logged, number = _session(typed), typed.logged, typed.number
    if logged is not None and logged.outcome is not SessionOutcome.SKIPPED:
        return f"{words.PAIN_TALK}\n\n{words.PAIN_TALK_PAIN}", keyboards.pain_keyboard(
            ref, logged.outcome
        )
    html = f"{words.PAIN_TALK}\n\n{words.PAIN_TALK_OUTCOME}"
    if number is not None and number <= max(callbacks.PAIN_SCALE):
        return html, keyboards.pain_with_outcome_keyboard(ref, number)
    return html, keyboards.outcome_keyboard(ref)


def _session(typed: TypedAnswer) -> SessionRef:
    if typed.ref is None:
        raise ValueError(f"{typed.answer} needs a session")
    return typed.ref


_RENDERERS = {
    Answer.HOLD_OPENED: _hold_opened,
    Answer.ON_HOLD: _on_hold,
    Answer.WELCOME: _on_hold,  # welcome without a routine: the plan is on hold
    Answer.FITNESS: _fitness,
    Answer.ENDURANCE_ADDED: _endurance,
    Answer.ASK_PAIN: _ask_pain,
    Answer.PAIN_OR_MINUTES: _pain_or_minutes,
    Answer.SKIP_OFFER: _skip_offer,
    Answer.UNKNOWN: _unknown,
    Answer.ANSWER_ABOVE: _answer_above,
    Answer.PAIN_TALK: _pain_talk,
}
_FIXED = {
    Answer.WARNING_NOT_SET_UP: words.WARNING_NOT_SET_UP,
    Answer.NOT_SET_UP: words.NOT_SET_UP,
    Answer.PAIN_OUT_OF_RANGE: words.PAIN_OUT_OF_RANGE,
    Answer.ENDURANCE_TOO_LONG: coaching_texts.ENDURANCE_TOO_LONG,
    Answer.THANKS: words.THANKS,
    Answer.SETTINGS: words.SETTINGS,
    Answer.OTHER_LANGUAGE: words.OTHER_LANGUAGE,
}


async def _spend_buttons(context: RehabContext, chat_id: int, message_id: int) -> None:
    """Take the buttons off a question answered in words (it may be gone or unchanged)."""
    with contextlib.suppress(BadRequest):
        await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)


@buttons.on(callbacks.NUMBER_MEANT)
async def number_meant(press: Press[tuple[SessionRef, bool, int]], context: RehabContext) -> None:
    """A typed number was the pain, or minutes of exercise."""
    ref, is_pain, number = press.value
    async with context.work() as work:
        if is_pain:
            saved = await pain_meant(work, user_id=press.user_id, ref=ref, pain=number)
        else:
            latest, of = await session_log.add_typed_endurance(
                work, user_id=press.user_id, minutes=number
            )
    if not is_pain:
        before = latest.endurance_minutes
        day, session = latest.local_date, latest.session
        changed = words.endurance_changed(number, before, day=day, session=session, of=of)
        await press.show(changed)
        return
    if not isinstance(saved, session_log.SavedCheckIn):
        question = outcome_question(ref, of=saved.sessions_per_day)
        await press.show(question, keyboards.pain_with_outcome_keyboard(ref, number))
        return
    await press.show(*saved_reply(saved, ref))
    await send_next_session(context, press.chat_id, saved)


@buttons.on(callbacks.SHOW_TODAY)
async def show_today(press: Press[None], context: RehabContext) -> None:
    """Today's routine in place of the reply it was asked from."""
    async with context.work() as work:
        plan = await todays_session(work, user_id=press.user_id)
    await press.show(*render_routine(plan))


@buttons.on(callbacks.ASK_PROBLEM)
async def ask_problem(press: Press[None], context: RehabContext) -> None:
    """The /problem question in place of the reply it was asked from."""
    await press.show(
        safety_texts.ask_problem(load_protocol().red_flags), keyboards.problem_keyboard()
    )


def handlers() -> Handlers:
    """Typed text in a private chat, and the buttons of the replies to it."""
    text = filters.TEXT & filters.ChatType.PRIVATE & ~filters.COMMAND
    return [MessageHandler(text, text_typed), *buttons.handlers]
