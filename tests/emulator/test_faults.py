"""Injected failures, late answers, blocked users and flood limits, for reliability tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest

from emulator import BotApiEmulator, EmulatedUser
from tests.emulator.conftest import RawApi


class FakeClock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(emu: BotApiEmulator) -> FakeClock:
    """Give the emulator a clock the test moves by hand."""
    fake = FakeClock()
    emu.clock = fake
    return fake


@pytest.fixture
async def impatient_bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    """A PTB Bot that gives up reading an answer after 0.2 s."""
    bot = Bot(emu.token, base_url=emu.base_url, request=HTTPXRequest(read_timeout=0.2))
    async with bot:
        yield bot


async def test_injected_failures_are_used_up_in_order(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """fail_next fails the next `times` calls with the given error, then calls succeed again."""
    emu.fail_next("sendMessage", 502, times=2)
    first = await api("sendMessage", chat_id=user.id, text="1")
    second = await api("sendMessage", chat_id=user.id, text="2")
    third = await api("sendMessage", chat_id=user.id, text="3")
    assert [first["error_code"], second["error_code"]] == [502, 502]
    assert first["description"] == "Bad Gateway"
    assert third["ok"]
    assert [m.text for m in emu.bot_messages(user.id)] == ["3"], "failed calls have no effect"


async def test_injected_failure_can_target_one_chat(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """With chat_id, only calls to that chat fail."""
    other = emu.new_user()
    emu.send_text(other, "hi")
    emu.fail_next("sendMessage", 500, chat_id=other.id)
    assert (await api("sendMessage", chat_id=user.id, text="fine"))["ok"]
    assert (await api("sendMessage", chat_id=other.id, text="fails"))["error_code"] == 500


async def test_injected_flood_error_carries_retry_after(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """An injected 429 has Telegram's text and parameters.retry_after."""
    emu.fail_next("sendMessage", 429, retry_after=5)
    assert await api("sendMessage", chat_id=user.id, text="x") == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 5",
        "parameters": {"retry_after": 5},
    }


async def test_late_answer_times_out_the_client_but_the_message_is_sent(
    impatient_bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """delay_next makes PTB time out while the call itself still took effect, as on Telegram."""
    emu.delay_next("sendMessage", 5.0)
    with pytest.raises(TimedOut):
        await impatient_bot.send_message(user.id, "did this arrive?")
    assert [m.text for m in emu.bot_messages(user.id)] == ["did this arrive?"]
    assert (await impatient_bot.send_message(user.id, "prompt")).text == "prompt"


async def test_a_dropped_connection_after_the_call_took_effect_leaves_it_stored(
    emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """lose_answer_next without a code: the message is delivered, the client gets no answer."""
    emu.lose_answer_next("sendMessage")
    async with Bot(emu.token, base_url=emu.base_url) as bot:
        with pytest.raises(NetworkError, match="RemoteProtocolError"):
            await bot.send_message(user.id, "1")
        await bot.send_message(user.id, "2")
    assert [m.text for m in emu.bot_messages(user.id)] == ["1", "2"]
    assert [call.ok for call in emu.calls_to("sendMessage")] == [True, True]


async def test_a_proxy_502_after_the_call_took_effect_leaves_it_stored(
    emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """lose_answer_next(502): delivered, and the client reads a proxy's HTML error page."""
    other = emu.new_user()
    emu.send_text(other, "/start")
    emu.lose_answer_next("sendMessage", 502, chat_id=user.id)
    async with Bot(emu.token, base_url=emu.base_url) as bot:
        await bot.send_message(other.id, "elsewhere")
        with pytest.raises(NetworkError, match=r"Bad Gateway \(502\)"):
            await bot.send_message(user.id, "1")
        await bot.send_message(user.id, "2")
    assert [m.text for m in emu.bot_messages(user.id)] == ["1", "2"]
    assert [m.text for m in emu.bot_messages(other.id)] == ["elsewhere"]


async def test_blocked_person_refuses_until_unblocked_or_back(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """block() makes sends 403; unblock() or the person writing again lifts it."""
    emu.block(user)
    refused = await api("sendMessage", chat_id=user.id, text="reminder")
    assert (refused["error_code"], refused["description"]) == (
        403,
        "Forbidden: bot was blocked by the user",
    )
    assert (await api("sendChatAction", chat_id=user.id, action="typing"))["error_code"] == 403
    emu.unblock(user)
    assert (await api("sendMessage", chat_id=user.id, text="reminder"))["ok"]
    emu.block(user)
    emu.send_text(user, "/start")
    assert (await api("sendMessage", chat_id=user.id, text="welcome back"))["ok"]


async def test_overall_limit_answers_429_until_the_window_passes(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser, clock: FakeClock
) -> None:
    """Past max_messages_per_second, sends get 429 with retry_after until the clock moves on."""
    emu.max_messages_per_second = 2
    other = emu.new_user()
    emu.send_text(other, "hi")
    assert (await api("sendMessage", chat_id=user.id, text="1"))["ok"]
    assert (await api("sendMessage", chat_id=other.id, text="2"))["ok"]
    clock.now += 0.5
    flooded = await api("sendPhoto", chat_id=user.id, photo="https://example.org/p.jpg")
    assert flooded["error_code"] == 429
    assert flooded["parameters"] == {"retry_after": 1}
    assert emu.too_many_requests == 1
    clock.now += 0.5
    assert (await api("sendMessage", chat_id=user.id, text="3"))["ok"]


async def test_per_chat_limit_is_counted_per_chat(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser, clock: FakeClock
) -> None:
    """max_messages_per_chat_per_second limits one chat without slowing the others."""
    emu.max_messages_per_chat_per_second = 1
    other = emu.new_user()
    emu.send_text(other, "hi")
    assert (await api("sendMessage", chat_id=user.id, text="1"))["ok"]
    assert (await api("sendMessage", chat_id=user.id, text="2"))["error_code"] == 429
    assert (await api("sendMessage", chat_id=other.id, text="3"))["ok"]
    clock.now += 1.0
    assert (await api("sendMessage", chat_id=user.id, text="4"))["ok"]
    assert emu.too_many_requests == 1


async def test_slow_rates_use_a_longer_window(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser, clock: FakeClock
) -> None:
    """A rate below one per second allows one message per 1/rate seconds."""
    emu.max_messages_per_chat_per_second = 0.5
    assert (await api("sendMessage", chat_id=user.id, text="1"))["ok"]
    clock.now += 1.5
    flooded = await api("sendMessage", chat_id=user.id, text="2")
    assert flooded["parameters"] == {"retry_after": 1}
    clock.now += 0.5
    assert (await api("sendMessage", chat_id=user.id, text="3"))["ok"]


@pytest.mark.usefixtures("clock")
async def test_refused_sends_do_not_use_up_the_limit(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """Only messages actually sent count towards flood limits."""
    emu.max_messages_per_chat_per_second = 1
    assert not (await api("sendMessage", chat_id=user.id, text="<b>", parse_mode="HTML"))["ok"]
    assert (await api("sendMessage", chat_id=user.id, text="ok"))["ok"], "the clock never moved"
