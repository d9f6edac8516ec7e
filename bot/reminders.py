"""How a scheduled reminder reads: the day's routine with its buttons."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.keyboards import SessionRef
from bot.rendering import MAX_MESSAGE_LENGTH
from bot.routines import routine_message
from scheduler.sending import OutgoingMessage
from storage import plans
from storage.reminders import ClaimedReminder

REMINDER_HEADING = "⏰ Time for your rehab session."


async def compose_reminder(session: AsyncSession, claim: ClaimedReminder) -> OutgoingMessage:
    """Render the reminder for one claimed slot."""
    state = await plans.plan_state(session, user_id=claim.slot.user_id)
    if state is None:
        raise LookupError(f"user {claim.slot.user_id} has a reminder but no plan")
    html, markup = await routine_message(
        session, state, SessionRef(claim.local_date, claim.slot.session)
    )
    html = f"{REMINDER_HEADING}\n\n{html}"
    if len(html) > MAX_MESSAGE_LENGTH:
        raise ValueError("a reminder must fit one message")
    return OutgoingMessage(html, markup)
