"""Logging a session from the buttons under a routine: outcome, pain, then endurance minutes."""

from __future__ import annotations

from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup

from bot import callbacks, texts
from bot.context import RehabContext
from bot.handlers.button_presses import ButtonHandlers, Press
from bot.handlers.picture_album import send_pictures
from bot.handlers.update_io import (
    Handlers,
    edit,
    send_routine,
    shown_html,
)
from bot.texts import coaching as coaching_texts
from bot.texts import encouragement
from bot.texts import nudge as nudge_texts
from bot.views import keyboards
from bot.views.routine_message import render_routine, routine_exercises
from coach import self_reports, session_log
from coach.day_record import SessionRef
from coach.plan_position import phase_of
from rehab.content import load_protocol
from rehab.injury import SessionOutcome
from rehab.pain import Verdict

buttons = ButtonHandlers()


@buttons.on(callbacks.LOG)
async def log_pressed(press: Press[SessionRef], context: RehabContext) -> None:
    """Open the check-in under a routine: ask how the session went."""
    query, ref = press.query, press.value
    async with context.work() as work:
        state = await session_log.open_log(
            work, user_id=press.user_id, ref=ref, asked_in=_asked_in(query)
        )
    await query.answer()
    await edit(
        query,
        outcome_question(ref, of=state.sessions_per_day),
        reply_markup=keyboards.outcome_keyboard(ref),
    )


@buttons.on(callbacks.OUTCOME)
async def outcome_chosen(
    press: Press[tuple[SessionRef, SessionOutcome]], context: RehabContext
) -> None:
    """Store a skipped session, or ask for pain after a done or partly one."""
    query, (ref, outcome) = press.query, press.value
    if outcome is SessionOutcome.SKIPPED:
        await _save(press, context, ref, outcome, pain=None)
        return
    async with context.work() as work:
        state = await session_log.choose_outcome(
            work, user_id=press.user_id, ref=ref, outcome=outcome, asked_in=_asked_in(query)
        )
    await query.answer()
    await edit(
        query,
        pain_question(ref, of=state.sessions_per_day),
        reply_markup=keyboards.pain_keyboard(ref, outcome),
    )


@buttons.on(callbacks.PAIN)
async def pain_chosen(
    press: Press[tuple[SessionRef, SessionOutcome, int]], context: RehabContext
) -> None:
    """Store the session with its pain and give feedback by the pain rules."""
    ref, outcome, pain = press.value
    await _save(press, context, ref, outcome, pain=pain)


@buttons.on(callbacks.WARNING_SIGN)
async def warning_sign_pressed(
    press: Press[tuple[SessionRef, SessionOutcome]], context: RehabContext
) -> None:
    """Store the session with a warning sign: stop and see a professional."""
    ref, outcome = press.value
    await _save(press, context, ref, outcome, pain=None, red_flag=True)


@buttons.on(callbacks.ENDURANCE)
async def endurance_chosen(
    press: Press[tuple[SessionRef, int | None]], context: RehabContext
) -> None:
    """Add endurance minutes from the buttons to the logged session."""
    query, (ref, minutes) = press.query, press.value
    ask = False
    async with context.work() as work:
        if minutes is None:
            await session_log.loggable(work, user_id=press.user_id, ref=ref)
        else:
            await session_log.add_endurance(work, user_id=press.user_id, ref=ref, minutes=minutes)
            ask = await self_reports.asks_what_aggravated(work, user_id=press.user_id, ref=ref)
    if minutes is None:
        await query.answer(coaching_texts.TYPE_ENDURANCE, show_alert=True)
        return
    await query.answer()
    # The question is the last paragraph; the saved feedback above it stays.
    kept = shown_html(query).rsplit("\n\n", 1)[0]
    html = f"{kept}\n\n{texts.endurance_saved(minutes)}".strip()
    if not ask:
        await edit(query, html)
        return
    html += f"\n\n{coaching_texts.ASK_WHAT_AGGRAVATED}"
    await edit(query, html, reply_markup=keyboards.aggravation_keyboard(ref))


@buttons.on(callbacks.SNOOZE)
async def snooze_pressed(press: Press[SessionRef], context: RehabContext) -> None:
    """Send today's reminder again in an hour (kept in the database, so a restart keeps it)."""
    async with context.work() as work:
        snoozed = await session_log.snooze(work, user_id=press.user_id, ref=press.value)
    await press.show(
        f"{shown_html(press.query)}\n\n{nudge_texts.snoozed(snoozed.due, zone=snoozed.zone)}",
        keyboards.log_keyboard(press.value),
    )


@buttons.on(callbacks.SKIP_TODAY)
async def skip_today_pressed(press: Press[SessionRef], context: RehabContext) -> None:
    """Log every session of today not yet logged as skipped."""
    async with context.work() as work:
        word = await session_log.skip_today(work, user_id=press.user_id, ref=press.value)
    # The whole day is skipped: its heading names the day, not a session.
    said = f" {encouragement.say(word)}" if word else ""
    await press.show(
        f"<b>{texts.format_date(press.value.day)}</b>\n{nudge_texts.SKIPPED_TODAY}{said}"
    )


async def _save(
    press: Press[Any],
    context: RehabContext,
    ref: SessionRef,
    outcome: SessionOutcome,
    *,
    pain: int | None,
    red_flag: bool = False,
) -> None:
    query = press.query
    async with context.work() as work:
        saved = await session_log.save_check_in(
            work,
            user_id=press.user_id,
            ref=ref,
            outcome=outcome,
            pain=pain,
            red_flag=red_flag,
            asked_in=_asked_in(query),
        )
    await query.answer()
    html, markup = saved_reply(saved, ref)
    await edit(query, html, reply_markup=markup)
    await send_next_session(context, press.chat_id, saved)


def saved_reply(
    saved: session_log.SavedCheckIn, ref: SessionRef
) -> tuple[str, InlineKeyboardMarkup | None]:
    """What a saved check-in says, with the endurance question (or, on hold, the physio
    button for someone without one)."""
    head = texts.check_in_heading(
        outcome=saved.outcome, pain=saved.pain, updated=saved.updated, day=ref.day
    )
    body = _feedback(saved)
    if saved.feedback.verdict is Verdict.STOP:
        if saved.state.has_provider:
            return f"{head}\n{body}", None
        return f"{head}\n{body}\n\n{texts.WHY_A_PHYSIO}", keyboards.found_provider_keyboard()
    skipped = saved.outcome is SessionOutcome.SKIPPED
    return (
        f"{head}\n{body}\n\n{coaching_texts.ASK_ENDURANCE}",
        keyboards.endurance_keyboard(ref, skipped=skipped),
    )


async def send_next_session(
    context: RehabContext, chat_id: int, saved: session_log.SavedCheckIn
) -> None:
    """After a step back the lighter routine comes with the reply."""
    if saved.next_session is not None:
        html, markup = render_routine(saved.next_session)
        html = f"{coaching_texts.NEXT_SESSION_LIGHTER}\n\n{html}"
        if saved.feedback.stepped_back_to != saved.feedback.stepped_back_from:
            await send_pictures(context, chat_id, routine_exercises(saved.next_session))
        await send_routine(context.bot, chat_id, html, markup)


def _feedback(saved: session_log.SavedCheckIn) -> str:
    """Choose the words for a saved check-in from the verdict."""
    feedback, state = saved.feedback, saved.state
    if saved.red_flag:
        return coaching_texts.red_flag_reported(load_protocol().red_flags)
    if feedback.verdict is Verdict.STOP:
        return coaching_texts.STOP
    if feedback.cause is not None and feedback.stepped_back_from is not None:
        return coaching_texts.stepped_back(
            phase_of(state),
            from_phase=feedback.stepped_back_from,
            cause=feedback.cause,
            has_provider=state.has_provider,
            word=encouragement.say(feedback.word),
        )
    if saved.outcome is SessionOutcome.SKIPPED:
        body = coaching_texts.SKIPPED
    else:
        prefix = coaching_texts.PARTLY if saved.outcome is SessionOutcome.PARTLY else ""
        body = prefix + coaching_texts.pain_feedback(feedback.verdict, limit=feedback.limit)
    word = encouragement.say(feedback.word)
    return f"{body} {word}" if word else body


def _asked_in(query: CallbackQuery) -> int | None:
    """The message a question is asked in: the one the pressed button is under."""
    return query.message.message_id if query.message is not None else None


def outcome_question(ref: SessionRef, *, of: int) -> str:
    """How did the session go? (``of``: sessions a day, which numbers the heading or not)"""
    return _question(ref, texts.ASK_OUTCOME, of=of)


def pain_question(ref: SessionRef, *, of: int) -> str:
    """How much did it hurt?"""
    return _question(ref, texts.ASK_PAIN, of=of)


def _question(ref: SessionRef, question: str, *, of: int) -> str:
    return texts.check_in_question(ref.day, session=ref.session, question=question, of=of)


def handlers() -> Handlers:
    """The check-in buttons' handlers."""
    return buttons.handlers
