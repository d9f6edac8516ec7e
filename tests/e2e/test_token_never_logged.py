"""The bot's token appears in no log line, at DEBUG too, through the formatter the CLI installs."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.log_redaction import REDACTED, RedactingFormatter
from tests.e2e.conftest import TOKEN, Chatting


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    """Everything logged at DEBUG while the test runs, formatted as `rehab-bot run` does."""
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(
        RedactingFormatter("%(levelname)s %(name)s: %(message)s", secrets=(TOKEN,))
    )
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield output
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


async def test_a_day_of_use_at_debug_logs_no_token(chat: Chatting, debug_log: io.StringIO) -> None:
    """Setup, a logged session and a reminder pass at DEBUG: the Bot API URLs are logged with
    the token redacted."""
    ana = chat.emulator.new_user()
    await chat.onboard(ana)
    await chat.log_today(ana, pain="2")
    await chat.advance(timedelta(days=1))
    logged = debug_log.getvalue()
    assert REDACTED in logged, "python-telegram-bot logged its request URLs"
    assert TOKEN not in logged
    assert TOKEN.split(":")[1] not in logged


def refuse_token() -> None:
    """Fail as a start-up with a refused token might, the URL in the message."""
    raise RuntimeError(f"https://api.telegram.org/bot{TOKEN}/getMe answered 401")


def test_a_traceback_carrying_the_token_is_redacted() -> None:
    """An error whose message holds the token (a refused token at start-up) is logged without it."""
    formatter = RedactingFormatter("%(message)s", secrets=(TOKEN,))
    record = logging.LogRecord("bot", logging.ERROR, __file__, 1, "failed: %s", (TOKEN,), None)
    try:
        refuse_token()
    except RuntimeError:
        record.exc_info = sys.exc_info()
    text = formatter.format(record)
    assert "getMe answered 401" in text
    assert TOKEN not in text
    assert TOKEN.split(":")[1] not in text
