"""Files: sendPhoto, sendDocument and getFile."""

from __future__ import annotations

from typing import Any

from emulator.errors import bad_request
from emulator.formatted_text import FormattedText, format_text
from emulator.methods.common import (
    CHAT_ID,
    SEND_OPTIONS,
    input_file,
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
from emulator.telegram_json import file_json, message_json

_CAPTION_PARAMS = {
    "caption": optional(Kind.STRING),
    "parse_mode": optional(Kind.STRING),
    "caption_entities": optional(Kind.ARRAY),
    "show_caption_above_media": optional(Kind.BOOLEAN),
}


def _caption(state: EmulatorState, params: dict[str, Any]) -> FormattedText | None:
    if params.get("caption") is None:
        return None
    formatted = format_text(
        params["caption"],
        params.get("parse_mode"),
        params.get("caption_entities"),
        is_caption=True,
    )
    return with_known_users(state, formatted)


async def _send_media(context: MethodContext, params: dict[str, Any], kind: str) -> dict[str, Any]:
    state = context.state
    chat = writable_chat(state, params["chat_id"])
    caption = _caption(state, params)
    markup = reply_markup(params)
    reply_to = replied_message_id(chat, params)
    if kind == "photo":
        stored = input_file(state, params, "photo", folder="photos", extension="jpg")
        # the smaller generated size has its own file_id, which must resolve too
        state.files.setdefault(f"{stored.file_id}-s", stored)
    else:
        stored = input_file(state, params, "document", folder="documents", extension="dat")
    throttle(context, chat.id)
    message = StoredMessage(
        message_id=state.take_message_id(chat),
        chat_id=chat.id,
        date=state.now(),
        sender=None,
        from_bot=True,
        kind=kind,
        caption=caption.text if caption else None,
        caption_html=params["caption"] if caption and _is_html(params) else None,
        caption_entities=caption.entities if caption else [],
        reply_markup=markup,
        reply_to_message_id=reply_to,
        photo=stored if kind == "photo" else None,
        document=stored if kind == "document" else None,
    )
    state.store_message(message)
    publish(state, message)
    return message_json(state, message)


def _is_html(params: dict[str, Any]) -> bool:
    return str(params.get("parse_mode", "")).lower() == "html"


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
    """Send a photo: an upload, a known file_id or a URL."""
    return await _send_media(context, params, "photo")


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
    return await _send_media(context, params, "document")


@api_method("getFile", {"file_id": required(Kind.STRING)})
async def get_file(context: MethodContext, params: dict[str, Any]) -> dict[str, Any]:
    """Describe a stored file so the bot can download it from the file URL."""
    stored = context.state.files.get(params["file_id"])
    if stored is None:
        raise bad_request("invalid file_id")
    return file_json(stored)
