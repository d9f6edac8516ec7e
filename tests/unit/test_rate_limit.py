"""The send limiter: never faster than the limits, counted from when sends really happen."""

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


@given(
    chats=st.lists(st.integers(min_value=1, max_value=3), min_size=2, max_size=60),
    overruns=st.lists(st.floats(min_value=0, max_value=0.05), max_size=60),
)
async def test_sends_stay_under_both_limits_in_any_second(
    chats: list[int], overruns: list[float]
) -> None:
    """In any one-second window: at most 30 sends overall and one per chat."""
    clock = LateClock(overruns)
    limiter = RateLimiter(
        per_second=30, per_chat_per_second=1, monotonic=clock.monotonic, sleep=clock.sleep
    )
    sent: list[tuple[float, int]] = []
    for chat in chats:
        await limiter.acquire(chat)
        sent.append((clock.now, chat))
        clock.now += 0.001  # the request itself takes a moment
    for start, _ in sent:
        window = [(at, chat) for at, chat in sent if start <= at < start + 1.0]
        assert len(window) <= 30
        assert all([c for _, c in window].count(chat) <= 1 for _, chat in window), (
            "one message per chat per second"
        )


async def test_small_lateness_does_not_add_up() -> None:
    """Wake-ups a few ms late each still send 300 messages at the planned pace, not slower."""
    clock = LateClock([0.004] * 300)
    limiter = RateLimiter(
        per_second=30, per_chat_per_second=1, monotonic=clock.monotonic, sleep=clock.sleep
    )
    for chat in range(300):
        await limiter.acquire(chat)
        clock.now += 0.002
    planned = 299 / (30 * SAFETY)
    assert planned <= clock.now < planned + 0.05


async def test_a_long_stall_is_not_made_up_with_a_burst() -> None:
    """After a stall, sends resume at the limit's pace instead of rushing to catch up."""
    clock = LateClock([])
    limiter = RateLimiter(
        per_second=30, per_chat_per_second=1, monotonic=clock.monotonic, sleep=clock.sleep
    )
    await limiter.acquire(1)
    clock.now += 5.0  # a busy moment
    sent = []
    for chat in range(2, 40):
        await limiter.acquire(chat)
        sent.append(clock.now)
    assert sum(1 for at in sent if at < sent[0] + 1.0) <= 30
