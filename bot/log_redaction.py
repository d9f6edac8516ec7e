"""Keeping the bot's token out of every log line, tracebacks included, at every level.

python-telegram-bot logs request URLs at DEBUG, and the Bot API URL holds the token; an error at
start-up can carry it in its message. The formatter redacts whatever the record became. It also
hides the coordinates of a shared location, which PTB logs with the whole update at DEBUG: a
location is read for its time zone only.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[token]"
HIDDEN = "[hidden]"
# 'latitude': 28.61 in update JSON, latitude=28.61 in PTB's object reprs.
_COORDINATE = re.compile(r"""((?:latitude|longitude)['"]?\s*[:=]\s*)-?\d+(?:\.\d+)?""")


class RedactingFormatter(logging.Formatter):
    """Format as usual, then replace each secret with a placeholder."""

    def __init__(self, fmt: str, *, secrets: tuple[str, ...]) -> None:
        super().__init__(fmt)
        self._secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        """The record as text, with every secret replaced."""
        return hide_coordinates(redact(super().format(record), self._secrets))


def hide_coordinates(text: str) -> str:
    """The text with every latitude and longitude value replaced."""
    return _COORDINATE.sub(rf"\g<1>{HIDDEN}", text)


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """The text with each secret, and the token's secret part alone, replaced."""
    # The token's secret part alone is redacted too: it may appear without the bot id.
    parts = {part for secret in secrets for part in (secret, *secret.split(":")[1:])}
    for secret in sorted((p for p in parts if len(p) >= 8), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text
