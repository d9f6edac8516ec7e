"""The error handler: log without personal data, tell the person something went wrong."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot import texts
from bot.context import RehabContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: RehabContext) -> None:
    """Log the failure and, where there is someone to tell, apologise."""
    # Only the update id and the exception: message texts are health data and stay out of logs.
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("handling update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.SOMETHING_WENT_WRONG, show_alert=True)
        elif update.effective_message is not None and update.effective_chat is not None:
            await update.effective_message.reply_text(texts.SOMETHING_WENT_WRONG)
    except TelegramError:
        log.warning("could not tell the person about the failure of update %s", update_id)
