"""Entities Telegram finds in text by itself: bot commands, mentions, hashtags and links.

This is a deliberately small subset of the server's detection (no bare domains, e-mail
addresses, cashtags or phone numbers): enough for commands to route and links to show.
"""

from __future__ import annotations

import re
from typing import Any

from emulator.text_units import utf16_offsets

_BOT_COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>@])")
_MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9_]{2,32}(?!\w)")
_HASHTAG = re.compile(r"(?<![\w#])#\w{1,256}(?![\w#])")
_URL = re.compile(r"(?<![\w/@.])(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_URL_TRAILING_PUNCTUATION = ".,;:!?)]}'\""

# Detected entities never cut through these: their text is not read as commands or links.
_OPAQUE_TYPES = frozenset({"code", "pre", "text_link", "text_mention", "custom_emoji"})


def detect_entities(text: str, existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the entities Telegram would add to text, skipping spans taken by existing ones."""
    offsets = utf16_offsets(text)
    taken = [
        (entity["offset"], entity["offset"] + entity["length"])
        for entity in existing
        if entity["type"] in _OPAQUE_TYPES
    ]
    found: list[dict[str, Any]] = []
    for kind, pattern in (
        ("url", _URL),
        ("bot_command", _BOT_COMMAND),
        ("mention", _MENTION),
        ("hashtag", _HASHTAG),
    ):
        for match in pattern.finditer(text):
            end = match.end()
            if kind == "url":
                end -= len(match.group()) - len(match.group().rstrip(_URL_TRAILING_PUNCTUATION))
            if kind == "hashtag" and not any(char.isalpha() for char in match.group()):
                continue
            start_units, end_units = offsets[match.start()], offsets[end]
            if any(start_units < stop and begin < end_units for begin, stop in taken):
                continue
            found.append({"type": kind, "offset": start_units, "length": end_units - start_units})
            taken.append((start_units, end_units))
    return found
