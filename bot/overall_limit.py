"""Every message the bot sends, replies included, stays under Telegram's overall limit (DESIGN 7).

The dispatcher spaces its own sends per chat and overall; this limiter sits under
python-telegram-bot's requests, so handler replies and scheduled messages together never go
above the overall rate. Replies answer a person's own action, so they need no per-chat spacing.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import BaseRateLimiter

from scheduler.rate_limit import RateLimiter

# Bot API methods that put a new message into a chat.
SENDING = frozenset({"sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage"})

Result = bool | dict[str, Any] | list[dict[str, Any]]


class OverallRateLimiter(BaseRateLimiter[None]):
    """Spaces every message-sending request of the bot evenly."""

    def __init__(self, limiter: RateLimiter) -> None:
        self._limiter = limiter

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(  # noqa: PLR0917 (PTB's signature)
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],  # noqa: ARG002 (PTB's signature)
        rate_limit_args: None,  # noqa: ARG002 (PTB's signature)
    ) -> Result:
        """Wait for the overall limit before a message goes out; other calls pass at once."""
        if endpoint not in SENDING:
            return await callback(*args, **kwargs)
        async with self._limiter.sending():
            return await callback(*args, **kwargs)
