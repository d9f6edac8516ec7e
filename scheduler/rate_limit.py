"""Spacing of outgoing messages so Telegram's limits are never hit (DESIGN 7)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

SAFETY = 0.97
# Lateness (a slow wake-up, a busy moment) made up by sending the next message up to this much
# sooner. A second's worth of gaps less this still spans more than a second (1 / SAFETY - CATCH_UP
# > 1), so no second ever holds more than the limit; larger lateness is not made up.
CATCH_UP = 0.02


class RateLimiter:
    """Spaces sends evenly: at most `per_second` overall and `per_chat_per_second` per chat."""

    def __init__(
        self,
        *,
        per_second: float,
        per_chat_per_second: float,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        # A little under the limit: the server counts arrivals over a sliding second, and the
        # time a request takes on its way varies by some milliseconds.
        self._gap = 1.0 / (per_second * SAFETY)
        self._chat_gap = 1.0 / (per_chat_per_second * SAFETY)
        self._monotonic = monotonic
        self._sleep = sleep
        self._next_any = 0.0
        self._next_for_chat: dict[int, float] = {}
        self._lock = asyncio.Lock()

    async def acquire_overall(self) -> None:
        """Wait until one more message of any chat stays within the overall limit."""
        async with self._lock:
            now = self._monotonic()
            if self._next_any > now:
                await self._sleep(self._next_any - now)
                now = max(self._monotonic(), self._next_any)
            self._book(now)

    async def acquire(self, chat_id: int) -> None:
        """Wait until one more message to this chat stays within both limits."""
        async with self._lock:
            now = self._monotonic()
            ready_at = max(self._next_any, self._next_for_chat.get(chat_id, 0.0))
            if ready_at > now:
                await self._sleep(ready_at - now)
                now = max(self._monotonic(), ready_at)
            self._book(now)
            # Per chat, the next slot counts from when this one really went.
            self._next_for_chat[chat_id] = now + self._chat_gap
            if len(self._next_for_chat) > 10_000:
                # Chats whose gap has passed need no entry; keeps memory flat over long runs.
                self._next_for_chat = {c: t for c, t in self._next_for_chat.items() if t > now}

    def _book(self, now: float) -> None:
        """Book the next overall slot from the plan, or from now if far behind it."""
        self._next_any = max(now - CATCH_UP, self._next_any) + self._gap
