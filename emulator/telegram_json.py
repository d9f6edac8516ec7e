"""Telegram-shaped JSON for the objects the emulator returns: User, Chat, Message and friends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from emulator.models import EmulatedUser
from emulator.state import (
    SMALL_PHOTO_SUFFIX,
    ChatRecord,
    EmulatorState,
    StoredFile,
    StoredMessage,
)

# The sides Telegram fits a photo's thumbnail and its largest size into.
_THUMBNAIL_SIDE = 90
_LARGEST_SIDE = 2560


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
    if message.media is not None:
        data |= _MEDIA_FIELDS[message.kind](message.media)
    if message.media_group_id is not None:
        data["media_group_id"] = message.media_group_id
    if message.has_spoiler:
        data["has_media_spoiler"] = True
    if message.location is not None:
        latitude, longitude = message.location
        data["location"] = {"latitude": latitude, "longitude": longitude}
    if message.caption:
        data["caption"] = message.caption
        if message.caption_entities:
            data["caption_entities"] = message.caption_entities
    return data


def photo_sizes_json(photo: StoredFile) -> list[dict[str, Any]]:
    """Return the PhotoSize list for a stored photo: a thumbnail, then the full picture.

    Sizes follow the picture's own proportions, read from its header; a photo sent by URL (the
    emulator fetches none) or a person's stand-in JPEG, which has no size, gets nominal 4:3 ones.
    """
    if photo.width is None or photo.height is None:
        small, large = (90, 68), (800, 600)
    else:
        small = _fitted(photo.width, photo.height, _THUMBNAIL_SIDE)
        large = _fitted(photo.width, photo.height, _LARGEST_SIDE)
    return [
        {
            "file_id": file_id,
            "file_unique_id": photo.file_unique_id + label,
            "width": width,
            "height": height,
        }
        | _size_json(photo)
        for file_id, label, (width, height) in (
            (photo.file_id + SMALL_PHOTO_SUFFIX, "s", small),
            (photo.file_id, "x", large),
        )
    ]


def _fitted(width: int, height: int, side: int) -> tuple[int, int]:
    """Scale down (never up) so that neither side exceeds side, as Telegram's resizing does."""
    scale = min(1.0, side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def document_json(document: StoredFile) -> dict[str, Any]:
    """Return the Document object."""
    return _file_base_json(document) | _named_json(document) | _size_json(document)


def animation_json(animation: StoredFile) -> dict[str, Any]:
    """Return the Animation object; its attributes are those the sender declared, or zero."""
    return (
        _file_base_json(animation)
        | {
            "width": animation.width or 0,
            "height": animation.height or 0,
            "duration": animation.duration or 0,
        }
        | _named_json(animation)
        | _size_json(animation)
    )


def video_json(video: StoredFile) -> dict[str, Any]:
    """Return the Video object; like an animation's, its attributes are sender-defined."""
    return animation_json(video)


def audio_json(audio: StoredFile) -> dict[str, Any]:
    """Return the Audio object."""
    return (
        _file_base_json(audio)
        | {"duration": audio.duration or 0}
        | _named_json(audio)
        | _size_json(audio)
    )


def sticker_json(sticker: StoredFile) -> dict[str, Any]:
    """Return the Sticker object for a plain static sticker."""
    return _file_base_json(sticker) | {
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "\N{THUMBS UP SIGN}",
    }


def _file_base_json(stored: StoredFile) -> dict[str, Any]:
    return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}


def _named_json(stored: StoredFile) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if stored.file_name:
        data["file_name"] = stored.file_name
    if stored.mime_type:
        data["mime_type"] = stored.mime_type
    return data


def _size_json(stored: StoredFile) -> dict[str, Any]:
    return {} if stored.data is None else {"file_size": len(stored.data)}


# The Message fields for each kind of media; an animation also fills document, as Telegram
# keeps doing for clients that predate animations.
_MEDIA_FIELDS: dict[str, Callable[[StoredFile], dict[str, Any]]] = {
    "photo": lambda stored: {"photo": photo_sizes_json(stored)},
    "document": lambda stored: {"document": document_json(stored)},
    "animation": lambda stored: {
        "animation": animation_json(stored),
        "document": document_json(stored),
    },
    "video": lambda stored: {"video": video_json(stored)},
    "audio": lambda stored: {"audio": audio_json(stored)},
    "sticker": lambda stored: {"sticker": sticker_json(stored)},
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
