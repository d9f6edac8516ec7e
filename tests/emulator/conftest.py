"""Fixtures: a running emulator, a person to play, and PTB's real Bot talking to the emulator."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import Bot

from emulator import BotApiEmulator, EmulatedUser


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    """A running emulator on a free loopback port."""
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
    """PTB's real Bot, initialized against the emulator."""
    ptb_bot = Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url)
    async with ptb_bot:
        yield ptb_bot


@pytest.fixture
def timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's timedelta periods, so reading RetryAfter.retry_after does not warn."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


class RawApi:
    """Calls the emulator as any HTTP client would, returning Telegram's JSON answer."""

    def __init__(self, session: aiohttp.ClientSession, emulator: BotApiEmulator) -> None:
        self._session = session
        self._url = f"{emulator.base_url}{emulator.token}/"

    async def __call__(self, method: str, /, **params: Any) -> dict[str, Any]:
        """POST params as a JSON body."""
        return await self._answer(self._session.post(self._url + method, json=params))

    async def form(self, method: str, /, **params: Any) -> dict[str, Any]:
        """POST params as application/x-www-form-urlencoded, nested objects JSON-encoded."""
        return await self._answer(self._session.post(self._url + method, data=_encoded(params)))

    async def query(self, method: str, /, **params: Any) -> dict[str, Any]:
        """GET with params in the query string."""
        return await self._answer(self._session.get(self._url + method, params=_encoded(params)))

    async def multipart(self, method: str, form: aiohttp.FormData) -> dict[str, Any]:
        """POST a multipart/form-data body."""
        return await self._answer(self._session.post(self._url + method, data=form))

    @staticmethod
    async def _answer(request: Any) -> dict[str, Any]:
        async with request as response:
            body: dict[str, Any] = await response.json()
        # Telegram's HTTP status always equals the error_code of the body.
        assert response.status == body.get("error_code", 200)
        return body


def _encoded(params: dict[str, Any]) -> dict[str, str]:
    """Encode values as Telegram clients do in forms: strings as is, the rest as JSON."""
    return {
        key: value if isinstance(value, str) else json.dumps(value) for key, value in params.items()
    }


@pytest.fixture
async def api(emu: BotApiEmulator) -> AsyncIterator[RawApi]:
    """A plain HTTP client for the emulator's Bot API."""
    async with aiohttp.ClientSession() as session:
        yield RawApi(session, emu)
