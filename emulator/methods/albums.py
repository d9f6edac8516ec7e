"""sendMediaGroup: photos and videos, or documents, or audio files, sent as one album."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from emulator.errors import ApiError, bad_request
from emulator.methods.common import (
    CHAT_ID,
    SEND_OPTIONS,
    Caption,
    caption_of,
    publish,
    replied_message_id,
    throttle,
    writable_chat,
)
from emulator.methods.files import ChosenFile, choose_file, keep_file, with_declared_attributes
from emulator.methods.registry import MethodContext, api_method
from emulator.models import UploadedFile
from emulator.params import Kind, required
from emulator.state import EmulatorState, StoredMessage
from emulator.telegram_json import message_json

NO_MESSAGES = "there are no messages to send"
_MIN_ITEMS, _MAX_ITEMS = 2, 10
_ALBUM_KINDS = frozenset({"photo", "video", "document", "audio"})
# Documents and audio files form albums only of their own kind; photos and videos mix.
_KEPT_APART = ("document", "audio")
_SPOILER_KINDS = frozenset({"photo", "video"})
# sendMediaGroup has no reply_markup (an album cannot carry a keyboard) and no suggested posts;
# like any parameter a method does not know, the emulator ignores them.
_ALBUM_OPTIONS = {
    name: param
    for name, param in SEND_OPTIONS.items()
    if name not in {"reply_markup", "suggested_post_parameters"}
}


@dataclass(frozen=True)
class _Item:
    """One checked album item, its file not stored yet."""

    file: ChosenFile
    caption: Caption
    has_spoiler: bool


@api_method(
    "sendMediaGroup",
    {"chat_id": CHAT_ID, "media": required(Kind.ARRAY, NO_MESSAGES), **_ALBUM_OPTIONS},
)
async def send_media_group(context: MethodContext, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Send 2-10 files as an album: messages in a row sharing one media_group_id.

    All or nothing: any faulty item refuses the whole album before a file is kept. Each item
    is a message to Telegram's flood control, so an album counts as that many sends (see
    throttle); every message replies to the same message and reaches subscribers on its own.
    """
    state = context.state
    chat = writable_chat(state, params["chat_id"])
    reply_to = replied_message_id(chat, params)
    items = [_checked_item(state, params, raw) for raw in params["media"]]
    _check_album([item.file.kind for item in items])
    throttle(context, chat.id, len(items))
    group_id = state.new_media_group_id()
    sent: list[dict[str, Any]] = []
    for item in items:
        message = StoredMessage(
            message_id=state.take_message_id(chat),
            chat_id=chat.id,
            date=state.now(),
            sender=None,
            from_bot=True,
            kind=item.file.kind,
            caption=item.caption.text,
            caption_html=item.caption.html,
            caption_entities=item.caption.entities,
            reply_to_message_id=reply_to,
            media=keep_file(state, item.file, method="sendMediaGroup", chat_id=chat.id),
            media_group_id=group_id,
            has_spoiler=item.has_spoiler,
        )
        state.store_message(message)
        publish(state, message)
        sent.append(message_json(state, message))
    return sent


def _checked_item(state: EmulatorState, params: Mapping[str, Any], raw: Any) -> _Item:
    """Read one InputMedia object, refusing it as Telegram words it."""
    if not isinstance(raw, dict):
        raise _unreadable("expected an Object")
    kind = _text_field(raw, "type")
    if kind == "animation":
        raise _unreadable('type "animation" can\'t be used in sendMediaGroup')
    if kind not in _ALBUM_KINDS:
        raise _unreadable(f'type "{kind}" is unsupported')
    media = _text_field(raw, "media")
    attached = media.removeprefix("attach://")
    if attached != media and not isinstance(params.get(attached), UploadedFile):
        raise _unreadable("media not found")
    for name in ("caption", "parse_mode"):
        if raw.get(name) is not None:
            _text_field(raw, name)
    if raw.get("caption_entities") is not None and not isinstance(raw["caption_entities"], list):
        raise _unreadable('field "caption_entities" must be of type Array')
    caption = caption_of(state, raw)
    chosen = choose_file(state, params, media, kind)
    return _Item(
        file=with_declared_attributes(chosen, raw),
        caption=caption,
        has_spoiler=kind in _SPOILER_KINDS and raw.get("has_spoiler") is True,
    )


def _check_album(kinds: list[str]) -> None:
    """Refuse an album of the wrong size or mixing documents or audio with other media."""
    if not kinds:
        raise bad_request(NO_MESSAGES)
    if len(kinds) < _MIN_ITEMS:
        raise bad_request("too few messages to send as an album")
    if len(kinds) > _MAX_ITEMS:
        raise bad_request("too many messages to send as an album")
    apart = next((kind for kind in kinds if kind in _KEPT_APART), None)
    if apart is not None and any(kind != apart for kind in kinds):
        raise bad_request(f"{apart} can't be mixed with other media types")


def _text_field(raw: dict[str, Any], name: str) -> str:
    """Return an item's field that must be a String, or refuse the item."""
    value = raw.get(name)
    if not isinstance(value, str):
        raise _unreadable(f'field "{name}" must be of type String')
    return value


def _unreadable(reason: str) -> ApiError:
    return bad_request(f"can't parse InputMedia: {reason}")
