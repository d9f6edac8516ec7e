"""Logging a session from the buttons under a routine: outcome, pain, then endurance minutes."""

from __future__ import annotations

import re
from datetime import timedelta

from telegram import CallbackQuery, Message, Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot import keyboards, texts
from bot.coaching import PainFeedback, judge_check_in, phase_of
from bot.context import RehabContext
from bot.handlers.replies import drop_buttons, edit
from bot.keyboards import SessionRef
from bot.texts import coaching as coaching_texts
from bot.texts import nudge as nudge_texts
from rehab.content import load_protocol
from rehab.injury import SessionOutcome
from rehab.pain import Verdict
from storage import check_ins, plans, reminders
from storage.check_ins import MAX_ENDURANCE_MINUTES, SaveResult
from storage.plans import PlanState

SNOOZE = timedelta(hours=1)
ENDURANCE_TYPED = re.compile(r"^\s*(\d{1,6})\s*(m|min|mins|minutes)?\s*$", re.IGNORECASE)


async def log_pressed(update: Update, context: RehabContext) -> None:
    """Open the check-in under a routine: ask how the session went."""
    checked = await _checked(update, context)
    if checked is None:
        return
    query, ref, _ = checked
    await query.answer()
    await edit(
        query, f"{_heading(ref)}\n{texts.ASK_OUTCOME}", reply_markup=keyboards.outcome_keyboard(ref)
    )


async def outcome_chosen(update: Update, context: RehabContext) -> None:
    """Store a skipped session, or ask for pain after a done or partly one."""
    checked = await _checked(update, context)
    if checked is None:
        return
    query, ref, state = checked
    outcome = SessionOutcome((query.data or "").rsplit(":", 1)[1])
    if outcome is SessionOutcome.SKIPPED:
        await _save(query, context, state, ref, outcome, pain=None)
        return
    await query.answer()
    await edit(
        query,
        f"{_heading(ref)}\n{texts.ASK_PAIN}",
        reply_markup=keyboards.pain_keyboard(ref, outcome),
    )


async def pain_chosen(update: Update, context: RehabContext) -> None:
    """Store the session with its pain and give feedback by the pain rules."""
    checked = await _checked(update, context)
    if checked is None:
        return
    query, ref, state = checked
    _, _, _, outcome, pain = (query.data or "").split(":")
    await _save(query, context, state, ref, SessionOutcome(outcome), pain=int(pain))


async def red_flag_pressed(update: Update, context: RehabContext) -> None:
    """Store the session with a warning sign: stop and see a professional."""
    checked = await _checked(update, context)
    if checked is None:
        return
    query, ref, state = checked
    outcome = SessionOutcome((query.data or "").rsplit(":", 1)[1])
    await _save(query, context, state, ref, outcome, pain=None, red_flag=True)


async def endurance_chosen(update: Update, context: RehabContext) -> None:
    """Add endurance minutes from the buttons to the logged session."""
    checked = await _checked(update, context)
    if checked is None:
        return
    query, ref, state = checked
    choice = (query.data or "").rsplit(":", 1)[1]
    if choice == "type":
        await query.answer(coaching_texts.TYPE_ENDURANCE, show_alert=True)
        return
    minutes = int(choice)
    async with context.db() as session, session.begin():
        stored = await check_ins.record_endurance(
            session,
            user_id=state.user_id,
            local_date=ref.day,
            session_number=ref.session,
            minutes=minutes,
        )
    if not stored:
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return
    await query.answer()
    message = query.message
    earlier = message.text_html if isinstance(message, Message) and message.text else ""
    # The question is the last paragraph; the saved feedback above it stays.
    kept = earlier.rsplit("\n\n", 1)[0]
    await edit(query, f"{kept}\n\n{texts.endurance_saved(minutes)}".strip())


async def endurance_typed(update: Update, context: RehabContext) -> None:
    """Add typed endurance minutes to the most recently logged session of today or yesterday."""
    message, person = update.effective_message, update.effective_user
    if message is None or person is None:
        return
    match = ENDURANCE_TYPED.match(message.text or "")
    if match is None:
        return
    minutes = int(match.group(1))
    if minutes > MAX_ENDURANCE_MINUTES:
        await message.reply_text(coaching_texts.ENDURANCE_TOO_LONG)
        return
    async with context.db() as session:
        state = await plans.plan_state(session, user_id=person.id)
    if state is None:
        await message.reply_text(texts.NOT_SET_UP)
        return
    async with context.db() as session, session.begin():
        today = context.local_today(state.timezone)
        latest = await check_ins.latest_check_in(
            session, user_id=person.id, since=today - timedelta(days=1)
        )
        if latest is not None:
            await check_ins.record_endurance(
                session,
                user_id=person.id,
                local_date=latest.local_date,
                session_number=latest.session,
                minutes=minutes,
            )
    if latest is None:
        await message.reply_text(coaching_texts.ENDURANCE_NEEDS_A_SESSION)
        return
    await message.reply_text(
        texts.endurance_saved(minutes, day=latest.local_date, session=latest.session)
    )


async def snooze_pressed(update: Update, context: RehabContext) -> None:
    """Send today's reminder again in an hour (kept in the database, so a restart keeps it)."""
    checked = await _checked(update, context)
    if checked is None:
        return
    query, ref, state = checked
    if ref.day != context.local_today(state.timezone):
        await query.answer(nudge_texts.SNOOZE_TOO_LATE, show_alert=True)
        return
    due = context.services.clock.now() + SNOOZE
    async with context.db() as session, session.begin():
        planned = await reminders.add_pending(
            session,
            user_id=state.user_id,
            kind=reminders.SNOOZED,
            slot=reminders.slot_key(ref.day, ref.session),
            due_at=due,
        )
    if not planned:
        await query.answer(nudge_texts.ALREADY_SNOOZED)
        return
    await query.answer()
    message = query.message
    shown = message.text_html if isinstance(message, Message) and message.text else ""
    await edit(
        query,
        f"{shown}\n\n{nudge_texts.snoozed(due, zone=state.timezone)}",
        reply_markup=keyboards.log_keyboard(ref),
    )


async def skip_today_pressed(update: Update, context: RehabContext) -> None:
    """Log every session of today not yet logged as skipped."""
    checked = await _checked(update, context)
    if checked is None:
        return
    query, ref, state = checked
    if ref.day != context.local_today(state.timezone):
        await query.answer(nudge_texts.SNOOZE_TOO_LATE, show_alert=True)
        return
    now = context.services.clock.now()
    async with context.db() as session, session.begin():
        logged = {
            entry.session
            for entry in await check_ins.check_ins_on(
                session, user_id=state.user_id, local_date=ref.day
            )
        }
        for number in range(1, state.sessions_per_day + 1):
            if number not in logged:
                await check_ins.record_check_in(
                    session,
                    user_id=state.user_id,
                    local_date=ref.day,
                    session_number=number,
                    outcome=SessionOutcome.SKIPPED,
                    pain=None,
                    now=now,
                )
    await query.answer()
    await edit(query, f"{_heading(ref)}\n{nudge_texts.SKIPPED_TODAY}")


async def _save(
    query: CallbackQuery,
    context: RehabContext,
    state: PlanState,
    ref: SessionRef,
    outcome: SessionOutcome,
    *,
    pain: int | None,
    red_flag: bool = False,
) -> None:
    now = context.services.clock.now()
    async with context.db() as session, session.begin():
        result = await check_ins.record_check_in(
            session,
            user_id=state.user_id,
            local_date=ref.day,
            session_number=ref.session,
            outcome=outcome,
            pain=pain,
            now=now,
        )
        if result is SaveResult.UNCHANGED and not red_flag:
            feedback = None
        else:
            feedback = await judge_check_in(
                session,
                state,
                day=ref.day,
                session_number=ref.session,
                pain=pain,
                today=context.local_today(state.timezone),
                now=now,
                red_flag=red_flag,
            )
            state = await plans.plan_state(session, user_id=state.user_id) or state
    if feedback is None:
        await query.answer(texts.ALREADY_SAVED)
        return
    await query.answer()
    head = texts.check_in_heading(
        outcome=outcome, pain=pain, updated=result is SaveResult.UPDATED, day=ref.day
    )
    body = _feedback(outcome, feedback, state, red_flag=red_flag)
    if feedback.verdict is Verdict.STOP:
        await edit(query, f"{head}\n{body}")
        return
    await edit(
        query,
        f"{head}\n{body}\n\n{coaching_texts.ASK_ENDURANCE}",
        reply_markup=keyboards.endurance_keyboard(ref),
    )


def _feedback(
    outcome: SessionOutcome, feedback: PainFeedback, state: PlanState, *, red_flag: bool
) -> str:
    """Choose the words for a saved check-in from the verdict."""
    if red_flag:
        return coaching_texts.red_flag_reported(load_protocol().red_flags)
    if feedback.verdict is Verdict.STOP:
        return coaching_texts.STOP
    if feedback.stepped_back_to is not None:
        return coaching_texts.stepped_back(phase_of(state), has_provider=state.has_provider)
    if outcome is SessionOutcome.SKIPPED:
        return coaching_texts.SKIPPED
    prefix = coaching_texts.PARTLY if outcome is SessionOutcome.PARTLY else ""
    return prefix + coaching_texts.pain_feedback(feedback.verdict, limit=feedback.limit)


async def _checked(
    update: Update, context: RehabContext
) -> tuple[CallbackQuery, SessionRef, PlanState] | None:
    """Return the press, its session and the person's plan if the button is theirs and current.

    Otherwise answer the press with the reason and return None.
    """
    query = update.callback_query
    if query is None:
        return None
    message = query.message
    if message is None or message.chat.id != query.from_user.id:
        await query.answer(texts.NOT_YOUR_BUTTON, show_alert=True)
        return None
    try:
        ref = SessionRef.decode(":".join((query.data or "").split(":")[1:3]))
    except ValueError:
        await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
        return None
    async with context.db() as session:
        state = await plans.plan_state(session, user_id=query.from_user.id)
    if state is None:
        await query.answer(texts.NOT_SET_UP, show_alert=True)
        return None
    today = context.local_today(state.timezone)
    if not today - timedelta(days=1) <= ref.day <= today:
        await query.answer(texts.too_old_to_log(ref.day), show_alert=True)
        await drop_buttons(query)
        return None
    return query, ref, state


def _heading(ref: SessionRef) -> str:
    return f"<b>{texts.format_date(ref.day)}, session {ref.session}</b>"


def handlers() -> list[CallbackQueryHandler[RehabContext, None]]:
    """The check-in buttons' handlers."""
    session = r"\d{8}:[12]"
    return [
        CallbackQueryHandler(log_pressed, pattern=rf"^log:{session}$"),
        CallbackQueryHandler(outcome_chosen, pattern=rf"^out:{session}:(done|partly|skipped)$"),
        CallbackQueryHandler(pain_chosen, pattern=rf"^pain:{session}:(done|partly):(10|[0-9])$"),
        CallbackQueryHandler(red_flag_pressed, pattern=rf"^flag:{session}:(done|partly)$"),
        CallbackQueryHandler(endurance_chosen, pattern=rf"^end:{session}:(0|15|30|type)$"),
        CallbackQueryHandler(snooze_pressed, pattern=rf"^snz:{session}$"),
        CallbackQueryHandler(skip_today_pressed, pattern=rf"^skp:{session}$"),
    ]


def typed_handlers() -> list[MessageHandler[RehabContext, None]]:
    """Typed answers outside onboarding: endurance minutes as a number."""
    number = filters.Regex(ENDURANCE_TYPED) & filters.ChatType.PRIVATE & ~filters.COMMAND
    return [MessageHandler(number, endurance_typed)]
