"""The send limiter: never faster than the limits, however late the server counts a message."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scheduler.rate_limit import SAFETY, RateLimiter


class LateClock:
    """A monotonic clock whose sleeps overrun by a given delay, as real ones do."""

    def __init__(self, overruns: list[float]) -> None:
        self.now = 0.0
        self.overruns = overruns

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds + (self.overruns.pop(0) if self.overruns else 0.0)


def limiter_on(clock: LateClock) -> RateLimiter:
    """Telegram's limits: 30 messages a second overall, one a second per chat."""
    return RateLimiter(
        per_second=30, per_chat_per_second=1, monotonic=clock.monotonic, sleep=clock.sleep
    )


@given(
    sends=st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=3),  # the chat
            st.floats(min_value=0.001, max_value=0.2),  # how long the request takes
            st.floats(min_value=0, max_value=1),  # when, within it, the server counts it
        ),
        min_size=2,
        max_size=80,
    ),
    overruns=st.lists(st.floats(min_value=0, max_value=0.05), max_size=80),
)
async def test_the_server_never_counts_too_many_in_any_second(
    sends: list[tuple[int, float, float]], overruns: list[float]
) -> None:
    """Counted anywhere between request start and end: at most 30 a second, one per chat."""
    clock = LateClock(overruns)
    limiter = limiter_on(clock)
    counted: list[tuple[float, int]] = []
    for chat, takes, counted_after in sends:
        async with limiter.sending(chat):
            counted.append((clock.now + takes * counted_after, chat))
            clock.now += takes
    for start, _ in counted:
        window = [chat for at, chat in counted if start <= at < start + 1.0]
        assert len(window) <= 30
        assert all(window.count(chat) <= 1 for chat in window), "one message per chat a second"


async def test_small_lateness_does_not_add_up() -> None:
    """Wake-ups a few ms late each still send 300 messages at the planned pace, not slower."""
    clock = LateClock([0.004] * 300)
    limiter = limiter_on(clock)
    for chat in range(300):
        async with limiter.sending(chat):
            clock.now += 0.002
    planned = 299 / (30 * SAFETY)
    assert planned <= clock.now < planned + 0.05


async def test_a_slow_request_holds_back_the_thirtieth_after_it() -> None:
    """One request the server took late keeps its place in the window until it ended."""
    clock = LateClock([])
    limiter = limiter_on(clock)
    async with limiter.sending(1):
        clock.now += 0.5  # the server may have counted it only now
    slow_ended = clock.now
    started = []
    for chat in range(2, 32):
        async with limiter.sending(chat):
            started.append(clock.now)
            clock.now += 0.001
    assert started[28] - slow_ended < 1.0, "the next 29 go at the usual pace"
    assert started[29] >= slow_ended + 1.0, "the 30th after it waits for its second to pass"


async def test_a_long_stall_is_not_made_up_with_a_burst() -> None:
    """After a stall, sends resume at the limit's pace instead of rushing to catch up."""
    clock = LateClock([])
    limiter = limiter_on(clock)
    async with limiter.sending(1):
        clock.now += 0.001
    clock.now += 5.0  # a busy moment
    sent = []
    for chat in range(2, 40):
        async with limiter.sending(chat):
            sent.append(clock.now)
    assert sum(1 for at in sent if at < sent[0] + 1.0) <= 30
