"""The update feed: long polling, offsets, filters, acknowledgement and the people who cause it."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot

from emulator import BotApiEmulator, EmulatedUser
from tests.emulator.conftest import RawApi


async def test_long_poll_returns_as_soon_as_an_update_is_pushed(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """A waiting getUpdates wakes up with the update pushed while it waits."""
    first = await bot.get_updates()
    poll = asyncio.create_task(bot.get_updates(offset=first[-1].update_id + 1, timeout=30))
    await emu.wait_until(lambda: emu.long_polls_waiting == 1)
    update_id = emu.send_text(user, "are you there?")
    updates = await asyncio.wait_for(poll, timeout=5)
    assert [u.update_id for u in updates] == [update_id]
    assert updates[0].message is not None
    assert updates[0].message.text == "are you there?"


async def test_long_poll_without_updates_ends_empty_at_its_timeout(api: RawApi) -> None:
    """When nothing arrives, the long poll answers an empty list once its timeout is over."""
    assert (await api("getUpdates", timeout=0.2))["result"] == []


async def test_a_newer_poll_ends_the_older_one(api: RawApi, emu: BotApiEmulator) -> None:
    """A second getUpdates makes the first one, still waiting, return no updates."""
    older = asyncio.create_task(api("getUpdates", timeout=30))
    await emu.wait_until(lambda: emu.long_polls_waiting == 1)
    assert (await api("getUpdates"))["result"] == []
    assert (await asyncio.wait_for(older, timeout=5))["result"] == []


async def test_a_second_long_poller_ends_the_first_with_409_conflict(
    api: RawApi, emu: BotApiEmulator
) -> None:
    """Another long poll on the same token (a second bot instance) ends the waiting one with
    Telegram's 409, while the newer one goes on waiting."""
    older = asyncio.create_task(api("getUpdates", timeout=30))
    await emu.wait_until(lambda: emu.long_polls_waiting == 1)
    newer = asyncio.create_task(api("getUpdates", timeout=30))
    answer = await asyncio.wait_for(older, timeout=5)
    assert answer == {
        "ok": False,
        "error_code": 409,
        "description": "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
    }
    await emu.wait_until(lambda: emu.long_polls_waiting == 1)
    assert not newer.done()
    await emu.stop()
    assert (await asyncio.wait_for(newer, timeout=5))["result"] == []


async def test_an_update_delivered_again_keeps_its_content_under_a_new_id(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """deliver_again queues an update already confirmed once more, the same but for its id."""
    first = emu.send_text(user, "once")
    await api("getUpdates", offset=first + 1)  # confirmed: gone from the queue
    again = emu.deliver_again(first)
    (update,) = (await api("getUpdates", offset=first + 1))["result"]
    assert update["update_id"] == again > first
    assert update["message"]["text"] == "once"
    with pytest.raises(ValueError, match="not among the recent ones"):
        emu.deliver_again(10**9)


async def test_stopping_the_emulator_ends_pending_polls() -> None:
    """stop() answers a pending long poll with no updates instead of leaving it hanging."""
    async with BotApiEmulator() as emu:
        bot = Bot(emu.token, base_url=emu.base_url)
        async with bot:
            poll = asyncio.create_task(bot.get_updates(timeout=30))
            await emu.wait_until(lambda: emu.long_polls_waiting == 1)
            await emu.stop()
            assert await asyncio.wait_for(poll, timeout=5) == ()


async def test_offset_confirms_and_forgets_earlier_updates(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """Passing offset drops every update below it for good."""
    ids = [emu.send_text(user, f"message {n}") for n in range(3)]
    received = await api("getUpdates", offset=ids[2])
    assert [u["update_id"] for u in received["result"]] == [ids[2]]
    again = await api("getUpdates")
    assert [u["update_id"] for u in again["result"]] == [ids[2]]


async def test_negative_offset_keeps_only_the_last_updates(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """offset=-1 returns the newest update and forgets the ones before it."""
    ids = [emu.send_text(user, f"message {n}") for n in range(3)]
    assert [u["update_id"] for u in (await api("getUpdates", offset=-1))["result"]] == [ids[2]]
    assert [u["update_id"] for u in (await api("getUpdates"))["result"]] == [ids[2]]


async def test_limit_is_clamped_to_1_to_100(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """limit picks how many updates come back; out-of-range values are clamped."""
    for n in range(3):
        emu.send_text(user, f"message {n}")
    assert len((await api("getUpdates", limit=2))["result"]) == 2
    assert len((await api("getUpdates", limit=0))["result"]) == 1
    assert len((await api("getUpdates", limit=500))["result"]) == 4


async def test_allowed_updates_filters_kinds(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """With allowed_updates set, other kinds of update are not delivered."""
    sent = await api(
        "sendMessage",
        chat_id=user.id,
        text="Pick",
        reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    )
    press = emu.press_button(user, sent["result"]["message_id"], "a")
    answer = await api("getUpdates", allowed_updates=["callback_query"])
    assert [u["update_id"] for u in answer["result"]] == [press]


async def test_delete_webhook_can_drop_pending_updates(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """deleteWebhook(drop_pending_updates=True) forgets what is waiting."""
    emu.send_text(user, "old news")
    assert (await api("deleteWebhook", drop_pending_updates=True))["result"] is True
    assert (await api("getUpdates"))["result"] == []


async def test_wait_acknowledged_returns_when_the_next_offset_is_asked(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """wait_acknowledged returns once getUpdates was called with an offset above the update."""
    update_id = emu.send_text(user, "/start")
    waiting = asyncio.create_task(emu.wait_acknowledged(update_id))
    updates = await bot.get_updates()
    assert not waiting.done()
    await bot.get_updates(offset=updates[-1].update_id + 1)
    await asyncio.wait_for(waiting, timeout=5)


async def test_wait_acknowledged_times_out_when_nobody_polls(
    emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """Without a bot polling, wait_acknowledged raises TimeoutError."""
    with pytest.raises(TimeoutError, match="not acknowledged"):
        await emu.wait_acknowledged(emu.send_text(user, "anyone?"), timeout=0.05)


async def test_wait_for_call_sees_past_and_future_calls(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """wait_for_call finds a call already made, or waits for the next matching one."""
    await api("sendMessage", chat_id=user.id, text="first")
    past = await emu.wait_for_call(lambda c: c.method == "sendMessage")
    assert past.params["text"] == "first"
    future = asyncio.create_task(
        emu.wait_for_call(lambda c: c.method == "sendMessage", since=len(emu.calls))
    )
    await api("sendMessage", chat_id=user.id, text="second")
    assert (await asyncio.wait_for(future, timeout=5)).params["text"] == "second"


async def test_pressing_needs_a_button_there_at_press_time(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """press_button refuses a missing message or button, and allows pressing twice."""
    sent = await api(
        "sendMessage",
        chat_id=user.id,
        text="Pick",
        reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    )
    message_id = sent["result"]["message_id"]
    with pytest.raises(ValueError, match="no message 999"):
        emu.press_button(user, 999, "a")
    with pytest.raises(ValueError, match="no inline button"):
        emu.press_button(user, message_id, "b")
    first, second = emu.press_button(user, message_id, "a"), emu.press_button(user, message_id, "a")
    assert second == first + 1
    assert len(set(emu.unanswered_callback_queries())) == 2
    await api("editMessageReplyMarkup", chat_id=user.id, message_id=message_id)
    with pytest.raises(ValueError, match="no inline button"):
        emu.press_button(user, message_id, "a")


async def test_stickers_and_photos_from_people_have_no_text(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """A sticker or a photo arrives as a Message without text, and shows in the chat."""
    sticker, photo = emu.send_sticker(user), emu.send_photo(user)
    updates = {u["update_id"]: u["message"] for u in (await api("getUpdates"))["result"]}
    assert "sticker" in updates[sticker]
    assert "text" not in updates[sticker]
    assert updates[photo]["photo"][-1]["file_id"]
    assert [m.kind for m in emu.messages(user.id)][-2:] == ["sticker", "photo"]


async def test_long_texts_from_people_are_delivered_whole(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """People's messages are not length-checked: 5000 characters arrive as sent."""
    update_id = emu.send_text(user, "ü" * 5000)
    (update,) = [u for u in (await api("getUpdates"))["result"] if u["update_id"] == update_id]
    assert update["message"]["text"] == "ü" * 5000


async def test_commands_get_bot_command_entities(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """A leading /command, with or without the bot's username, carries a bot_command entity."""
    plain = emu.send_text(user, "/today please")
    addressed = emu.send_text_in_group(
        user, "/start@rehab_coach_bot", chat_type="group", group_id=-5
    )
    updates = {u["update_id"]: u["message"] for u in (await api("getUpdates"))["result"]}
    assert updates[plain]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert updates[addressed]["entities"] == [{"type": "bot_command", "offset": 0, "length": 22}]
    assert updates[addressed]["chat"] == {"id": -5, "type": "group", "title": "Team"}
