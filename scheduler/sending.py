"""Sending one scheduled message to Telegram, which is a remote system that fails (DESIGN 7).

Every failure is sorted by what it says about the message, because a reminder twice is worse
than one in doubt (DESIGN 3):

- **Certainly not delivered, worth trying again**: 429 (Telegram executes nothing it answers
  429 to), 503 (the server says it did not take the request: Telegram's overload answer, and a
  proxy's when it sheds load before forwarding), an unknown token (401/404), and errors before
  the request left: the connection refused or not made in time (``httpx.ConnectError``,
  ``ConnectTimeout``) or no free connection in the pool (``PoolTimeout``). The sender waits
  out 429s and retries the others a few times here; if they go on, the dispatcher tries again
  in a later pass, until the grace window closes.
- **Certainly not delivered, not worth trying again**: 400 (Telegram refused the message), and
  403 (the person blocked the bot).
- **Unknown, never sent again**: everything else. A timeout waiting for the answer, a
  connection dropped after the request was written, a 502 or 504 (a proxy's words for "the
  server behind me failed or was slow", often after it took the message), a 500, any other
  answer: the message may have arrived, so it is recorded in doubt.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from http import HTTPStatus
from typing import Any, Protocol

import httpx
from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.request import HTTPXRequest

from scheduler.rate_limit import RateLimiter

log = logging.getLogger(__name__)

# Telegram may ask us to slow down several times in a burst; past this many, the message is
# handed back to be tried again in a later pass (it was certainly not delivered).
MAX_RETRY_AFTER_WAITS = 10

# Errors raised before a request was written: the server cannot have seen it.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True)
class OutgoingMessage:
    """An HTML text with optional inline buttons."""

    text: str
    reply_markup: InlineKeyboardMarkup | None = None


class SendStatus(StrEnum):
    """How one send ended."""

    SENT = "sent"
    BLOCKED = "blocked"
    # Certainly not delivered, and trying again would not help (a 400).
    FAILED = "failed"
    # Certainly not delivered; worth trying again later.
    NOT_SENT = "not_sent"
    # It may have arrived: never sent again.
    IN_DOUBT = "in_doubt"


@dataclass(frozen=True)
class SendResult:
    """The outcome of one send, with Telegram's message id when it went out."""

    status: SendStatus
    message_id: int | None = None
    error: str | None = None


class MessageSender(Protocol):
    """Sends one message to one chat and reports how it went, never raising for Telegram errors."""

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        """Send the message."""
        ...


class NotTakenError(NetworkError):
    """The server answered that it did not take the request (503)."""


class TelegramRequest(HTTPXRequest):
    """PTB's HTTP request, keeping the one status code that tells a request was not taken.

    python-telegram-bot turns every 5xx into the same NetworkError; the sender needs to tell a
    503 (not taken, safe to retry) from a 502 or 504 (maybe taken).
    """

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """Make the request as PTB does; a 503 answer raises NotTakenError."""
        code, payload = await super().do_request(*args, **kwargs)
        if code == HTTPStatus.SERVICE_UNAVAILABLE:
            raise NotTakenError(f"{HTTPStatus.SERVICE_UNAVAILABLE.phrase} (503)")
        return code, payload


def certainly_not_sent(error: TelegramError) -> bool:
    """Whether an error proves the message did not reach Telegram (see the module docstring)."""
    if isinstance(error, RetryAfter | NotTakenError | InvalidToken):
        return True
    return isinstance(error.__cause__, _NEVER_SENT)


class TelegramSender:
    """Sends through the Bot API, within rate limits, retrying only what certainly failed."""

    def __init__(
        self,
        bot: Bot,
        *,
        limiter: RateLimiter,
        max_attempts: int = 3,
        backoff_seconds: float = 1.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._bot = bot
        self._limiter = limiter
        self._max_attempts = max_attempts
        self._backoff = backoff_seconds
        self._sleep = sleep

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        """Send, waiting out 429s and retrying certain failures a few times; never resend a
        message that may have arrived."""
        failures = 0
        waits = 0
        while True:
            try:
                async with self._limiter.sending(chat_id):
                    sent = await self._bot.send_message(
                        chat_id,
                        message.text,
                        parse_mode=ParseMode.HTML,
                        reply_markup=message.reply_markup,
                    )
            except Forbidden as error:
                return SendResult(SendStatus.BLOCKED, error=error.message)
            except RetryAfter as error:
                waits += 1
                if waits > MAX_RETRY_AFTER_WAITS:
                    return SendResult(SendStatus.NOT_SENT, error=f"still asked to wait: {error}")
                log.info("Telegram asked to wait %.1f s", _seconds(error))
                await self._sleep(_seconds(error))
            except BadRequest as error:
                return SendResult(SendStatus.FAILED, error=error.message)
            except TelegramError as error:
                if not certainly_not_sent(error):
                    # Telegram may well have taken the message before the answer was lost;
                    # sending it again could deliver it twice (DESIGN 3).
                    return SendResult(SendStatus.IN_DOUBT, error=f"{IN_DOUBT}: {error.message}")
                failures += 1
                if failures >= self._max_attempts:
                    return SendResult(SendStatus.NOT_SENT, error=f"not sent: {error.message}")
                log.info("send not taken on attempt %d: %s", failures, type(error).__name__)
                await self._sleep(self._backoff * 2 ** (failures - 1))
            else:
                return SendResult(SendStatus.SENT, message_id=sent.message_id)


IN_DOUBT = "no answer to trust; not sent again, it may have arrived"


def _seconds(error: RetryAfter) -> float:
    """Read retry_after as seconds, as int (PTB 22's default) or timedelta (PTB_TIMEDELTA=1)."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
