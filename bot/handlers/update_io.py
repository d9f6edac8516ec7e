"""What every handler does with an update: read who sent it, answer it, and word refusals."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from html import escape
from typing import Any, TypeVar

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, ConversationHandler

from bot import callbacks
from bot.context import RehabContext
from bot.texts.refusals import QUIET_REASONS, refusal_text
from bot.views import keyboards
from bot.views.routine_message import split_message
from coach.day_record import SessionRef
from coach.refusals import Reason, Refusal

R = TypeVar("R")
Callback = Callable[[Update, RehabContext], Coroutine[Any, Any, R]]
# Any callback PTB may call; conversations take the state it returns.
Handler = BaseHandler[Update, RehabContext, object]
Handlers = list[Handler]


def refusals_answered(handler: Callback[R]) -> Callback[R | None]:
    """Wrap a handler so that a refusal of the coach is answered, in words, to the person."""

    @functools.wraps(handler)
    async def answering(update: Update, context: RehabContext) -> R | None:
        try:
            return await handler(update, context)
        except Refusal as refusal:
            await answer_refusal(update, refusal)
            return None

    return answering


async def answer_refusal(update: Update, refusal: Refusal) -> None:
    """Say why a request was declined: an alert under a button, or a reply to a message."""
    query = update.callback_query
    text = refusal_text(refusal)
    if query is not None:
        await query.answer(text, show_alert=refusal.reason not in QUIET_REASONS)
        if refusal.reason is Reason.TOO_OLD_TO_LOG:
            await drop_buttons(query)
    elif update.effective_message is not None:
        # On hold, the answers that end it come with the reason.
        markup = keyboards.seen_keyboard() if refusal.reason is Reason.ON_HOLD else None
        await update.effective_message.reply_text(text, reply_markup=markup)


async def explain(update: Update, reason: str) -> None:
    """Say why an answer cannot be used: an alert under a button, or an escaped reply."""
    query = update.callback_query
    if query is not None:
        await query.answer(reason, show_alert=True)
    else:
        await sent_message(update)[0].reply_text(escape(reason))


def pressed_query(update: Update) -> CallbackQuery:
    """The button press (the first-line guard has checked it is the chat's own person's)."""
    query = update.callback_query
    if query is None:
        raise TypeError("expected a callback query")
    return query


def sent_message(update: Update) -> tuple[Message, int]:
    """The message of an update and the id of the person who sent it."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        raise TypeError("expected a message from a person")
    return message, user.id


def sender_id(update: Update) -> int:
    """The id of the person behind an update."""
    if update.effective_user is None:
        raise TypeError("expected an update from a person")
    return update.effective_user.id


def typed_text(update: Update) -> str:
    """The text of a typed answer."""
    return sent_message(update)[0].text or ""


def shown_html(query: CallbackQuery) -> str:
    """The HTML of the message a button was pressed under."""
    message = query.message
    return message.text_html if isinstance(message, Message) and message.text else ""


async def show(update: Update, html: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer in place of the message under a pressed button, or as a reply to a typed one."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        await edit(query, html, reply_markup=markup)
    else:
        await sent_message(update)[0].reply_text(html, reply_markup=markup)


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


async def send_routine(bot: Bot, chat_id: int, html: str, markup: InlineKeyboardMarkup) -> None:
    """Send a routine with its buttons under the last part (split if it is long)."""
    *first, last = split_message(html)
    for part in first:
        await bot.send_message(chat_id, part)
    await bot.send_message(chat_id, last, reply_markup=markup)


async def _unless_unchanged(editing: Awaitable[Any]) -> None:
    try:
        await editing
    except BadRequest as error:
        # A repeated press asks for what the message already shows: nothing to do.
        if "not modified" not in error.message.lower():
            raise


def persistent_conversation(
    name: str,
    *,
    entry_points: Handlers,
    states: dict[object, Handlers],
    fallbacks: Handlers,
) -> ConversationHandler[RehabContext]:
    """A conversation kept in the database, entered again by its entry points at any step."""
    with warnings.catch_warnings():
        # PTB warns that per_message=False tracks callback queries per chat, not per message;
        # each conversation says why that is what it wants.
        warnings.filterwarnings("ignore", message=".*per_message.*")
        return ConversationHandler(
            entry_points=entry_points,
            states=states,
            fallbacks=fallbacks,
            name=name,
            persistent=True,
            allow_reentry=True,
        )


def in_reminder_frame(
    query: CallbackQuery, html: str, markup: InlineKeyboardMarkup, ref: SessionRef
) -> tuple[str, InlineKeyboardMarkup]:
    """A routine shown again in place of a reminder keeps the reminder's heading and its
    snooze row; shown anywhere else it is left as it is."""
    message = query.message
    shown = message.reply_markup if isinstance(message, Message) else None
    rows = shown.inline_keyboard if shown is not None else ()
    if not any(callbacks.SNOOZE.matches(button.callback_data) for row in rows for button in row):
        return html, markup
    heading = shown_html(query).split("\n\n", 1)[0]
    return f"{heading}\n\n{html}", keyboards.with_snooze_row(markup, ref)
