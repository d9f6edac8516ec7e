"""Turning a message's text (or caption) parameters into what Telegram stores and returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from emulator.entity_detection import detect_entities
from emulator.errors import bad_request
from emulator.html_parsing import HtmlParseError, entity_sort_key, parse_html
from emulator.text_units import utf16_len, utf16_offsets

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024

# Characters the server silently drops: carriage returns, bidi overrides, some combining marks.
_DROPPED = frozenset("\r\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u0333\u033f\u030a")
_BLANK = frozenset(" \n")
_KNOWN_ENTITY_TYPES = frozenset(
    {
        "mention",
        "hashtag",
        "cashtag",
        "bot_command",
        "url",
        "email",
        "phone_number",
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "blockquote",
        "expandable_blockquote",
        "code",
        "pre",
        "text_link",
        "text_mention",
        "custom_emoji",
    }
)


@dataclass(frozen=True)
class FormattedText:
    """Plain text and its entities (UTF-16 offsets), sorted as Telegram sorts them."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def format_text(
    raw: str, parse_mode: str | None, entities: list[Any] | None, *, is_caption: bool
) -> FormattedText:
    """Parse, clean and measure a text or caption as the Bot API does; raise ApiError if refused."""
    if entities is not None:
        parsed = FormattedText(raw, [_checked_entity(entity) for entity in entities])
    else:
        parsed = _parse_markup(raw, parse_mode)
    cleaned = clean_text(parsed.text, parsed.entities)
    length = utf16_len(cleaned.text)
    if is_caption:
        if length > MAX_CAPTION_LENGTH:
            raise bad_request("message caption is too long")
    elif length == 0:
        raise bad_request("message text is empty")
    elif length > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return with_detected_entities(cleaned)


def with_detected_entities(formatted: FormattedText) -> FormattedText:
    """Add the commands, mentions, hashtags and links Telegram finds on its own."""
    found = detect_entities(formatted.text, formatted.entities)
    return FormattedText(formatted.text, sorted(formatted.entities + found, key=entity_sort_key))


def _parse_markup(raw: str, parse_mode: str | None) -> FormattedText:
    mode = (parse_mode or "").lower()
    if not mode:
        return FormattedText(raw)
    if mode == "html":
        try:
            text, entities = parse_html(raw)
        except HtmlParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
        return FormattedText(text, entities)
    if mode in ("markdown", "markdownv2"):
        raise bad_request(f"parse_mode {parse_mode} is not supported by the emulator; use HTML")
    raise bad_request("unsupported parse_mode")


def _checked_entity(entity: Any) -> dict[str, Any]:
    if not isinstance(entity, dict):
        raise bad_request("can't parse entities: MessageEntity must be an Object")
    kind, offset, length = entity.get("type"), entity.get("offset"), entity.get("length")
    if kind not in _KNOWN_ENTITY_TYPES:
        raise bad_request(f"can't parse entities: unsupported entity type {kind!r}")
    if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 0:
        raise bad_request("can't parse entities: offset and length must be non-negative Integers")
    if kind == "text_link" and not isinstance(entity.get("url"), str):
        raise bad_request('can\'t parse entities: field "url" must be of type String')
    return dict(entity)


def clean_text(text: str, entities: list[dict[str, Any]]) -> FormattedText:
    """Do what the server does before storing text: blank control characters, trim, drop blanks."""
    kept: list[str] = []
    new_offset_of = [0]  # old UTF-16 offset -> new UTF-16 offset
    for char in text:
        units = 2 if ord(char) > 0xFFFF else 1
        if char not in _DROPPED:
            kept.append(" " if ord(char) < 32 and char != "\n" else char)
        new_offset = new_offset_of[-1] + (units if char not in _DROPPED else 0)
        new_offset_of.extend([new_offset] * units)
    cleaned = "".join(kept)
    total = new_offset_of[-1]
    moved: list[dict[str, Any]] = []
    for entity in entities:
        start = new_offset_of[min(entity["offset"], len(new_offset_of) - 1)]
        end = new_offset_of[min(entity["offset"] + entity["length"], len(new_offset_of) - 1)]
        moved.append(entity | {"offset": start, "length": min(end, total) - start})
    return _trimmed(cleaned, [entity for entity in moved if entity["length"] > 0])


def _trimmed(text: str, entities: list[dict[str, Any]]) -> FormattedText:
    offsets = utf16_offsets(text)
    char_at = {unit: index for index, unit in enumerate(offsets)}

    def covered(entity: dict[str, Any]) -> str:
        """Return the text an entity spans."""
        start = char_at.get(entity["offset"], 0)
        end = char_at.get(entity["offset"] + entity["length"], len(text))
        return text[start:end]

    entities = [entity for entity in entities if set(covered(entity)) - _BLANK]
    end_char = len(text.rstrip(" \n"))
    end_units = offsets[end_char]
    for entity in entities:
        entity["length"] = min(entity["offset"] + entity["length"], end_units) - entity["offset"]
    first_entity = min((entity["offset"] for entity in entities), default=end_units)
    start_char = 0
    while (
        start_char < end_char and offsets[start_char] < first_entity and text[start_char] in _BLANK
    ):
        start_char += 1
    shift = offsets[start_char]
    for entity in entities:
        entity["offset"] -= shift
    kept = [entity for entity in entities if entity["length"] > 0]
    return FormattedText(text[start_char:end_char], sorted(kept, key=entity_sort_key))
