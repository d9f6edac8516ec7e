"""Flood control: sliding-window limits on message-sending methods, overall and per chat."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable


class SlidingWindowLimit:
    """Allows at most `rate` events per second, judged over a window of max(1, 1/rate) seconds."""

    def __init__(self) -> None:
        self._events: deque[float] = deque()

    def retry_after(self, rate: float, now: float) -> int | None:
        """Return seconds to wait if one more event now would exceed rate, else None.

        An album may have overdrawn the window (see record); then the wait lasts until enough
        of its events expired to leave room for one more.
        """
        window = max(1.0, 1.0 / rate)
        allowed = max(1, math.floor(rate * window + 1e-9))
        while self._events and self._events[0] <= now - window:
            self._events.popleft()
        if len(self._events) < allowed:
            return None
        wait = self._events[len(self._events) - allowed] + window - now
        return max(1, math.ceil(wait - 1e-9))

    def record(self, now: float, count: int = 1) -> None:
        """Count count events (the messages of one send) that happened at now."""
        self._events.extend([now] * count)


class FloodControl:
    """The overall and per-chat limits, read from settings that tests may change at any time."""

    def __init__(
        self,
        overall_rate: Callable[[], float | None],
        per_chat_rate: Callable[[], float | None],
    ) -> None:
        self._overall_rate = overall_rate
        self._per_chat_rate = per_chat_rate
        self._overall = SlidingWindowLimit()
        self._per_chat: dict[int, SlidingWindowLimit] = {}

    def retry_after(self, chat_id: int, now: float) -> int | None:
        """Return the wait Telegram would demand before one more message to chat_id, if any."""
        waits: list[int] = []
        overall = self._overall_rate()
        if overall is not None:
            wait = self._overall.retry_after(overall, now)
            if wait is not None:
                waits.append(wait)
        per_chat = self._per_chat_rate()
        if per_chat is not None:
            limit = self._per_chat.setdefault(chat_id, SlidingWindowLimit())
            wait = limit.retry_after(per_chat, now)
            if wait is not None:
                waits.append(wait)
        return max(waits) if waits else None

    def record(self, chat_id: int, now: float, count: int = 1) -> None:
        """Count count messages sent to chat_id at now (only against limits that are set)."""
        if self._overall_rate() is not None:
            self._overall.record(now, count)
        if self._per_chat_rate() is not None:
            self._per_chat.setdefault(chat_id, SlidingWindowLimit()).record(now, count)
