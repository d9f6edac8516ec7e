"""Fixtures: a running emulator, a person to play, and PTB's real Bot talking to the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from emulator import BotApiEmulator, EmulatedUser


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture
def user(emu: BotApiEmulator) -> EmulatedUser:
    """A person who has already written to the bot, so their chat exists."""
    person = emu.new_user(first_name="Ana", language_code="en")
    emu.send_text(person, "hello")
    return person


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    ptb_bot = Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url)
    async with ptb_bot:
        yield ptb_bot


@pytest.fixture
def timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's timedelta periods, so reading RetryAfter.retry_after does not warn."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
