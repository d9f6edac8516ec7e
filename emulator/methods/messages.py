"""Text messages: sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage, actions."""

from __future__ import annotations

from typing import Any

from emulator.errors import MESSAGE_NOT_MODIFIED, ApiError, bad_request
from emulator.formatted_text import FormattedText, format_text
from emulator.methods.common import (
    CHAT_ID,
    SEND_OPTIONS,
    known_chat,
    publish,
    replied_message_id,
    reply_markup,
    throttle,
    with_known_users,
    writable_chat,
)
from emulator.methods.registry import MethodContext, api_method
from emulator.params import Kind, optional, required
from emulator.state import EmulatorState, StoredMessage
from emulator.telegram_json import message_json

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
        # older names the server still accepts
        "record_audio",
        "upload_audio",
    }
)

_TEXT_PARAMS = {
    "text": required(Kind.STRING, "message text is empty"),
    "parse_mode": optional(Kind.STRING),
    "entities": optional(Kind.ARRAY),
    "link_preview_options": optional(Kind.OBJECT),
    "disable_web_page_preview": optional(Kind.BOOLEAN),
}
_EDIT_TARGET = {
    "business_connection_id": optional(Kind.STRING),
    "chat_id": optional(Kind.CHAT_ID),
    "message_id": optional(Kind.INTEGER),
    "inline_message_id": optional(Kind.STRING),
    "reply_markup": optional(Kind.OBJECT),
}


def formatted_text(state: EmulatorState, params: dict[str, Any]) -> FormattedText:
    """Return the text parameters parsed, cleaned and checked."""
    formatted = format_text(
        params["text"], params.get("parse_mode"), params.get("entities"), is_caption=False
    )
    return with_known_users(state, formatted)


def _html_source(params: dict[str, Any], field: str) -> str | None:
    return params[field] if str(params.get("parse_mode", "")).lower() == "html" else None


@api_method("sendMessage", {"chat_id": CHAT_ID, **_TEXT_PARAMS, **SEND_OPTIONS})
async def send_message(context: MethodContext, params: dict[str, Any]) -> dict[str, Any]:
    """Send a text message."""
    state = context.state
    chat = writable_chat(state, params["chat_id"])
    formatted = formatted_text(state, params)
    markup = reply_markup(params)
    reply_to = replied_message_id(chat, params)
    throttle(context, chat.id)
    message = StoredMessage(
        message_id=state.take_message_id(chat),
        chat_id=chat.id,
        date=state.now(),
        sender=None,
        from_bot=True,
        text=formatted.text,
        html=_html_source(params, "text"),
        entities=formatted.entities,
        reply_markup=markup,
        reply_to_message_id=reply_to,
    )
    state.store_message(message)
    publish(state, message)
    return message_json(state, message)


def editable_message(state: EmulatorState, params: dict[str, Any]) -> StoredMessage:
    """Return the bot message an edit targets, or the error Telegram gives."""
    if params.get("inline_message_id") is not None:
        raise bad_request("MESSAGE_ID_INVALID")
    if params.get("chat_id") is None:
        raise bad_request("chat_id is empty")
    if params.get("message_id") is None:
        raise bad_request("message identifier is not specified")
    chat = writable_chat(state, params["chat_id"])
    message = chat.messages.get(params["message_id"])
    if message is None:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def inline_markup(message: StoredMessage) -> dict[str, Any] | None:
    """Return the message's inline keyboard: the only markup an edit can compare or change."""
    markup = message.reply_markup
    return markup if markup is not None and "inline_keyboard" in markup else None


def mark_edited(state: EmulatorState, message: StoredMessage) -> dict[str, Any]:
    """Stamp an edit, tell subscribers and return the edited Message."""
    message.edit_date = state.now()
    message.edit_count += 1
    state.changed.notify()
    publish(state, message)
    return message_json(state, message)


@api_method("editMessageText", {**_EDIT_TARGET, **_TEXT_PARAMS})
async def edit_message_text(context: MethodContext, params: dict[str, Any]) -> dict[str, Any]:
    """Replace a bot message's text; without reply_markup its inline keyboard goes away."""
    state = context.state
    message = editable_message(state, params)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    formatted = formatted_text(state, params)
    markup = reply_markup(params, inline_only=True)
    if (formatted.text, formatted.entities, markup) == (
        message.text,
        message.entities,
        inline_markup(message),
    ):
        raise ApiError(400, MESSAGE_NOT_MODIFIED)
    message.text = formatted.text
    message.entities = formatted.entities
    message.html = _html_source(params, "text")
    message.reply_markup = markup
    return mark_edited(state, message)


@api_method("editMessageReplyMarkup", _EDIT_TARGET)
async def edit_message_reply_markup(
    context: MethodContext, params: dict[str, Any]
) -> dict[str, Any]:
    """Replace (or, without reply_markup, remove) a bot message's inline keyboard."""
    state = context.state
    message = editable_message(state, params)
    markup = reply_markup(params, inline_only=True)
    if markup == inline_markup(message):
        raise ApiError(400, MESSAGE_NOT_MODIFIED)
    message.reply_markup = markup
    return mark_edited(state, message)


@api_method(
    "deleteMessage",
    {
        "chat_id": CHAT_ID,
        "message_id": required(Kind.INTEGER, "message identifier is not specified"),
    },
)
async def delete_message(context: MethodContext, params: dict[str, Any]) -> bool:
    """Delete a message; in groups the bot (not an admin here) may delete only its own."""
    state = context.state
    chat = known_chat(state, params["chat_id"])
    message = chat.messages.get(params["message_id"])
    if message is None:
        raise bad_request("message to delete not found")
    if chat.type != "private" and not message.from_bot:
        raise bad_request("message can't be deleted")
    del chat.messages[message.message_id]
    state.changed.notify()
    return True


@api_method(
    "sendChatAction",
    {
        "chat_id": CHAT_ID,
        "action": required(Kind.STRING, "wrong parameter action in request"),
        "business_connection_id": optional(Kind.STRING),
        "message_thread_id": optional(Kind.INTEGER),
    },
)
async def send_chat_action(context: MethodContext, params: dict[str, Any]) -> bool:
    """Show 'typing…' or a similar status; it changes nothing the tests can see but the call."""
    writable_chat(context.state, params["chat_id"])
    if params["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True
