"""The next-morning check: how the thigh feels the day after a session (pain-monitoring model)."""

from __future__ import annotations

from datetime import datetime

from telegram import Message, Update
from telegram.ext import CallbackQueryHandler

from bot import keyboards, texts
from bot.coaching import judge_morning_check, phase_of
from bot.context import RehabContext
from bot.handlers.replies import edit
from bot.keyboards import SessionRef
from bot.texts import coaching as coaching_texts
from rehab.pain import MorningResponse
from storage import plans


async def morning_answered(update: Update, context: RehabContext) -> None:
    """Store this morning's answer, apply the rule and fold the reply into the message."""
    query = update.callback_query
    if query is None:
        return
    message = query.message
    if message is None or message.chat.id != query.from_user.id:
        await query.answer(texts.NOT_YOUR_BUTTON, show_alert=True)
        return
    _, packed, response = (query.data or "").split(":")
    day = datetime.strptime(packed, "%Y%m%d").date()  # noqa: DTZ007 (a calendar date)
    now = context.services.clock.now()
    async with context.db() as session:
        state = await plans.plan_state(session, user_id=query.from_user.id)
    if state is None:
        await query.answer(texts.NOT_SET_UP, show_alert=True)
        return
    if day != context.local_today(state.timezone):
        await query.answer(coaching_texts.MORNING_EXPIRED, show_alert=True)
        return
    async with context.db() as session, session.begin():
        feedback = await judge_morning_check(
            session, state, response=MorningResponse(response), today=day, now=now
        )
        state = await plans.plan_state(session, user_id=state.user_id) or state
    await query.answer()
    if feedback.stepped_back_to is not None:
        reply = coaching_texts.stepped_back(phase_of(state), has_provider=state.has_provider)
    else:
        reply = coaching_texts.MORNING_FEEDBACK[feedback.verdict]
    shown = message.text_html if isinstance(message, Message) and message.text else ""
    # The question is the message's last paragraph: the answer takes its place.
    routine = shown.rsplit("\n\n", 1)[0]
    label = coaching_texts.MORNING_NAMES[response]
    await edit(
        query,
        f"{routine}\n\n✓ This morning: {label.lower()}. {reply}",
        reply_markup=keyboards.log_keyboard(SessionRef(day, 1)),
    )


def handlers() -> list[CallbackQueryHandler[RehabContext, None]]:
    """The next-morning buttons."""
    return [CallbackQueryHandler(morning_answered, pattern=r"^mor:\d{8}:(better|same|worse)$")]
