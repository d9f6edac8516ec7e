"""How a scheduled reminder reads: the day's routine with its log button."""

from __future__ import annotations

from datetime import date

from bot import keyboards
from bot.keyboards import SessionRef
from bot.rendering import MAX_MESSAGE_LENGTH, routine_html
from rehab.routine import routine_for
from scheduler.sending import OutgoingMessage
from storage.reminders import DueSlot


def compose_reminder(slot: DueSlot, local_date: date) -> OutgoingMessage:
    """Render the reminder for one due slot."""
    ref = SessionRef(local_date, slot.session)
    html = "⏰ Time for your rehab session.\n\n" + routine_html(
        routine_for(slot.onset, session=slot.session), day=local_date, session=slot.session
    )
    if len(html) > MAX_MESSAGE_LENGTH:
        raise ValueError("a reminder must fit one message")
    return OutgoingMessage(html, keyboards.log_keyboard(ref))
