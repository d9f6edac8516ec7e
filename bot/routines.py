"""A person's routine as messages: used by /today, at the end of onboarding and by reminders."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, InlineKeyboardMarkup

from bot import keyboards, texts
from bot.coaching import (
    DayRecord,
    day_in_phase,
    day_record,
    morning_check_due,
    routine_on,
    track_of,
)
from bot.keyboards import SessionRef
from bot.rendering import routine_html, split_message
from bot.texts import coaching as coaching_texts
from storage.plans import PlanState


async def routine_message(
    session: AsyncSession, state: PlanState, ref: SessionRef
) -> tuple[str, InlineKeyboardMarkup]:
    """Read what the routine needs and render it (see render_routine)."""
    return render_routine(state, await day_record(session, state, ref.day), ref)


def render_routine(
    state: PlanState, record: DayRecord, ref: SessionRef
) -> tuple[str, InlineKeyboardMarkup]:
    """Render one session's routine and its buttons.

    The first session of a day also asks the next-morning question when yesterday had a
    session and it is not answered yet; a note says what is already logged.
    """
    routine = routine_on(state, record, session_number=ref.session)
    html = routine_html(
        routine,
        day=ref.day,
        day_in_phase=day_in_phase(state, ref.day),
        phases=track_of(state).last_phase,
    )
    logged = [entry for entry in record.on(ref.day) if entry.session == ref.session]
    if logged:
        html += "\n\n" + texts.already_logged(logged[0].outcome, logged[0].pain)
    ask_morning = state.morning_check and ref.session == 1 and morning_check_due(record)
    if ask_morning:
        html += "\n\n" + coaching_texts.ASK_MORNING
    return html, keyboards.log_keyboard(ref, morning_of=ref.day if ask_morning else None)


async def send_routine(bot: Bot, chat_id: int, html: str, markup: InlineKeyboardMarkup) -> None:
    """Send a routine with its buttons under the last part (split if it is long)."""
    *first, last = split_message(html)
    for part in first:
        await bot.send_message(chat_id, part)
    await bot.send_message(chat_id, last, reply_markup=markup)
