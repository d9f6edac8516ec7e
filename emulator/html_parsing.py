"""Telegram's HTML parse mode: markup in, plain text and MessageEntity dicts out.

The rules (which tags, how attributes and character references are read, the error texts and
their byte offsets) follow what the Bot API server does, so a bot that passes here passes there.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# Telegram's notion of whitespace inside tags; NUL counts because the server reads a C string.
_SPACE = frozenset(b" \t\r\n\v\0")
_LT, _GT, _AMP, _SLASH, _EQ, _SEMI, _HASH = (ord(c) for c in "<>&/=;#")
_QUOTES = frozenset(b"'\"")
_ASCII_LETTERS = frozenset(string.ascii_letters)
_HEX_DIGITS = frozenset(string.hexdigits)
_NAME_TOKEN_CHARS = frozenset(string.ascii_letters + string.digits + ".-")

_SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SIMPLE_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}
_NAMED_REFERENCES = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_EXPANDABLE = "expandable"

# The server orders entities by offset, then longest first, then by this priority.
_TYPE_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
_DEFAULT_PRIORITY = 50


class HtmlParseError(ValueError):
    """Markup Telegram refuses; the message is the server's own text."""


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    output_start: int


def entity_sort_key(entity: dict[str, Any]) -> tuple[int, int, int]:
    """Return the key that puts entities in the order Telegram sends them."""
    priority = _TYPE_PRIORITY.get(str(entity["type"]), _DEFAULT_PRIORITY)
    return int(entity["offset"]), -int(entity["length"]), priority


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into plain text and entities, or raise HtmlParseError."""
    return _HtmlParser(source.encode("utf-8", "surrogatepass")).parse()


class _HtmlParser:
    """A single pass over the UTF-8 bytes, as the server does it (offsets are byte offsets)."""

    def __init__(self, source: bytes) -> None:
        self._src = source
        self._pos = 0
        self._out = bytearray()
        self._utf16 = 0
        self._open: list[_OpenTag] = []
        self._entities: list[dict[str, Any]] = []

    def _at(self, index: int) -> int:
        return self._src[index] if index < len(self._src) else 0

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        """Return the plain text and sorted entities, or raise HtmlParseError."""
        while self._pos < len(self._src):
            byte = self._src[self._pos]
            if byte == _AMP and self._take_reference_into(self._out, count_utf16=True):
                continue
            if byte != _LT:
                self._copy_byte(byte)
                continue
            tag_start = self._pos
            self._pos += 1
            if self._at(self._pos) == _SLASH:
                self._close_tag(tag_start)
            else:
                self._open_tag(tag_start)
        if self._open:
            raise HtmlParseError(
                f'Can\'t find end tag corresponding to start tag "{self._open[-1].name}"'
            )
        try:
            text = self._out.decode("utf-8")
        except UnicodeDecodeError:
            raise HtmlParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            ) from None
        for entity in self._entities:
            if entity["type"] == "code":
                entity.pop("language", None)
        return text, sorted(self._entities, key=entity_sort_key)

    def _copy_byte(self, byte: int) -> None:
        if byte & 0xC0 != 0x80:  # the first byte of a character
            self._utf16 += 2 if byte >= 0xF0 else 1
        self._out.append(byte)
        self._pos += 1

    def _take_reference_into(self, target: bytearray, *, count_utf16: bool) -> bool:
        """Decode a character reference at the cursor; leave a bare '&' for the caller."""
        decoded = self._read_reference(self._pos)
        if decoded is None:
            return False
        char, end = decoded
        target.extend(char.encode("utf-8", "surrogatepass"))
        if count_utf16:
            self._utf16 += 2 if ord(char) > 0xFFFF else 1
        self._pos = end
        return True

    def _read_reference(self, start: int) -> tuple[str, int] | None:
        end = start + 1
        if self._at(end) == _HASH:
            end += 1
            code = 0
            if self._at(end) == ord("x"):
                end += 1
                while chr(self._at(end)) in _HEX_DIGITS:
                    code = code * 16 + int(chr(self._at(end)), 16)
                    end += 1
            else:
                while ord("0") <= self._at(end) <= ord("9"):
                    code = code * 10 + self._at(end) - ord("0")
                    end += 1
            if code == 0 or code >= 0x10FFFF or end - start >= 10:
                return None
            char = chr(code)
        else:
            while chr(self._at(end)) in _ASCII_LETTERS:
                end += 1
            named = _NAMED_REFERENCES.get(self._src[start + 1 : end])
            if named is None:
                return None
            char = named
        if self._at(end) == _SEMI:
            end += 1
        return char, end

    def _skip_spaces(self) -> None:
        while self._at(self._pos) != 0 and self._at(self._pos) in _SPACE:
            self._pos += 1

    def _open_tag(self, tag_start: int) -> None:
        while self._at(self._pos) not in _SPACE and self._at(self._pos) != _GT:
            self._pos += 1
        if self._at(self._pos) == 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {tag_start}")
        name = self._src[tag_start + 1 : self._pos].lower().decode("utf-8", "replace")
        if name not in _SUPPORTED_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {tag_start}')
        argument = ""
        while self._at(self._pos) != _GT:
            self._skip_spaces()
            if self._at(self._pos) == _GT:
                break
            attribute, value = self._read_attribute(name, tag_start)
            argument = _tag_argument(name, attribute, value, argument)
        if name == "span" and argument != "spoiler":
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {tag_start}'
            )
        self._pos += 1
        self._open.append(_OpenTag(name, argument, self._utf16, len(self._out)))

    def _read_attribute(self, tag: str, tag_start: int) -> tuple[str, str | None]:
        """Read name=value (value None for a bare flag such as blockquote's expandable)."""
        name_start = self._pos
        while self._at(self._pos) not in _SPACE and self._at(self._pos) not in (_EQ, _GT):
            self._pos += 1
        attribute = self._src[name_start : self._pos].decode("utf-8", "replace")
        if not attribute:
            raise HtmlParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {tag_start}'
            )
        self._skip_spaces()
        if self._at(self._pos) == 0:
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {tag_start}')
        if self._at(self._pos) != _EQ:
            if tag == "blockquote" and attribute == _EXPANDABLE:
                return attribute, None
            raise HtmlParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {tag_start}'
            )
        self._pos += 1
        self._skip_spaces()
        if self._at(self._pos) == 0:
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {tag_start}')
        if self._at(self._pos) in _QUOTES:
            value = self._read_quoted_value()
        else:
            value = self._read_name_token()
        if self._at(self._pos) == 0:
            raise HtmlParseError(f"Unclosed start tag at byte offset {tag_start}")
        return attribute, value

    def _read_name_token(self) -> str:
        token_start = self._pos
        while chr(self._at(self._pos)) in _NAME_TOKEN_CHARS:
            self._pos += 1
        token = self._src[token_start : self._pos].lower().decode("utf-8", "replace")
        if self._at(self._pos) not in _SPACE and self._at(self._pos) != _GT:
            raise HtmlParseError(f"Unexpected end of name token at byte offset {token_start}")
        return token

    def _read_quoted_value(self) -> str:
        quote = self._at(self._pos)
        self._pos += 1
        value = bytearray()
        while self._at(self._pos) not in (quote, 0):
            if self._at(self._pos) == _AMP and self._take_reference_into(value, count_utf16=False):
                continue
            value.append(self._at(self._pos))
            self._pos += 1
        if self._at(self._pos) == quote:
            self._pos += 1
        return value.decode("utf-8", "replace")

    def _close_tag(self, tag_start: int) -> None:
        if not self._open:
            raise HtmlParseError(f"Unexpected end tag at byte offset {tag_start}")
        while self._at(self._pos) not in _SPACE and self._at(self._pos) != _GT:
            self._pos += 1
        end_name = self._src[tag_start + 2 : self._pos].lower().decode("utf-8", "replace")
        self._skip_spaces()
        if self._at(self._pos) != _GT:
            raise HtmlParseError(f"Unclosed end tag at byte offset {tag_start}")
        tag = self._open[-1]
        if end_name and end_name != tag.name:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {tag_start}, expected "</{tag.name}>", '
                f'found "</{end_name}>"'
            )
        self._pos += 1
        if self._utf16 > tag.utf16_offset:
            self._add_entity(tag, self._utf16 - tag.utf16_offset)
        self._open.pop()

    def _add_entity(self, tag: _OpenTag, length: int) -> None:
        last = self._entities[-1] if self._entities else None
        same_range = last is not None and (last["offset"], last["length"]) == (
            tag.utf16_offset,
            length,
        )
        extra: dict[str, Any] = {}
        if tag.name in _SIMPLE_TAG_TYPES or tag.name == "span":
            kind = _SIMPLE_TAG_TYPES.get(tag.name, "spoiler")
        elif tag.name == "blockquote":
            kind = "expandable_blockquote" if tag.argument else "blockquote"
        elif tag.name == "tg-emoji":
            kind = "custom_emoji"
            extra["custom_emoji_id"] = _custom_emoji_id(tag.argument)
        elif tag.name == "a":
            url = tag.argument or self._out[tag.output_start :].decode("utf-8", "replace")
            link = _describe_link(url)
            if link is None:
                return
            kind, extra = link
        elif tag.name == "pre":
            # <pre><code class="language-x"> closes the code first: it becomes the pre's language
            if last is not None and same_range and last["type"] == "code" and last.get("language"):
                last["type"] = "pre"
                return
            kind = "pre"
        else:
            if last is not None and same_range and last["type"] == "pre" and tag.argument:
                last["language"] = tag.argument
                return
            kind = "code"
            if tag.argument:
                extra["language"] = tag.argument
        self._entities.append({"type": kind, "offset": tag.utf16_offset, "length": length} | extra)


def _tag_argument(tag: str, attribute: str, value: str | None, current: str) -> str:
    """Return what a tag remembers from one of its attributes; other attributes are ignored."""
    if value is None:
        return _EXPANDABLE
    if tag == "a" and attribute == "href":
        return value
    if tag == "code" and attribute == "class" and value.startswith("language-"):
        return value.removeprefix("language-")
    if tag == "span" and attribute == "class" and value.startswith("tg-"):
        return value.removeprefix("tg-")
    if tag == "tg-emoji" and attribute == "emoji-id":
        return value
    return current


def _custom_emoji_id(argument: str) -> str:
    if not (argument.isascii() and argument.isdigit()) or not 0 < int(argument) < 2**63:
        raise HtmlParseError("Invalid custom emoji identifier specified")
    return str(int(argument))


def _describe_link(url: str) -> tuple[str, dict[str, Any]] | None:
    """Return an <a>'s entity type and fields, or None when Telegram drops the link."""
    url = url.strip()
    if url.lower().startswith("tg://user?id="):
        user_id = url[len("tg://user?id=") :]
        if user_id.isascii() and user_id.isdigit():
            return "text_mention", {"user": {"id": int(user_id), "is_bot": False, "first_name": ""}}
    checked = checked_link(url)
    if checked is None:
        return None
    return "text_link", {"url": checked}


def checked_link(url: str) -> str | None:
    """Return the link as Telegram stores it, or None if Telegram would not accept it."""
    if not url or any(char.isspace() for char in url):
        return None
    if "://" not in url:
        if "." not in url or url.startswith((".", "/")):
            return None
        url = "http://" + url
    split = urlsplit(url)
    scheme = split.scheme.lower()
    if scheme in ("tg", "ton", "tonsite"):
        return url
    if scheme not in ("http", "https") or not split.hostname:
        return None
    return split._replace(scheme=scheme, path=split.path or "/").geturl()
