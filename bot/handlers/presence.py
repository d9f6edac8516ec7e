"""Noting that a person is active: any private update restarts their silence (nudge ladder)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, TypeHandler

from bot.context import RehabContext
from coach.attendance import note_activity


async def noted(update: Update, context: RehabContext) -> None:
    """Record the activity; someone who had lapsed or blocked the bot is reachable again."""
    chat, person = update.effective_chat, update.effective_user
    if chat is None or person is None or chat.type != ChatType.PRIVATE:
        return
    async with context.work() as work:
        await note_activity(work, user_id=person.id)


def handlers() -> list[BaseHandler[Update, RehabContext, None]]:
    """The handler that runs after the others for every update."""
    return [TypeHandler(Update, noted)]
