"""Logging a session from the buttons under a routine: outcome, then pain."""

from __future__ import annotations

from datetime import timedelta

from telegram import Bot, CallbackQuery, Update
from telegram.ext import CallbackQueryHandler

from bot import keyboards, texts
from bot.context import RehabContext
from bot.keyboards import SessionRef
from bot.rendering import routine_html, split_message
from rehab.injury import Onset, SessionOutcome
from rehab.pain import DEFAULT_PAIN_LIMIT, judge_pain
from rehab.routine import routine_for
from storage import check_ins, users
from storage.check_ins import LoggedSession, SaveResult
from storage.models import User, UserStatus


async def send_routine(
    bot: Bot, chat_id: int, onset: Onset, ref: SessionRef, *, logged: LoggedSession | None
) -> None:
    """Send one session's routine with its log button (split if it is long)."""
    html = routine_html(routine_for(onset, session=ref.session), day=ref.day, session=ref.session)
    if logged is not None:
        html += "\n\n" + texts.already_logged(logged.outcome, logged.pain)
    *first, last = split_message(html)
    for part in first:
        await bot.send_message(chat_id, part)
    await bot.send_message(chat_id, last, reply_markup=keyboards.log_keyboard(ref))


async def log_pressed(update: Update, context: RehabContext) -> None:
    """Open the check-in under a routine: ask how the session went."""
    checked = await _checked(update, context)
    if checked is None:
        return
    query, ref, _ = checked
    await query.answer()
    await query.edit_message_text(
        f"{_heading(ref)}\n{texts.ASK_OUTCOME}", reply_markup=keyboards.outcome_keyboard(ref)
    )


async def outcome_chosen(update: Update, context: RehabContext) -> None:
    """Store a skipped session, or ask for pain after a done or partly one."""
    checked = await _checked(update, context)
    if checked is None:
        return
    query, ref, user = checked
    outcome = SessionOutcome((query.data or "").rsplit(":", 1)[1])
    if outcome is SessionOutcome.SKIPPED:
        await _save(query, context, user, ref, outcome, pain=None)
        return
    await query.answer()
    await query.edit_message_text(
        f"{_heading(ref)}\n{texts.ASK_PAIN}", reply_markup=keyboards.pain_keyboard(ref, outcome)
    )


async def pain_chosen(update: Update, context: RehabContext) -> None:
    """Store the session with its pain and give feedback by the pain rules."""
    checked = await _checked(update, context)
    if checked is None:
        return
    query, ref, user = checked
    _, _, _, outcome, pain = (query.data or "").split(":")
    await _save(query, context, user, ref, SessionOutcome(outcome), pain=int(pain))


async def _save(
    query: CallbackQuery,
    context: RehabContext,
    user: User,
    ref: SessionRef,
    outcome: SessionOutcome,
    *,
    pain: int | None,
) -> None:
    async with context.db() as session, session.begin():
        result = await check_ins.record_check_in(
            session,
            user_id=user.id,
            local_date=ref.day,
            session_number=ref.session,
            outcome=outcome,
            pain=pain,
            now=context.services.clock.now(),
        )
    if result is SaveResult.UNCHANGED:
        await query.answer(texts.ALREADY_SAVED)
        return
    await query.answer()
    assert user.onset is not None  # noqa: S101 (only onboarded people get past _refuse)
    limit = DEFAULT_PAIN_LIMIT[user.onset]
    await query.edit_message_text(
        texts.check_in_saved(
            outcome=outcome,
            pain=pain,
            verdict=None if pain is None else judge_pain(pain, limit=limit),
            limit=limit,
            updated=result is SaveResult.UPDATED,
            day=ref.day,
        )
    )


async def _checked(
    update: Update, context: RehabContext
) -> tuple[CallbackQuery, SessionRef, User] | None:
    """Return the press, its session and the person if the button is theirs and current.

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
        user = await users.get_user(session, query.from_user.id)
    if user is None or user.status is UserStatus.ONBOARDING or user.timezone is None:
        await query.answer(texts.NOT_SET_UP, show_alert=True)
        return None
    today = context.local_today(user.timezone)
    if not today - timedelta(days=1) <= ref.day <= today:
        await query.answer(texts.too_old_to_log(ref.day), show_alert=True)
        await query.edit_message_reply_markup(reply_markup=None)
        return None
    return query, ref, user


def _heading(ref: SessionRef) -> str:
    return f"<b>{texts.format_date(ref.day)}, session {ref.session}</b>"


def handlers() -> list[CallbackQueryHandler[RehabContext, None]]:
    """The check-in buttons' handlers."""
    return [
        CallbackQueryHandler(log_pressed, pattern=r"^log:\d{8}:[12]$"),
        CallbackQueryHandler(outcome_chosen, pattern=r"^out:\d{8}:[12]:(done|partly|skipped)$"),
        CallbackQueryHandler(pain_chosen, pattern=r"^pain:\d{8}:[12]:(done|partly):(10|[0-9])$"),
    ]
