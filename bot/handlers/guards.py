"""Updates the bot does not serve: groups, channels, edits, media, unknown input."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import texts
from bot.context import RehabContext


async def screen(update: Update, context: RehabContext) -> None:
    """Let private chats through; answer commands and buttons elsewhere once, politely."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        if update.edited_message is not None:
            # Answers are taken as first sent; re-reading an edit would log things twice.
            raise ApplicationHandlerStop
        query = update.callback_query
        if query is not None and not query.data:
            # PTB lets a press without data match every button handler; no button of ours
            # sends one, so it can only be forged.
            await query.answer(texts.EXPIRED_BUTTON, show_alert=True)
            raise ApplicationHandlerStop
        if query is not None and (
            query.message is None or query.message.chat.id != query.from_user.id
        ):
            # A private chat belongs to one person: a press by anyone else (a forged update)
            # touches nothing, whichever button it is.
            await query.answer(texts.NOT_YOUR_BUTTON, show_alert=True)
            raise ApplicationHandlerStop
        return
    if update.callback_query is not None:
        await update.callback_query.answer(texts.PRIVATE_ONLY, show_alert=True)
    elif update.message is not None and filters.COMMAND.check_update(update):
        await update.message.reply_text(texts.PRIVATE_ONLY)
    # Group chatter and channel posts are dropped silently, so the bot never spams a group.
    raise ApplicationHandlerStop


async def unknown_command(update: Update, context: RehabContext) -> None:
    """Point to /help after a command the bot does not know."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.UNKNOWN_COMMAND)


async def non_text(update: Update, context: RehabContext) -> None:
    """Explain that stickers, photos and the like are not read."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.NON_TEXT)


async def expired_button(update: Update, context: RehabContext) -> None:
    """Answer a button no handler recognises, e.g. from an older version of the bot."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.EXPIRED_BUTTON, show_alert=True)


def first_line() -> list[BaseHandler[Update, RehabContext, None]]:
    """The handler that runs before all others."""
    return [TypeHandler(Update, screen)]


def last_resort() -> list[BaseHandler[Update, RehabContext, None]]:
    """Handlers that catch whatever nothing else handled in a private chat."""
    return [
        MessageHandler(filters.COMMAND, unknown_command),
        MessageHandler(~filters.TEXT, non_text),
        CallbackQueryHandler(expired_button),
    ]
