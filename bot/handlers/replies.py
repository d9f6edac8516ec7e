"""Editing the message a button belongs to, tolerating a second press that changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Message
from telegram.error import BadRequest


async def edit(
    query: CallbackQuery, html: str, *, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the text (and buttons) of the message under which a button was pressed."""
    await _unless_unchanged(query.edit_message_text(html, reply_markup=reply_markup))


async def drop_buttons(query: CallbackQuery) -> None:
    """Remove the buttons of the message under which a button was pressed, if it still has any."""
    message = query.message
    if isinstance(message, Message) and message.reply_markup is None:
        return
    await _unless_unchanged(query.edit_message_reply_markup(reply_markup=None))


async def _unless_unchanged(editing: Awaitable[Any]) -> None:
    try:
        await editing
    except BadRequest as error:
        # A repeated press asks for what the message already shows: nothing to do.
        if "not modified" not in error.message.lower():
            raise
