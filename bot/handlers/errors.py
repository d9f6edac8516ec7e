"""The error handler: log without personal data, tell the person something went wrong."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, TelegramError

from bot import texts
from bot.context import RehabContext

log = logging.getLogger(__name__)

# Telegram's words when a button press was already answered, or is too old to answer: what
# the same update handled a second time gets (it came again after a restart, say).
_ANSWERED_ALREADY = ("query is too old", "query id is invalid")


async def on_error(update: object, context: RehabContext) -> None:
    """Log the failure and, where there is someone to tell, apologise."""
    if context.job is not None:
        # A job's failure has no update: the job's name says what failed.
        log.error("job %r failed", context.job.name, exc_info=context.error)
        return
    # Only the update id and the exception: message texts are health data and stay out of logs.
    update_id = update.update_id if isinstance(update, Update) else None
    if _answered_already(context.error):
        # Nothing is lost: the press was handled when it first came. No one to tell either.
        log.info(
            "update %s: its button press was answered before (the update came twice)", update_id
        )
        return
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


def _answered_already(error: BaseException | None) -> bool:
    """Whether Telegram refused an answer to a button press that had already had one."""
    return isinstance(error, BadRequest) and any(
        words in error.message.lower() for words in _ANSWERED_ALREADY
    )
