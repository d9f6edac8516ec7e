"""The real bot, built as in production, talking HTTP over loopback to the Bot API emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import DISPATCH_JOB, running_bot
from bot.config import Settings
from bot.context import RehabApplication
from emulator import BotApiEmulator, ChatMessage, EmulatedUser
from emulator.state import CallbackQueryRecord
from emulator.telegram_json import message_json, user_json
from rehab.content import load_protocol
from scheduler.clock import ManualClock

TOKEN = "123456:TEST-TOKEN"  # noqa: S105 (the emulator's test token)

# 06:00 UTC on a Wednesday: early morning in Europe, the evening before in the Americas.
START = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)


@dataclass
class Chatting:
    """Drives the running bot as people would, and waits until it has fully reacted."""

    emulator: BotApiEmulator
    application: RehabApplication
    clock: ManualClock
    # Refusals a test provokes on purpose (words of Telegram's description); no others pass.
    expected_refusals: list[str] = field(default_factory=list)

    async def send(self, user: EmulatedUser, text: str) -> None:
        """Send a text message and wait until the bot has handled it."""
        await self._settle(self.emulator.send_text(user, text))

    async def press(self, user: EmulatedUser, message: ChatMessage, button_text: str) -> None:
        """Press the button whose label contains button_text and wait until it is handled."""
        data = message.button_data(button_text)
        await self._settle(self.emulator.press_button(user, message.message_id, data))

    async def onboard(
        self,
        user: EmulatedUser,
        *,
        onset: str = "Sudden",
        zone: str = "Europe/London",
        times: tuple[str, ...] = ("08:00",),
        provider: str = "Yes",
    ) -> None:
        """Set a person up, tapping and typing through the questions: injured yesterday."""
        await self.send(user, "/start")
        await self.press(user, self.last(user), onset)
        await self.answer_safety_questions(user, provider=provider)
        await self.send(user, zone)
        await self.press(user, self.last(user), "Yesterday")
        await self.press(user, self.last(user), "One a day" if len(times) == 1 else "Two a day")
        for at in times:
            await self.send(user, at)

    async def log_today(self, user: EmulatedUser, *, pain: str, outcome: str = "Done") -> None:
        """Open /today and log the session with an outcome and a pain level."""
        await self.send(user, "/today")
        await self.press(user, self.last(user), "Log this session")
        await self.press(user, self.last(user), outcome)
        await self.press(user, self.last(user), pain)

    async def answer_safety_questions(
        self, user: EmulatedUser, *, provider: str = "Yes", limit: str = "(usual)"
    ) -> None:
        """After the onset: no warning signs, whether a provider is involved, the pain limit."""
        for _ in load_protocol().red_flags:
            await self.press(user, self.last(user), "No")
        await self.press(user, self.last(user), provider)
        await self.press(user, self.last(user), limit)

    async def settle(self, update_id: int) -> None:
        """Wait until an update pushed directly into the emulator is handled."""
        await self._settle(update_id)

    async def run_dispatcher(self) -> None:
        """Run the reminder job once, as the JobQueue would, at the clock's time."""
        job = self.application.job_queue.get_jobs_by_name(DISPATCH_JOB)[0]  # type: ignore[union-attr]
        await job.run(self.application)

    async def advance(self, delta: timedelta) -> None:
        """Move the clock forward and let the reminder job run."""
        self.clock.advance(delta)
        await self.run_dispatcher()

    def last(self, user: EmulatedUser) -> ChatMessage:
        """Return the newest message the bot has in this person's chat, exercise albums aside
        (test_exercise_pictures reads those)."""
        return self.conversation(user)[-1]

    def texts(self, user: EmulatedUser) -> list[str]:
        """Return the plain texts of the bot's messages in this person's chat, oldest first,
        exercise albums aside."""
        return [m.text or m.caption or "" for m in self.conversation(user)]

    def conversation(self, user: EmulatedUser) -> list[ChatMessage]:
        """The bot's messages in the chat but the photos of albums."""
        return [m for m in self.emulator.bot_messages(user.id) if m.media_group_id is None]

    async def _settle(self, update_id: int) -> None:
        await self.emulator.wait_acknowledged(update_id)
        await self.application.update_queue.join()


def forged_press(
    emulator: BotApiEmulator, presser: EmulatedUser, message: ChatMessage, data: str
) -> int:
    """Queue a press a modified client could send: any callback data, on a message it can see.

    The emulator's press_button only presses buttons that exist, as official apps do; this
    builds the same update without that check.
    """
    state = emulator._state  # no public way to forge a press, on purpose
    chat = state.chat(message.chat_id)
    assert chat is not None
    query_id = state.new_callback_query_id()
    state.callback_queries[query_id] = CallbackQueryRecord(
        query_id, message.chat_id, message.message_id, data
    )
    return state.queue_update(
        "callback_query",
        {
            "id": query_id,
            "from": user_json(presser),
            "message": message_json(state, chat.messages[message.message_id]),
            "chat_instance": "1",
            "data": data,
        },
    )


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    """Start the Bot API emulator on a free loopback port."""
    async with BotApiEmulator(token=TOKEN) as running:
        yield running


async def emulator_dated_by(clock: ManualClock) -> AsyncIterator[BotApiEmulator]:
    """An emulator whose message dates follow the simulated clock: for long simulations, which
    take it as their ``emulator`` (``pytest.fixture(name="emulator")(emulator_dated_by)``)."""
    async with BotApiEmulator(token=TOKEN, wall_clock=lambda: clock.now().timestamp()) as running:
        yield running


@pytest.fixture
def clock() -> ManualClock:
    """A clock that moves only when a test moves it."""
    return ManualClock(START)


@pytest.fixture
def e2e_settings(tmp_path: Path, emulator: BotApiEmulator) -> Settings:
    """Settings as a deployment would have them, pointed at the emulator and a SQLite file."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=TOKEN,  # type: ignore[arg-type]
        telegram_api_base_url=emulator.base_url,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        # Tests run the reminder job themselves at chosen clock times.
        dispatch_interval_seconds=24 * 3600,
    )


@pytest.fixture
async def chat(
    e2e_settings: Settings, clock: ManualClock, emulator: BotApiEmulator
) -> AsyncIterator[Chatting]:
    """Run the real application against the emulator for one test."""
    async with running_bot(e2e_settings, clock=clock) as application:
        chatting = Chatting(emulator, application, clock)
        yield chatting
    assert emulator.unanswered_callback_queries() == [], "every button press must be answered"
    failed = [
        c
        for c in emulator.calls
        if not c.ok
        and c.error_code != 403
        and not any(words in (c.description or "") for words in chatting.expected_refusals)
    ]
    assert failed == [], "the bot made Bot API calls Telegram would refuse"
