"""Single files: sendPhoto, sendDocument, sendAnimation and getFile."""

from __future__ import annotations

from typing import Any

from emulator.errors import bad_request
from emulator.methods.common import (
    CHAT_ID,
    SEND_OPTIONS,
    caption_of,
    publish,
    replied_message_id,
    reply_markup,
    throttle,
    writable_chat,
)
from emulator.methods.files import choose_file, keep_file, with_declared_attributes
from emulator.methods.registry import MethodContext, api_method
from emulator.params import Kind, optional, required
from emulator.state import StoredMessage
from emulator.telegram_json import file_json, message_json

_CAPTION_PARAMS = {
    "caption": optional(Kind.STRING),
    "parse_mode": optional(Kind.STRING),
    "caption_entities": optional(Kind.ARRAY),
    "show_caption_above_media": optional(Kind.BOOLEAN),
}


async def _send_media(
    context: MethodContext, params: dict[str, Any], kind: str, method: str
) -> dict[str, Any]:
    """Send one file of kind, named by the parameter of the same name."""
    state = context.state
    chat = writable_chat(state, params["chat_id"])
    caption = caption_of(state, params)
    markup = reply_markup(params)
    reply_to = replied_message_id(chat, params)
    chosen = with_declared_attributes(choose_file(state, params, params[kind], kind), params)
    throttle(context, chat.id)
    message = StoredMessage(
        message_id=state.take_message_id(chat),
        chat_id=chat.id,
        date=state.now(),
        sender=None,
        from_bot=True,
        kind=kind,
        caption=caption.text,
        caption_html=caption.html,
        caption_entities=caption.entities,
        reply_markup=markup,
        reply_to_message_id=reply_to,
        media=keep_file(state, chosen, method=method, chat_id=chat.id),
        has_spoiler=params.get("has_spoiler") is True,
    )
    state.store_message(message)
    publish(state, message)
    return message_json(state, message)


@api_method(
    "sendPhoto",
    {
        "chat_id": CHAT_ID,
        "photo": required(Kind.FILE, "there is no photo in the request"),
        "has_spoiler": optional(Kind.BOOLEAN),
        **_CAPTION_PARAMS,
        **SEND_OPTIONS,
    },
)
async def send_photo(context: MethodContext, params: dict[str, Any]) -> dict[str, Any]:
    """Send a photo: an upload Telegram can read as an image, a known file_id or a URL."""
    return await _send_media(context, params, "photo", "sendPhoto")


@api_method(
    "sendDocument",
    {
        "chat_id": CHAT_ID,
        "document": required(Kind.FILE, "there is no document in the request"),
        "thumbnail": optional(Kind.FILE),
        "disable_content_type_detection": optional(Kind.BOOLEAN),
        **_CAPTION_PARAMS,
        **SEND_OPTIONS,
    },
)
async def send_document(context: MethodContext, params: dict[str, Any]) -> dict[str, Any]:
    """Send a general file: an upload, a known file_id or a URL."""
    return await _send_media(context, params, "document", "sendDocument")


@api_method(
    "sendAnimation",
    {
        "chat_id": CHAT_ID,
        "animation": required(Kind.FILE, "there is no animation in the request"),
        "duration": optional(Kind.INTEGER),
        "width": optional(Kind.INTEGER),
        "height": optional(Kind.INTEGER),
        "thumbnail": optional(Kind.FILE),
        "has_spoiler": optional(Kind.BOOLEAN),
        **_CAPTION_PARAMS,
        **SEND_OPTIONS,
    },
)
async def send_animation(context: MethodContext, params: dict[str, Any]) -> dict[str, Any]:
    """Send a GIF or silent video: an upload, a known file_id or a URL.

    Its width, height and duration are those the bot declares (a GIF's own size otherwise).
    """
    return await _send_media(context, params, "animation", "sendAnimation")


@api_method("getFile", {"file_id": required(Kind.STRING)})
async def get_file(context: MethodContext, params: dict[str, Any]) -> dict[str, Any]:
    """Describe a stored file so the bot can download it from the file URL."""
    stored = context.state.files.get(params["file_id"])
    if stored is None:
        raise bad_request("invalid file_id")
    return file_json(stored)
