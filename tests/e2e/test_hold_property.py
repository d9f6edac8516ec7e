"""A property of the whole bot: whatever a person presses, types or waits, no routine reaches
them while their plan is on hold."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import running_bot
from bot.config import Settings
from emulator import BotApiEmulator, EmulatedUser
from scheduler.clock import ManualClock
from storage.models import User
from tests.e2e.conftest import START, TOKEN, Chatting

TYPED = ("/today", "/plan", "/resume", "/pause 3", "/start", "/problem", "/settings", "a pop")
Action = tuple[str, Any]
actions = st.one_of(
    st.tuples(st.just("send"), st.sampled_from(TYPED)),
    # A button of one of the last three messages: which message, then which of its buttons.
    st.tuples(st.just("press"), st.tuples(st.integers(1, 3), st.integers(0, 30))),
    st.tuples(st.just("log"), st.integers(0, 10)),
    st.tuples(st.just("wait"), st.sampled_from([1, 6, 24, 49])),
)


def routines_in(calls: list[Any]) -> list[str]:
    """The texts of the calls that showed a routine: one with a button that logs a session."""
    return [
        str(call.params.get("text", ""))
        for call in calls
        if call.method in ("sendMessage", "editMessageText")
        and '"log:' in str(call.params.get("reply_markup", ""))
    ]


async def on_hold(chat: Chatting, user: EmulatedUser) -> bool:
    async with chat.application.services.sessionmaker() as session:
        person = await session.get(User, user.id)
    return person is not None and person.hold_since is not None


async def act(chat: Chatting, user: EmulatedUser, action: Action) -> None:
    """Do one thing a person might do."""
    kind, value = action
    if kind == "send":
        await chat.send(user, value)
    elif kind == "press":
        back, pick = value
        messages = chat.emulator.bot_messages(user.id)
        if len(messages) < back:
            return
        message = messages[-back]
        pressable = [data for row in message.buttons for _, data in row if data is not None]
        if pressable:
            data = pressable[pick % len(pressable)]
            await chat.settle(chat.emulator.press_button(user, message.message_id, data))
    elif kind == "log":
        await chat.send(user, "/today")
        if "Log this session" in str(chat.last(user).buttons):
            await chat.press(user, chat.last(user), "Log this session")
            await chat.press(user, chat.last(user), "Done")
            await chat.press(user, chat.last(user), str(value))
    else:
        await chat.advance(timedelta(hours=value))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(actions, min_size=4, max_size=14))
async def test_no_routine_is_shown_while_the_plan_is_on_hold(steps: list[Action]) -> None:
    """Across random presses, commands, pain reports and waits, a step that begins and ends on
    hold shows no routine; every press is answered and no call is one Telegram would refuse."""
    with tempfile.TemporaryDirectory() as folder:
        async with BotApiEmulator(token=TOKEN) as emulator:
            config = Settings(
                _env_file=None,  # type: ignore[call-arg]
                telegram_bot_token=TOKEN,  # type: ignore[arg-type]
                telegram_api_base_url=emulator.base_url,
                database_url=f"sqlite+aiosqlite:///{Path(folder) / 'bot.sqlite3'}",
                dispatch_interval_seconds=24 * 3600,
            )
            clock = ManualClock(START)
            async with running_bot(config, clock=clock) as application:
                chat = Chatting(emulator, application, clock)
                ana = emulator.new_user()
                await chat.onboard(ana)
                # Every run starts with a hold; the steps may end it and start new ones.
                for step in [("log", 8), *steps]:
                    held_before, seen = await on_hold(chat, ana), len(emulator.calls)
                    await act(chat, ana, step)
                    if held_before and await on_hold(chat, ana):
                        assert routines_in(emulator.calls[seen:]) == [], step
            assert emulator.unanswered_callback_queries() == []
            assert [c for c in emulator.calls if not c.ok and c.error_code != 403] == []
