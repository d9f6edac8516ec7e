"""Sending one scheduled message to Telegram, which is a remote system that fails (DESIGN 7)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Protocol

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from scheduler.rate_limit import RateLimiter

log = logging.getLogger(__name__)

# Telegram may ask us to slow down several times in a burst; past this many, something is wrong.
MAX_RETRY_AFTER_WAITS = 10


@dataclass(frozen=True)
class OutgoingMessage:
    """An HTML text with optional inline buttons."""

    text: str
    reply_markup: InlineKeyboardMarkup | None = None


class SendStatus(StrEnum):
    """How one send ended."""

    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"


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


class TelegramSender:
    """Sends through the Bot API, within rate limits, retrying what is worth retrying."""

    def __init__(
        self,
        bot: Bot,
        *,
        limiter: RateLimiter,
        max_attempts: int = 4,
        backoff_seconds: float = 1.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._bot = bot
        self._limiter = limiter
        self._max_attempts = max_attempts
        self._backoff = backoff_seconds
        self._sleep = sleep

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        """Send, waiting out 429s and retrying network errors and 5xx a bounded number of times."""
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
                    return SendResult(SendStatus.FAILED, error=f"gave up: {error.message}")
                log.info("Telegram asked to wait %.1f s", _seconds(error))
                await self._sleep(_seconds(error))
            except BadRequest as error:
                return SendResult(SendStatus.FAILED, error=error.message)
            except TimedOut:
                # Telegram may well have taken the message before the answer was lost; sending it
                # again could deliver it twice, which is worse than one lost (DESIGN 3).
                return SendResult(SendStatus.FAILED, error=TIMED_OUT)
            except NetworkError as error:
                failures += 1
                if failures >= self._max_attempts:
                    return SendResult(SendStatus.FAILED, error=f"gave up: {error.message}")
                log.info("send failed on attempt %d: %s", failures, type(error).__name__)
                await self._sleep(self._backoff * 2 ** (failures - 1))
            else:
                return SendResult(SendStatus.SENT, message_id=sent.message_id)


TIMED_OUT = "timed out waiting for Telegram; not sent again, it may have arrived"


def _seconds(error: RetryAfter) -> float:
    """Read retry_after as seconds, as int (PTB 22's default) or timedelta (PTB_TIMEDELTA=1)."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
