"""The clock every time-dependent part is given, so tests and the demo can move time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
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
        self._monotonic = self._now.timestamp()
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
        self._monotonic += delta.total_seconds()

    def set(self, instant: datetime) -> None:
        """Jump to an instant that is not earlier than now."""
        self.advance(instant.astimezone(UTC) - self._now)

    def step(self, delta: timedelta) -> None:
        """Set the wall clock by delta, either way, as NTP or an operator would: time itself,
        the monotonic seconds, does not move."""
        self._now += delta

    def monotonic(self) -> float:
        """Return the clock's seconds since its epoch, moved only by advance()."""
        return self._monotonic

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


# How far the wall clock may run ahead of monotonic time, between two readings, before the
# dispatcher doubts it: far more than NTP's slewing (at most 0.5 ms a second), far less than
# anything that could make a reminder look late (the grace window is hours).
STEP_TOLERANCE = timedelta(seconds=30)
# A forward step is believed once it has lasted this long: one corrected sooner (a wrong step
# NTP takes back) marks nothing missed and sends nothing early.
BELIEVE_STEP_AFTER = timedelta(minutes=5)


class SteadyClock:
    """The dispatcher's view of the wall clock: it never leaps forward on one reading.

    Between readings, wall time should advance as much as monotonic time does. When it goes
    back, that is believed at once: nothing is marked missed or sent early for it, it only
    waits (and the ledger keeps a slot from going twice). When it jumps ahead by more than
    STEP_TOLERANCE, the jump is believed only once it has lasted BELIEVE_STEP_AFTER of
    monotonic time; until then the time runs on from the last believed reading at the
    monotonic pace. A wrong step corrected within 5 minutes therefore marks nothing missed and
    sends nothing ahead of time; a true one (a virtual machine resumed after hours) is
    believed 5 minutes later, and what fell due meanwhile goes then, or is missed if its grace
    window closed.
    """

    def __init__(self, base: Clock) -> None:
        self._base = base
        self._wall: datetime | None = None
        self._mono = 0.0
        self._ahead_since: float | None = None

    def now(self) -> datetime:
        """Return the wall time, unless it has just leapt forward (see the class)."""
        wall, mono = self._base.now(), self._base.monotonic()
        if self._wall is None:
            return self._believe(wall, mono)
        expected = self._wall + timedelta(seconds=mono - self._mono)
        if wall - expected <= STEP_TOLERANCE:
            return self._believe(wall, mono)
        if self._ahead_since is None:
            self._ahead_since = mono
        if mono - self._ahead_since >= BELIEVE_STEP_AFTER.total_seconds():
            return self._believe(wall, mono)
        return expected

    def _believe(self, wall: datetime, mono: float) -> datetime:
        self._wall, self._mono, self._ahead_since = wall, mono, None
        return wall

    def monotonic(self) -> float:
        """Return the base clock's monotonic seconds."""
        return self._base.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Wait as the base clock does."""
        await self._base.sleep(seconds)


class Repeating:
    """Runs an action again and again, waiting `seconds` of monotonic time after each run.

    Not APScheduler's interval trigger, which plans the next run at a wall-clock instant: after
    the clock stepped back two hours, it waited two hours. The wait here is the event loop's
    (monotonic), so a step either way delays nothing.
    """

    def __init__(
        self,
        action: Callable[[], Awaitable[None]],
        *,
        seconds: float,
        first: float | None = None,
        wait: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._action = action
        self._seconds = seconds
        self._first = seconds if first is None else first
        self._wait = wait
        self._stopped = asyncio.Event()

    async def run(self) -> None:
        """Wait, act, wait, act... until stop(); a run in progress is finished first."""
        pause = self._first
        while not self._stopped.is_set():
            if not await self._waited(pause):
                return
            await self._action()
            pause = self._seconds

    def stop(self) -> None:
        """End run() at its next wait (at once, if it is waiting)."""
        self._stopped.set()

    async def _waited(self, seconds: float) -> bool:
        """Wait the pause out; False if stopped first."""
        pause = asyncio.ensure_future(self._wait(seconds))
        stopped = asyncio.ensure_future(self._stopped.wait())
        await asyncio.wait((pause, stopped), return_when=asyncio.FIRST_COMPLETED)
        for waiting in (pause, stopped):
            waiting.cancel()
        return not self._stopped.is_set()
