"""The clock every time-dependent part is given, so tests and the demo can move time."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the current instant (timezone-aware, UTC) and waits: time as the bot sees it."""

    def now(self) -> datetime:
        """Return the current instant in UTC."""
        ...

    def monotonic(self) -> float:
        """Return seconds from an arbitrary start, never going back (for spacing sends)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait this long (rate limits, retry_after, backoff)."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        """Return the current instant in UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """Return the system's monotonic seconds."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Really wait."""
        await asyncio.sleep(seconds)


class ManualClock:
    """A clock that only moves when told to: for tests and the demo's time travel."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)
        # How long sends would have waited (rate limits, retry_after), had the time been real.
        self.waited = timedelta(0)

    def now(self) -> datetime:
        """Return the instant the clock was last set to."""
        return self._now

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by delta."""
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        self._now += delta

    def set(self, instant: datetime) -> None:
        """Jump to an instant that is not earlier than now."""
        self.advance(instant.astimezone(UTC) - self._now)

    def monotonic(self) -> float:
        """Return the clock's seconds since its epoch."""
        return self._now.timestamp()

    async def sleep(self, seconds: float) -> None:
        """Note the wait and return at once: simulated time moves only when a test moves it."""
        self.waited += timedelta(seconds=max(0.0, seconds))
        await asyncio.sleep(0)


class OffsetClock:
    """Another clock moved forward by an offset that only grows: the demo's time travel.

    Between moves it keeps running with its base, so a demo still sees seconds pass.
    """

    def __init__(self, base: Clock) -> None:
        self._base = base
        self._offset = timedelta(0)

    @property
    def offset(self) -> timedelta:
        """How far ahead of its base the clock has been moved."""
        return self._offset

    def now(self) -> datetime:
        """Return the base clock's instant plus the offset."""
        return self._base.now() + self._offset

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by delta."""
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        self._offset += delta

    def monotonic(self) -> float:
        """Sends are spaced in real time, so the base clock's seconds plus the offset."""
        return self._base.monotonic() + self._offset.total_seconds()

    async def sleep(self, seconds: float) -> None:
        """Wait in real time, as the base clock does."""
        await self._base.sleep(seconds)
