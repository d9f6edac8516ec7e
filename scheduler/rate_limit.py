"""Spacing of outgoing messages so Telegram's limits are never hit (DESIGN 7)."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

# A little under the limits: the server counts arrivals over a sliding second.
SAFETY = 0.97
# Lateness (a slow wake-up, a busy moment) made up by sending the next message up to this much
# sooner, so small delays do not add up over thousands of messages.
CATCH_UP = 0.01
# The server may count a message at any moment until its request ends, so a message holds its
# place in the window until then, and the window lasts a second after that (and a little more).
WINDOW = 1.01


class RateLimiter:
    """Spaces sends evenly: at most `per_second` overall and `per_chat_per_second` per chat.

    Besides the even spacing, no window of one second may hold more than `per_second` messages,
    counting each from the moment its request ended (when the server surely had it): a request
    the server was slow to take cannot bunch up with the ones after it.
    """

    def __init__(
        self,
        *,
        per_second: float,
        per_chat_per_second: float,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._gap = 1.0 / (per_second * SAFETY)
        self._chat_gap = 1.0 / (per_chat_per_second * SAFETY)
        self._limit = max(1, int(per_second))
        self._monotonic = monotonic
        self._sleep = sleep
        self._next_any = 0.0
        self._next_for_chat: dict[int, float] = {}
        self._ended: deque[float] = deque(maxlen=self._limit)
        self._in_flight = 0
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def sending(self, chat_id: int | None = None) -> AsyncIterator[None]:
        """Wait until one more message (to this chat, if given) keeps within the limits, and
        count it as sent until the block, which sends it, ends."""
        async with self._lock:
            now = self._monotonic()
            ready_at = max(self._next_any, self._window_ready())
            if chat_id is not None:
                ready_at = max(ready_at, self._next_for_chat.get(chat_id, 0.0))
            if ready_at > now:
                await self._sleep(ready_at - now)
                now = max(self._monotonic(), ready_at)
            # From the plan, or from now when far behind it.
            self._next_any = max(now - CATCH_UP, self._next_any) + self._gap
            self._in_flight += 1
        try:
            yield
        finally:
            ended = self._monotonic()
            self._in_flight -= 1
            self._ended.append(ended)
            if chat_id is not None:
                self._next_for_chat[chat_id] = ended + self._chat_gap
                if len(self._next_for_chat) > 10_000:
                    # Chats whose gap has passed need no entry; keeps memory flat.
                    self._next_for_chat = {
                        c: t for c, t in self._next_for_chat.items() if t > ended
                    }

    def _window_ready(self) -> float:
        """When the last second's messages, counted until their requests ended, leave room."""
        room = max(1, self._limit - self._in_flight)
        if len(self._ended) < room:
            return 0.0
        return self._ended[-room] + WINDOW
