"""Editing the message a button belongs to, tolerating a second press that changes nothing."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.error import BadRequest


async def edit(
    query: CallbackQuery, html: str, *, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the text (and buttons) of the message under which a button was pressed."""
    try:
        await query.edit_message_text(html, reply_markup=reply_markup)
    except BadRequest as error:
        # A repeated press asks for the text the message already shows: nothing to do.
        if "not modified" not in error.message.lower():
            raise
