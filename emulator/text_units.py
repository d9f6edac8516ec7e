"""Telegram measures text in UTF-16 code units; these helpers convert Python strings."""

from __future__ import annotations


def utf16_len(text: str) -> int:
    """Return the length of text in UTF-16 code units, as Telegram counts it."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def utf16_offsets(text: str) -> list[int]:
    """Return, for each character index 0..len(text), its offset in UTF-16 code units."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (2 if ord(char) > 0xFFFF else 1))
    return offsets


def utf8_len(text: str) -> int:
    """Return the length of text in UTF-8 bytes (Telegram's unit for callback_data)."""
    return len(text.encode("utf-8", "surrogatepass"))
