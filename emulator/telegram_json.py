"""Telegram-shaped JSON for the objects the emulator returns: User, Chat, Message and friends."""

from __future__ import annotations

from typing import Any

from emulator.models import EmulatedUser
from emulator.state import ChatRecord, EmulatorState, StoredFile, StoredMessage

# Photos get the two sizes Telegram typically makes; dimensions are nominal.
_PHOTO_SIZES = (("s", 90, 68), ("x", 800, 600))


def bot_user_json(state: EmulatorState, *, full: bool = False) -> dict[str, Any]:
    """Return the bot's User object; full adds the fields only getMe returns."""
    user: dict[str, Any] = {
        "id": state.bot.id,
        "is_bot": True,
        "first_name": state.bot.first_name,
        "username": state.bot.username,
    }
    if full:
        user |= {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
    return user


def user_json(user: EmulatedUser) -> dict[str, Any]:
    """Return a person's User object."""
    data: dict[str, Any] = {"id": user.id, "is_bot": False, "first_name": user.first_name}
    if user.last_name:
        data["last_name"] = user.last_name
    if user.username:
        data["username"] = user.username
    if user.language_code:
        data["language_code"] = user.language_code
    return data


def chat_json(chat: ChatRecord) -> dict[str, Any]:
    """Return the Chat object."""
    data: dict[str, Any] = {"id": chat.id, "type": chat.type}
    if chat.user is not None:
        data["first_name"] = chat.user.first_name
        if chat.user.last_name:
            data["last_name"] = chat.user.last_name
        if chat.user.username:
            data["username"] = chat.user.username
    if chat.title is not None:
        data["title"] = chat.title
    return data


def message_json(
    state: EmulatorState, message: StoredMessage, *, with_reply: bool = True
) -> dict[str, Any]:
    """Return the Message object as it is now; a replied-to message comes without its own reply."""
    chat = state.chats[message.chat_id]
    data: dict[str, Any] = {
        "message_id": message.message_id,
        "date": message.date,
        "chat": chat_json(chat),
    }
    if chat.type == "channel":
        data["sender_chat"] = chat_json(chat)
    else:
        data["from"] = user_json(message.sender) if message.sender else bot_user_json(state)
    if message.edit_date is not None:
        data["edit_date"] = message.edit_date
    replied = chat.messages.get(message.reply_to_message_id or 0)
    if replied is not None and with_reply:
        data["reply_to_message"] = message_json(state, replied, with_reply=False)
    data |= _content_json(message)
    # Message objects carry only inline keyboards; reply keyboards live in the client.
    if message.reply_markup is not None and "inline_keyboard" in message.reply_markup:
        data["reply_markup"] = message.reply_markup
    return data


def _content_json(message: StoredMessage) -> dict[str, Any]:
    """Return the fields for what the message holds: text, media and caption."""
    data: dict[str, Any] = {}
    if message.text is not None:
        data["text"] = message.text
        if message.entities:
            data["entities"] = message.entities
    if message.photo is not None:
        data["photo"] = photo_sizes_json(message.photo)
    if message.document is not None:
        data["document"] = document_json(message.document)
    if message.sticker is not None:
        data["sticker"] = sticker_json(message.sticker)
    if message.location is not None:
        latitude, longitude = message.location
        data["location"] = {"latitude": latitude, "longitude": longitude}
    if message.caption:
        data["caption"] = message.caption
        if message.caption_entities:
            data["caption_entities"] = message.caption_entities
    return data


def photo_sizes_json(photo: StoredFile) -> list[dict[str, Any]]:
    """Return the PhotoSize list for a stored photo."""
    size = len(photo.data) if photo.data is not None else 0
    return [
        {
            "file_id": f"{photo.file_id}-{suffix}" if suffix != "x" else photo.file_id,
            "file_unique_id": f"{photo.file_unique_id}{suffix}",
            "width": width,
            "height": height,
            "file_size": size,
        }
        for suffix, width, height in _PHOTO_SIZES
    ]


def document_json(document: StoredFile) -> dict[str, Any]:
    """Return the Document object."""
    data: dict[str, Any] = {
        "file_id": document.file_id,
        "file_unique_id": document.file_unique_id,
    }
    if document.file_name:
        data["file_name"] = document.file_name
    if document.mime_type:
        data["mime_type"] = document.mime_type
    if document.data is not None:
        data["file_size"] = len(document.data)
    return data


def sticker_json(sticker: StoredFile) -> dict[str, Any]:
    """Return the Sticker object for a plain static sticker."""
    return {
        "file_id": sticker.file_id,
        "file_unique_id": sticker.file_unique_id,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "\N{THUMBS UP SIGN}",
    }


def file_json(stored: StoredFile) -> dict[str, Any]:
    """Return the File object getFile answers with."""
    data: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_path": stored.file_path,
    }
    if stored.data is not None:
        data["file_size"] = len(stored.data)
    return data
