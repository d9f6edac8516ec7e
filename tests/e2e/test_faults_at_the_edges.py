"""The running bot under faults around message handling: a locked database, a 429 on a reply,
a second instance on the token, an update delivered twice, a failing job, and its logs then."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot import texts
from bot.app import running_bot
from bot.cli import NOISY_LIBRARIES, quiet_libraries
from bot.config import Settings
from emulator import BotApiEmulator
from scheduler.clock import ManualClock
from tests.e2e.conftest import Chatting


class Logged(logging.Handler):
    """Every record the bot logs at INFO and above, with the library levels `rehab-bot run`
    sets; `wait_for` returns when a line containing some words has been logged."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record and wake waiters (from any thread)."""
        self.records.append(record)
        self._loop.call_soon_threadsafe(self._changed.set)

    def lines(self, *, at_least: int = logging.INFO) -> list[str]:
        """The messages logged at that level or above."""
        return [r.getMessage() for r in self.records if r.levelno >= at_least]

    def containing(self, words: str) -> list[logging.LogRecord]:
        """The records whose message contains the words."""
        return [r for r in self.records if words in r.getMessage()]

    async def wait_for(self, words: str, timeout: float = 30) -> None:  # noqa: ASYNC109 (a bound)
        """Return once a line containing the words has been logged."""
        async with asyncio.timeout(timeout):
            while not self.containing(words):
                self._changed.clear()
                await self._changed.wait()


@pytest.fixture
async def logged() -> AsyncIterator[Logged]:
    """Capture the log at INFO as `rehab-bot run` configures it."""
    root = logging.getLogger()
    level = root.level
    library_levels = {name: logging.getLogger(name).level for name in NOISY_LIBRARIES}
    handler = Logged()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    quiet_libraries()
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        for name, library_level in library_levels.items():
            logging.getLogger(name).setLevel(library_level)


@pytest.fixture
async def bot(
    e2e_settings: Settings, clock: ManualClock, emulator: BotApiEmulator
) -> AsyncIterator[Chatting]:
    """The real application against the emulator, for tests that inject refused calls."""
    async with running_bot(e2e_settings, clock=clock) as application:
        yield Chatting(emulator, application, clock)


@pytest.fixture
def second_instance(e2e_settings: Settings, tmp_path: Path) -> Settings:
    """Settings of a second instance: the same token and emulator, a database of its own."""
    database = tmp_path / "second" / "bot.sqlite3"
    return e2e_settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{database}"})


async def test_a_quiet_bot_logs_nothing_per_dispatch_pass(logged: Logged, bot: Chatting) -> None:
    """With a person set up and nothing due, dispatcher passes log nothing at INFO."""
    ana = bot.emulator.new_user()
    await bot.onboard(ana)
    logged.records.clear()
    for _ in range(3):
        await bot.run_dispatcher()
    assert logged.lines() == []


async def test_a_failing_dispatcher_pass_is_logged_under_the_jobs_name(
    logged: Logged, bot: Chatting
) -> None:
    """A dispatcher pass that fails (its table gone) names the job, not "update None"."""
    async with bot.application.services.sessionmaker() as session, session.begin():
        await session.execute(text("ALTER TABLE schedules RENAME TO schedules_away"))
    try:
        await bot.run_dispatcher()
    finally:
        async with bot.application.services.sessionmaker() as session, session.begin():
            await session.execute(text("ALTER TABLE schedules_away RENAME TO schedules"))
    (failure,) = [r for r in logged.records if r.levelno >= logging.ERROR]
    assert failure.getMessage() == "job 'dispatch-reminders' failed"
    assert failure.exc_info is not None
    assert logged.containing("update None") == []


async def test_a_button_press_delivered_twice_is_no_error(logged: Logged, bot: Chatting) -> None:
    """The same press handled again gets its answer refused by Telegram: a line at INFO, no
    ERROR and no apology."""
    ana = bot.emulator.new_user()
    await bot.send(ana, "/start")
    question = bot.last(ana)
    press = bot.emulator.press_button(ana, question.message_id, question.button_data("Sudden"))
    await bot.settle(press)
    messages_before = len(bot.conversation(ana))
    await bot.settle(bot.emulator.deliver_again(press))
    refused = [c for c in bot.emulator.calls_to("answerCallbackQuery") if not c.ok]
    assert [c.error_code for c in refused] == [400], "the second answer was made, and refused"
    assert logged.lines(at_least=logging.WARNING) == []
    assert logged.containing("its button press was answered before")
    assert texts.SOMETHING_WENT_WRONG not in bot.texts(ana)
    assert len(bot.emulator.bot_messages(ana.id)) == messages_before


async def test_a_reply_refused_with_429_is_sent_after_the_wait(
    logged: Logged, bot: Chatting
) -> None:
    """Telegram's 429 on a handler's sendMessage is waited out and the reply still arrives."""
    ana = bot.emulator.new_user()
    bot.emulator.fail_next("sendMessage", 429, retry_after=7, chat_id=ana.id)
    await bot.send(ana, "/about")
    sends = [(c.ok, c.error_code) for c in bot.emulator.calls_to("sendMessage")]
    assert sends == [(False, 429), (True, None)]
    # The wait Telegram asked for, plus the overall rate limit's spacing.
    assert 7 <= bot.clock.waited.total_seconds() < 8
    assert len(bot.emulator.bot_messages(ana.id)) == 1
    assert logged.lines(at_least=logging.ERROR) == []


async def test_an_edit_refused_with_429_is_made_after_the_wait(bot: Chatting) -> None:
    """A 429 on the edit that answers a button press is waited out too: the message changes."""
    ana = bot.emulator.new_user()
    await bot.send(ana, "/start")
    question = bot.last(ana)
    bot.emulator.fail_next("editMessageText", 429, retry_after=2, times=2)
    await bot.press(ana, question, "Sudden")
    edits = [(c.ok, c.error_code) for c in bot.emulator.calls_to("editMessageText")]
    assert edits[:3] == [(False, 429), (False, 429), (True, None)]
    assert 4 <= bot.clock.waited.total_seconds() < 5
    (edited,) = [m for m in bot.emulator.messages(ana.id) if m.message_id == question.message_id]
    assert edited.edit_count == 1


# Holds SQLite's write lock from another process until told to let go on stdin.
LOCK_HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("COMMIT")
"""


async def test_a_message_sent_while_another_process_locks_the_database_is_answered_late(
    logged: Logged, bot: Chatting, e2e_settings: Settings
) -> None:
    """Another process holds the SQLite write lock past the busy timeout: the person's message
    waits for it, then gets its usual reply; no apology, no error."""
    ana = bot.emulator.new_user()
    await bot.onboard(ana)
    database = e2e_settings.database_url.split(":///", 1)[1]
    holder = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        LOCK_HOLDER,
        database,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert holder.stdin is not None
    assert holder.stdout is not None
    try:
        assert await holder.stdout.readline() == b"locked\n"
        before = len(bot.conversation(ana))
        update_id = bot.emulator.send_text(ana, "/today")
        # The busy timeout (5 s) ran out once and the bot is still waiting, not failing.
        await logged.wait_for("locked by another process")
        assert len(bot.conversation(ana)) == before
    finally:
        holder.stdin.write(b"go\n")
        await holder.stdin.drain()
        assert await asyncio.wait_for(holder.wait(), timeout=10) == 0
    await bot.settle(update_id)
    reply = bot.texts(ana)[before:]
    assert reply, "the message was answered"
    assert texts.SOMETHING_WENT_WRONG not in reply
    assert logged.lines(at_least=logging.ERROR) == []
    assert logged.containing("free again after")


@pytest.mark.usefixtures("bot")
async def test_a_second_instance_on_the_token_is_said_once_per_instance(
    logged: Logged, second_instance: Settings, clock: ManualClock, emulator: BotApiEmulator
) -> None:
    """Two bots long-polling one token get 409 in turn; each says so in one line, and none
    logs a traceback."""
    async with running_bot(second_instance, clock=clock):
        await emulator.wait_until(
            lambda: len([c for c in emulator.calls_to("getUpdates") if c.error_code == 409]) >= 3,
            timeout=20,
        )
    said = logged.containing("another instance of the bot is polling Telegram with this token")
    assert len(said) == 2, "one line for each instance, however many 409s"
    assert all(r.exc_info is None for r in logged.records)
    assert [r for r in logged.records if r.levelno >= logging.ERROR] == said
