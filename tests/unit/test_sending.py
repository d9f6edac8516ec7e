"""Which send failures prove a message was not delivered, and when such a send goes again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut

from scheduler.dispatcher import RETRY_AT_MOST, RETRY_FIRST, retry_time
from scheduler.sending import NotTakenError, certainly_not_sent
from storage.reminders import Claim, MessageKind

DUE = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
GRACE = timedelta(hours=2)


def caused(error: TelegramError, cause: Exception) -> TelegramError:
    """The error as PTB raises it, `from` the HTTP library's."""
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    "error",
    [
        RetryAfter(3),
        NotTakenError("Service Unavailable (503)"),
        InvalidToken(),
        caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused")),
        caused(TimedOut(), httpx.ConnectTimeout("no connection in time")),
        caused(TimedOut(), httpx.PoolTimeout("no free connection")),
    ],
    ids=["429", "503", "bad-token", "refused", "connect-timeout", "pool-timeout"],
)
def test_failures_before_telegram_took_the_message_are_certain(error: TelegramError) -> None:
    """A 429, a 503, a rejected token, or an error before the request left."""
    assert certainly_not_sent(error)


@pytest.mark.parametrize(
    "error",
    [
        caused(TimedOut(), httpx.ReadTimeout("no answer in time")),
        caused(TimedOut(), httpx.WriteTimeout("slow upload")),
        caused(NetworkError("httpx.RemoteProtocolError"), httpx.RemoteProtocolError("gone")),
        caused(NetworkError("httpx.ReadError"), httpx.ReadError("reset")),
        NetworkError("Bad Gateway"),
        NetworkError("Gateway Timeout (504)"),
        NetworkError("Internal Server Error"),
    ],
    ids=["read-timeout", "write-timeout", "dropped", "reset", "502", "504", "500"],
)
def test_failures_after_the_request_left_are_in_doubt(error: TelegramError) -> None:
    """A lost answer, a proxy's 502 or 504, a 500: the message may have arrived."""
    assert not certainly_not_sent(error)


def claim(attempts: int) -> Claim:
    """A reminder claim due at DUE that was tried `attempts` times before."""
    return Claim(1, 2, 2, MessageKind.REMINDER, "2026-11-25/1", DUE, attempts)


def test_retries_back_off_from_30_seconds_doubling_up_to_10_minutes() -> None:
    """30 s, 60 s, 120 s... never more than 10 minutes apart."""
    now = DUE + timedelta(minutes=1)
    waits = [retry_time(claim(n), now=now, grace=GRACE) for n in range(8)]
    assert [wait - now for wait in waits if wait is not None] == [
        RETRY_FIRST,
        RETRY_FIRST * 2,
        RETRY_FIRST * 4,
        RETRY_FIRST * 8,
        RETRY_FIRST * 16,
        RETRY_AT_MOST,
        RETRY_AT_MOST,
        RETRY_AT_MOST,
    ]


def test_the_last_retry_is_when_the_grace_window_closes_and_none_after() -> None:
    """A wait that would end after the window is cut to its end; at the end, no more tries."""
    closes = DUE + GRACE
    assert retry_time(claim(5), now=closes - timedelta(minutes=2), grace=GRACE) == closes
    assert retry_time(claim(5), now=closes, grace=GRACE) is None
