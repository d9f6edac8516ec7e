"""Event-driven waiting: wake waiters whenever the emulator's state changes, never poll."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class ChangeSignal:
    """Lets coroutines wait until a condition over the emulator's state holds."""

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] = []

    def notify(self) -> None:
        """Wake every waiter so it re-checks its condition; call from the event loop's thread."""
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_for(
        self,
        check: Callable[[], T | None],
        timeout: float | None,  # noqa: ASYNC109 (a deadline is what callers ask for)
    ) -> T:
        """Return check()'s first non-None result; raise TimeoutError after timeout seconds."""
        async with asyncio.timeout(timeout):
            while (result := check()) is None:
                waiter = asyncio.get_running_loop().create_future()
                self._waiters.append(waiter)
                await waiter
        return result
