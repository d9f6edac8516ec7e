"""What the bot says when fetching updates fails: a line per failure, not a traceback each time.

Telegram answers 409 Conflict to a long poll when another getUpdates with the same token
arrives: a second instance of the bot is running. Each instance then gets a 409 every second
or two, for as long as both run; that is said once (and again at most once an hour, with how
often it happened), not on every 409.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from telegram.error import Conflict, TelegramError

log = logging.getLogger(__name__)

CONFLICT_REPEAT_AFTER_S = 3600.0


class PollingErrors:
    """PTB's error callback for getUpdates (it must be a plain function, not a coroutine)."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._conflict_said_at: float | None = None
        self._conflicts_since = 0

    def __call__(self, error: TelegramError) -> None:
        """Log one line for this failure; PTB then tries again after a pause."""
        if isinstance(error, Conflict):
            self._conflict()
            return
        # PTB tries again by itself; the cause is all that is worth a line.
        log.warning("fetching updates from Telegram failed (%s); trying again", error)

    def _conflict(self) -> None:
        now = self._monotonic()
        self._conflicts_since += 1
        said_at = self._conflict_said_at
        if said_at is not None and now - said_at < CONFLICT_REPEAT_AFTER_S:
            log.debug("409 Conflict again: another instance is polling with this token")
            return
        if said_at is None:
            log.error(
                "another instance of the bot is polling Telegram with this token (409 Conflict): "
                "only one may run, and updates go to either; stop the other one"
            )
        else:
            log.error(
                "another instance is still polling Telegram with this token: %d times 409 "
                "Conflict in the last %.0f minutes; stop the other one",
                self._conflicts_since,
                (now - said_at) / 60,
            )
        self._conflict_said_at = now
        self._conflicts_since = 0
