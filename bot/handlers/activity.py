"""Noting that a person is active: any private update restarts their silence (nudge ladder)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, TypeHandler

from bot.context import RehabContext
from scheduler.nudges import TWO_DAYS_AFTER
from scheduler.planning import replan_from
from storage import activity
from storage.models import UserStatus


async def note_activity(update: Update, context: RehabContext) -> None:
    """Record the activity; someone who had lapsed or blocked the bot is reachable again."""
    chat, person = update.effective_chat, update.effective_user
    if chat is None or person is None or chat.type != ChatType.PRIVATE:
        return
    now = context.services.clock.now()
    async with context.db() as session, session.begin():
        before = await activity.touch(
            session, user_id=person.id, now=now, first_look=now + TWO_DAYS_AFTER
        )
        if before in (UserStatus.LAPSED, UserStatus.BLOCKED):
            zone = await activity.zone_of(session, user_id=person.id)
            if zone is not None:
                # Slots that passed while reminders were stopped are not owed.
                await replan_from(session, user_id=person.id, zone_name=zone, now=now)


def handlers() -> list[BaseHandler[Update, RehabContext, None]]:
    """The handler that runs after the others for every update."""
    return [TypeHandler(Update, note_activity)]
