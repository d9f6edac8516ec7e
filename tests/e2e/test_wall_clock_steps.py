"""`rehab-bot run` under libfaketime, its wall clock stepped back and forth while it dispatches.

The real process, against the emulator over loopback and a real database. libfaketime is
preloaded into it and reads the clock offset from a file on every call, so the test steps the
process's wall clock as NTP or a resumed virtual machine would; its monotonic clock is left
alone, as such a step leaves it. Everyone else (this test, the emulator, the database server)
keeps the real time.
"""

from __future__ import annotations

import asyncio
import glob
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot

from emulator import DEFAULT_TOKEN, BotApiEmulator, ChatMessage
from scheduler.clock import BELIEVE_STEP_AFTER
from storage.models import Delivery, DeliveryStatus, Schedule
from tests.e2e import bot_process
from tests.factories import onboarded_user

ZONE = ZoneInfo("Europe/London")
PER_GROUP = 10
# Seconds allowed for the process to start, or for a group's reminders to arrive once due.
PATIENCE = 20.0
# Left between a step and the first reminder due after it, so the dispatcher (a pass a second)
# runs a few passes on the stepped clock before anything falls due.
LEAD = timedelta(seconds=5)
# Between the groups' reminder times, which are set to the second so the test waits seconds, not
# minutes.
APART = timedelta(seconds=10)
BACK = timedelta(hours=-2)
DAY = timedelta(days=1)


def find_libfaketime() -> str | None:
    """The libfaketime shared object: $LIBFAKETIME, or where Linux packages install it."""
    if chosen := os.environ.get("LIBFAKETIME"):
        return chosen  # named on purpose (CI does): the test checks that the process loaded it
    for pattern in (
        "/usr/lib/*/faketime/libfaketime.so.1",  # Debian, Ubuntu (package faketime)
        "/usr/lib/faketime/libfaketime.so.1",
        "/usr/lib64/faketime/libfaketime.so.1",  # Fedora
        "/usr/local/lib/faketime/libfaketime.so.1",  # make install from source
    ):
        if found := sorted(glob.glob(pattern)):
            return found[0]
    return None


LIBFAKETIME = find_libfaketime()
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or LIBFAKETIME is None,
    reason="libfaketime not found (Debian/Ubuntu: apt-get install faketime; "
    "or set LIBFAKETIME to its libfaketime.so.1): the wall-clock step test needs it",
)


class SteppedWallClock:
    """The offset of the bot process's wall clock from the real one, in libfaketime's file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = timedelta(0)
        self.set(self.offset)

    def set(self, offset: timedelta) -> None:
        """Step the process's wall clock to the real time plus offset, from its next reading."""
        draft = self.path.with_suffix(".draft")
        draft.write_text(f"{int(offset.total_seconds()):+d}\n")
        draft.replace(self.path)  # whole at once: the library may read it at any moment
        self.offset = offset

    def now(self) -> datetime:
        """Return what the process's wall clock reads now."""
        return datetime.now(UTC) + self.offset


async def start_bot(
    url: str, emulator: BotApiEmulator, log: Path, wall_clock: SteppedWallClock
) -> asyncio.subprocess.Process:
    """Start `rehab-bot run` with libfaketime preloaded, reading its offset from the file."""
    assert LIBFAKETIME is not None
    faking = {
        "LD_PRELOAD": LIBFAKETIME,
        "FAKETIME_TIMESTAMP_FILE": str(wall_clock.path),
        "FAKETIME_NO_CACHE": "1",  # read the file on every call, so a step is seen at once
        # A step of the wall clock leaves the monotonic clock alone.
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        # File times stay true, so Python's byte-code cache does not look stale after a step.
        "NO_FAKE_STAT": "1",
    }
    # FAKETIME would take precedence over the file.
    return await bot_process.start_bot(
        url, emulator, log, extra_env=faking, without=frozenset({"FAKETIME"})
    )


def faked(pid: int) -> bool:
    """Whether libfaketime is mapped into the process: the loader only warns about a preload
    it cannot find, and the process would run on the true clock."""
    return "libfaketime" in Path(f"/proc/{pid}/maps").read_text()


async def open_chats(emulator: BotApiEmulator, groups: int) -> list[list[int]]:
    """Groups of people who wrote /start; the bot under test is not to answer it."""
    people = []
    for _ in range(groups):
        group = []
        for _ in range(PER_GROUP):
            user = emulator.new_user()
            emulator.send_text(user, "/start")
            group.append(user.id)
        people.append(group)
    async with Bot(DEFAULT_TOKEN, base_url=emulator.base_url) as reader:
        updates = await reader.get_updates(timeout=0)
        await reader.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    return people


async def onboard(
    sessionmaker: async_sessionmaker[AsyncSession],
    people: Iterable[int],
    *,
    now: datetime,
    due: datetime,
) -> None:
    """Set people up at `now` (the bot's time) with a daily reminder next due at `due`."""
    reminder = due.astimezone(ZONE).time()
    for person in people:
        await onboarded_user(sessionmaker, now=now, user_id=person, reminder=reminder)


def whole_second(instant: datetime) -> datetime:
    """An instant without its fraction of a second, as a reminder time is kept."""
    return instant.replace(microsecond=0)


def patience_until(due: datetime) -> float:
    """Seconds to wait for a reminder due at `due` on the bot's true time (2 h back): until
    then, and PATIENCE more."""
    return (due - (datetime.now(UTC) + BACK)).total_seconds() + PATIENCE


def reached(emulator: BotApiEmulator, people: Iterable[int]) -> dict[int, list[ChatMessage]]:
    """The bot's messages to each person."""
    return {person: emulator.bot_messages(person) for person in people}


def all_reached(emulator: BotApiEmulator, people: Iterable[int]) -> bool:
    """Whether every one of the people has at least one message from the bot."""
    return all(reached(emulator, people).values())


async def deliveries(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> list[tuple[int, DeliveryStatus]]:
    """Every row of the delivery ledger: whose, and its status."""
    async with sessionmaker() as session:
        rows = await session.execute(select(Delivery.user_id, Delivery.status))
        return [(person, status) for person, status in rows.all()]


async def next_due(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[int, datetime]:
    """When each person's daily reminder is next due."""
    async with sessionmaker() as session:
        rows = await session.execute(select(Schedule.user_id, Schedule.next_due_at))
        return {user_id: due.astimezone(UTC) for user_id, due in rows.all()}


async def test_wall_clock_steps_neither_stall_dispatching_nor_miss_or_double_a_reminder(
    database_url: str,
    sessionmaker: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    """Stepped back 2 h, the bot sends what falls due on its new time at once; stepped a day
    ahead and set right within 5 minutes, it marks nothing missed, sends nothing early or
    twice, and keeps sending each reminder at its time: one each, in the chat and the ledger."""
    log = tmp_path / "bot.log"
    wall_clock = SteppedWallClock(tmp_path / "faketime.rc")
    async with BotApiEmulator(token=DEFAULT_TOKEN) as emulator:
        earlier, stepped_back, during_leap, after_leap, tonight = await open_chats(emulator, 5)
        # Due a minute ago (set up yesterday): once they have theirs, the bot is dispatching.
        now = wall_clock.now()
        due_before = whole_second(now) - timedelta(minutes=1)
        await onboard(sessionmaker, earlier, now=now - DAY, due=due_before)
        bot = await start_bot(database_url, emulator, log, wall_clock)
        try:
            await emulator.wait_until(
                lambda: all_reached(emulator, earlier) or bot.returncode is not None, PATIENCE
            )
            assert all_reached(emulator, earlier), log.read_text()
            assert faked(bot.pid), f"{LIBFAKETIME} was not preloaded: {log.read_text()}"

            # (a) Two hours back. People set up on the new time, due in its next seconds.
            wall_clock.set(BACK)
            now = wall_clock.now()
            first = whole_second(now + LEAD)
            dues = {
                tuple(stepped_back): first,
                tuple(during_leap): first + APART,
                tuple(after_leap): first + 2 * APART,
                tuple(tonight): first + timedelta(hours=3),
            }
            for group, due in dues.items():
                await onboard(sessionmaker, group, now=now, due=due)
            await emulator.wait_until(
                lambda: all_reached(emulator, stepped_back) or bot.returncode is not None,
                patience_until(first),
            )
            assert all_reached(emulator, stepped_back), "dispatching stalled after the step back"

            # (b) A day ahead, set right once the next group's time has come and gone.
            wall_clock.set(BACK + DAY)
            leapt = time.monotonic()
            await emulator.wait_until(
                lambda: all_reached(emulator, during_leap) or bot.returncode is not None,
                patience_until(first + APART),
            )
            lasted = timedelta(seconds=time.monotonic() - leapt)
            wall_clock.set(BACK)
            assert all_reached(emulator, during_leap), "what fell due while ahead did not go"
            assert lasted < BELIEVE_STEP_AFTER, f"the leap lasted {lasted}, not under 5 min"
            await emulator.wait_until(
                lambda: all_reached(emulator, after_leap) or bot.returncode is not None,
                patience_until(first + 2 * APART),
            )
            assert all_reached(emulator, after_leap), "dispatching stalled after the correction"
        finally:
            if bot.returncode is None:
                bot.send_signal(signal.SIGTERM)
            await bot.wait()
        assert bot.returncode == 0, log.read_text()
        everyone = [*earlier, *stepped_back, *during_leap, *after_leap, *tonight]
        chats = reached(emulator, everyone)

    # In the chats: one reminder each, none before its time on the bot's true time.
    owed = {*earlier, *stepped_back, *during_leap, *after_leap}
    assert {person: len(chats[person]) for person in everyone} == {
        person: int(person in owed) for person in everyone
    }, "one reminder for each person due, none for tonight's, none twice"
    for group, due in dues.items():
        sent = [datetime.fromtimestamp(chats[p][0].date, UTC) for p in group if chats[p]]
        # The emulator dates messages on the real clock, in whole seconds.
        assert all(at + BACK >= due - timedelta(seconds=1) for at in sent), f"sent early: {due}"

    # In the ledger: one row each, sent; nothing missed; tonight's still due tonight.
    rows = await deliveries(sessionmaker)
    assert Counter(person for person, _ in rows) == Counter(owed)
    assert {status for _, status in rows} == {DeliveryStatus.SENT}, rows
    planned = await next_due(sessionmaker)
    for group, due in dues.items():
        moved_on = due if group == tuple(tonight) else due + DAY
        assert {planned[p] for p in group} == {moved_on}, f"the slot due at {due} moved wrongly"
    assert all(planned[p] > wall_clock.now() for p in earlier)
