"""Every message the bot sends, replies included, stays under Telegram's overall limit (DESIGN 7).

The dispatcher spaces its own sends per chat and overall; this limiter sits under
python-telegram-bot's requests, so handler replies and scheduled messages together never go
above the overall rate. Replies answer a person's own action, so they need no per-chat spacing.

A 429 on a reply (any call made while an update is handled) is waited out here and the call
made again: a 429 means Telegram did not take it, so nothing can arrive twice. Scheduled
messages are left to scheduler.sending, which has its own retries and ledger.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from scheduler.rate_limit import RateLimiter

log = logging.getLogger(__name__)

# Bot API methods that put a new message into a chat.
SENDING = frozenset({"sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage"})

Result = bool | dict[str, Any] | list[dict[str, Any]]

# A person waits this long at most for a reply Telegram keeps refusing with 429; past it the
# update fails as any other error would.
MAX_REPLY_WAIT_S = 60.0

_answering_update: ContextVar[bool] = ContextVar("answering_update", default=False)


@contextmanager
def answering_update() -> Iterator[None]:
    """Mark the calls made inside as replies to an update (their 429s are waited out)."""
    token = _answering_update.set(True)
    try:
        yield
    finally:
        _answering_update.reset(token)


class OverallRateLimiter(BaseRateLimiter[None]):
    """Spaces every message-sending request of the bot evenly."""

    def __init__(
        self, limiter: RateLimiter, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    ) -> None:
        self._limiter = limiter
        self._sleep = sleep

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
        """Wait for the overall limit before a message goes out; other calls pass at once.
        A reply refused with 429 is made again after the wait Telegram asked for."""
        waited = 0.0
        while True:
            try:
                return await self._call(callback, args, kwargs, endpoint)
            except RetryAfter as error:
                seconds = _seconds(error)
                if not _answering_update.get() or waited + seconds > MAX_REPLY_WAIT_S:
                    raise
                log.info(
                    "Telegram asked to wait %.0f s before %s; the reply waits", seconds, endpoint
                )
                waited += seconds
                await self._sleep(seconds)

    async def _call(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
    ) -> Result:
        if endpoint not in SENDING:
            return await callback(*args, **kwargs)
        async with self._limiter.sending():
            return await callback(*args, **kwargs)


def _seconds(error: RetryAfter) -> float:
    """retry_after in seconds, an int (PTB 22's default) or a timedelta (PTB_TIMEDELTA=1)."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
