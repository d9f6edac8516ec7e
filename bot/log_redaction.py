"""Keeping the bot's token out of every log line, tracebacks included, at every level.

python-telegram-bot logs request URLs at DEBUG, and the Bot API URL holds the token; an error at
start-up can carry it in its message. The formatter redacts whatever the record became.
"""

from __future__ import annotations

import logging

REDACTED = "[token]"


class RedactingFormatter(logging.Formatter):
    """Format as usual, then replace each secret with a placeholder."""

    def __init__(self, fmt: str, *, secrets: tuple[str, ...]) -> None:
        super().__init__(fmt)
        # The token's secret part alone is redacted too: it may appear without the bot id.
        parts = {part for secret in secrets for part in (secret, *secret.split(":")[1:])}
        self._secrets = tuple(sorted((p for p in parts if len(p) >= 8), key=len, reverse=True))

    def format(self, record: logging.LogRecord) -> str:
        """The record as text, with every secret replaced."""
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text
