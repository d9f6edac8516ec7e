"""Checks and steps shared by the message methods: target chat, flood control, markup."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from emulator.errors import BOT_BLOCKED, ApiError, bad_request, too_many_requests
from emulator.formatted_text import FormattedText, format_text
from emulator.markup import check_reply_markup
from emulator.methods.registry import MethodContext
from emulator.params import Kind, Param, optional, required
from emulator.state import ChatRecord, EmulatorState, StoredMessage
from emulator.telegram_json import user_json

CHAT_ID = required(Kind.CHAT_ID)

# Parameters every send method accepts; most only shape delivery, which the emulator ignores.
SEND_OPTIONS: dict[str, Param] = {
    "business_connection_id": optional(Kind.STRING),
    "message_thread_id": optional(Kind.INTEGER),
    "direct_messages_topic_id": optional(Kind.INTEGER),
    "disable_notification": optional(Kind.BOOLEAN),
    "protect_content": optional(Kind.BOOLEAN),
    "allow_paid_broadcast": optional(Kind.BOOLEAN),
    "message_effect_id": optional(Kind.STRING),
    "suggested_post_parameters": optional(Kind.OBJECT),
    "reply_parameters": optional(Kind.OBJECT),
    "reply_to_message_id": optional(Kind.INTEGER),
    "allow_sending_without_reply": optional(Kind.BOOLEAN),
    "reply_markup": optional(Kind.OBJECT),
}


def known_chat(state: EmulatorState, chat_id: Any) -> ChatRecord:
    """Return the chat the bot addresses, or the 400 Telegram gives for a chat it never saw."""
    chat = state.chat(chat_id) if isinstance(chat_id, int) else None
    if chat is None:
        raise bad_request("chat not found")
    return chat


def writable_chat(state: EmulatorState, chat_id: Any) -> ChatRecord:
    """Return a chat the bot may post in: known, and not a private chat that blocked the bot."""
    chat = known_chat(state, chat_id)
    if chat.type == "private" and chat.id in state.blocked_user_ids:
        raise ApiError(403, BOT_BLOCKED)
    return chat


def reply_markup(params: dict[str, Any], *, inline_only: bool = False) -> dict[str, Any] | None:
    """Return the checked reply_markup parameter, if one was given."""
    markup = params.get("reply_markup")
    return None if markup is None else check_reply_markup(markup, inline_only=inline_only)


def replied_message_id(chat: ChatRecord, params: dict[str, Any]) -> int | None:
    """Return the message being replied to, applying Telegram's not-found rule."""
    reply: dict[str, Any] = params.get("reply_parameters") or {}
    message_id = reply.get("message_id", params.get("reply_to_message_id"))
    if message_id is None:
        return None
    tolerate = reply.get("allow_sending_without_reply", params.get("allow_sending_without_reply"))
    if not isinstance(message_id, int) or message_id not in chat.messages:
        if tolerate in (True, "true"):
            return None
        raise bad_request("message to be replied not found")
    return message_id


def throttle(context: MethodContext, chat_id: int, messages: int = 1) -> None:
    """Refuse with 429 when the configured flood limits would be exceeded, else count the send.

    A send of several messages (an album) counts each of them. It goes through whenever one
    more message would, even if all of them overdraw the window, because Telegram does not
    refuse an album for its size; the sends after it then wait longer.
    """
    now = context.monotonic()
    wait = context.flood.retry_after(chat_id, now)
    if wait is not None:
        context.count_flood()
        raise too_many_requests(wait)
    context.flood.record(chat_id, now, messages)


def with_known_users(state: EmulatorState, formatted: FormattedText) -> FormattedText:
    """Fill text_mention entities with the full User object of people the server knows."""
    for entity in formatted.entities:
        if entity["type"] == "text_mention":
            chat = state.chat(entity["user"]["id"])
            if chat is not None and chat.user is not None:
                entity["user"] = user_json(chat.user)
    return formatted


@dataclass(frozen=True)
class Caption:
    """A media message's caption as stored: its text, entities and, if sent as HTML, source."""

    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    html: str | None = None


def caption_of(state: EmulatorState, source: Mapping[str, Any]) -> Caption:
    """Parse the caption, parse_mode and caption_entities of a send, or of one album item."""
    raw = source.get("caption")
    if raw is None:
        return Caption()
    parse_mode = source.get("parse_mode")
    formatted = format_text(raw, parse_mode, source.get("caption_entities"), is_caption=True)
    formatted = with_known_users(state, formatted)
    html = raw if str(parse_mode or "").lower() == "html" else None
    return Caption(formatted.text, formatted.entities, html)


def publish(state: EmulatorState, message: StoredMessage) -> None:
    """Let subscribers (the terminal demo) see a message the bot just sent or edited."""
    state.publish(message.snapshot())
