"""What people (and channels) do: each action stores a message or a press and queues an update."""

from __future__ import annotations

from emulator.formatted_text import FormattedText, with_detected_entities
from emulator.images import image_size
from emulator.models import EmulatedUser
from emulator.state import CallbackQueryRecord, ChatRecord, EmulatorState, StoredMessage
from emulator.telegram_json import message_json, user_json

# The smallest well-formed JPEG header; enough for a bot that only stores or forwards bytes.
FAKE_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def private_chat(state: EmulatorState, user: EmulatedUser) -> ChatRecord:
    """Return the user's private chat with the bot; writing to the bot also unblocks it."""
    state.blocked_user_ids.discard(user.id)
    return state.ensure_chat(user.id, "private", user=user)


def post_message(
    state: EmulatorState,
    chat: ChatRecord,
    sender: EmulatedUser | None,
    *,
    text: str | None = None,
    kind: str = "text",
    photo: bytes | None = None,
    caption: str | None = None,
    location: tuple[float, float] | None = None,
) -> int:
    """Store a message someone wrote in chat and queue the update the bot will receive."""
    formatted = with_detected_entities(FormattedText(text)) if text is not None else None
    captioned = with_detected_entities(FormattedText(caption)) if caption is not None else None
    message = StoredMessage(
        message_id=state.take_message_id(chat),
        chat_id=chat.id,
        date=state.now(),
        sender=sender,
        from_bot=False,
        kind=kind,
        text=formatted.text if formatted else None,
        entities=formatted.entities if formatted else [],
        caption=captioned.text if captioned else None,
        caption_entities=captioned.entities if captioned else [],
    )
    if kind == "photo":
        data = photo or FAKE_JPEG
        message.media = state.new_file("photo", data, dimensions=image_size(data))
    elif kind == "sticker":
        message.media = state.new_file("sticker", b"RIFF\x00\x00\x00\x00WEBP")
    elif kind == "location":
        message.location = location
    state.store_message(message)
    update_kind = "channel_post" if chat.type == "channel" else "message"
    return state.queue_update(update_kind, message_json(state, message))


def press_button(
    state: EmulatorState, user: EmulatedUser, message_id: int, callback_data: str
) -> int:
    """Queue a callback_query for a button on a bot message in the user's private chat."""
    chat = state.chat(user.id)
    message = chat.messages.get(message_id) if chat is not None else None
    if chat is None or message is None:
        raise ValueError(f"there is no message {message_id} in the private chat of user {user.id}")
    keyboard = (message.reply_markup or {}).get("inline_keyboard", [])
    if not any(button.get("callback_data") == callback_data for row in keyboard for button in row):
        raise ValueError(
            f"message {message_id} has no inline button with callback_data {callback_data!r}"
        )
    query_id = state.new_callback_query_id()
    state.callback_queries[query_id] = CallbackQueryRecord(
        query_id, chat.id, message_id, callback_data
    )
    return state.queue_update(
        "callback_query",
        {
            "id": query_id,
            "from": user_json(user),
            "message": message_json(state, message),
            "chat_instance": str(abs(chat.id) * 7919 + 1_000_000_000_000),
            "data": callback_data,
        },
    )
