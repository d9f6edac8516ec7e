"""`rehab-bot run` killed or stopped in the middle of a batch, then started again.

The real process, against the emulator over loopback and a real database: per person, exactly
one reminder arrives, or the ledger says it is in doubt; a hard kill leaves at most two in doubt.
"""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot

from emulator import DEFAULT_TOKEN, BotApiEmulator
from storage.engine import create_engine, create_sessionmaker
from storage.migrations import upgrade_to_head
from storage.models import Delivery, DeliveryStatus
from tests.conftest import MakeDatabaseUrl
from tests.e2e.bot_process import start_bot
from tests.factories import onboarded_user

PEOPLE = 60
# Seconds allowed for a process to start, or to get through the people (at 30 a second).
PATIENCE = 20.0


@pytest.fixture
async def sessionmaker_on(
    make_database_url: MakeDatabaseUrl,
) -> AsyncIterator[tuple[str, async_sessionmaker[AsyncSession]]]:
    """A migrated database on each backend, with its URL for the bot's process."""
    url = await make_database_url()
    engine = create_engine(url)
    await upgrade_to_head(engine)
    try:
        yield url, create_sessionmaker(engine)
    finally:
        await engine.dispose()


async def due_a_minute_ago(
    emulator: BotApiEmulator, sessionmaker: async_sessionmaker[AsyncSession]
) -> list[int]:
    """People in London whose daily reminder fell due a minute ago, on the real clock."""
    now = datetime.now(UTC)
    zone = ZoneInfo("Europe/London")
    reminder = (now - timedelta(minutes=1)).astimezone(zone).time().replace(second=0, microsecond=0)
    people = []
    for _ in range(PEOPLE):
        user = emulator.new_user()
        emulator.send_text(user, "/start")
        # Set up yesterday: the next reminder is today's, already due.
        await onboarded_user(
            sessionmaker, now=now - timedelta(days=1), user_id=user.id, reminder=reminder
        )
        people.append(user.id)
    # Their /start made their chats; the bot under test is not to answer it.
    async with Bot(DEFAULT_TOKEN, base_url=emulator.base_url) as reader:
        updates = await reader.get_updates(timeout=0)
        await reader.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    return people


def reached(emulator: BotApiEmulator, people: list[int]) -> dict[int, int]:
    """How many reminders each person has."""
    return {person: len(emulator.bot_messages(person)) for person in people}


async def ledger(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[int, DeliveryStatus]:
    """The status of each person's reminder."""
    async with sessionmaker() as session:
        rows = await session.execute(select(Delivery.user_id, Delivery.status))
        return dict(rows.all())


@pytest.mark.parametrize("stop_with", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
async def test_a_process_ended_mid_batch_leaves_one_copy_each_or_at_most_two_in_doubt(
    sessionmaker_on: tuple[str, async_sessionmaker[AsyncSession]],
    tmp_path: Path,
    stop_with: signal.Signals,
) -> None:
    """Ended while sending: after the restart everyone has exactly one reminder, or is recorded
    in doubt (at most two, and only after a kill); the rest go at once, not after a lease."""
    url, sessionmaker = sessionmaker_on
    log = tmp_path / "bot.log"
    async with BotApiEmulator(token=DEFAULT_TOKEN) as emulator:
        people = await due_a_minute_ago(emulator, sessionmaker)
        first = await start_bot(url, emulator, log)
        try:
            await emulator.wait_until(
                lambda: len(emulator.calls_to("sendMessage")) >= 15 or first.returncode is not None,
                PATIENCE,
            )
        finally:
            if first.returncode is None:
                first.send_signal(stop_with)
            await first.wait()
        left = await ledger(sessionmaker)
        marked = [p for p, status in left.items() if status is DeliveryStatus.SENDING]
        unsent = [p for p, status in left.items() if status is DeliveryStatus.CLAIMED]
        assert unsent, f"the process was to end mid-batch: {log.read_text()}"
        assert len(marked) <= (2 if stop_with is signal.SIGKILL else 0)
        before = reached(emulator, people)

        second = await start_bot(url, emulator, log)
        try:
            await emulator.wait_until(
                lambda: all(reached(emulator, unsent).values()) or second.returncode is not None,
                PATIENCE,
            )
        finally:
            if second.returncode is None:
                second.send_signal(signal.SIGTERM)
            await second.wait()
        assert second.returncode == 0, log.read_text()
        after = reached(emulator, people)
        final = await ledger(sessionmaker)

    assert set(after.values()) <= {0, 1}, "nobody got a reminder twice"
    assert [p for p in people if before[p] == 0 and p not in marked and after[p] == 0] == []
    in_doubt = {p for p, status in final.items() if status is DeliveryStatus.IN_DOUBT}
    assert in_doubt == set(marked), "marked ones are recorded in doubt, never sent again"
    assert {p for p in people if after[p] == 0} <= in_doubt
    assert set(final.values()) <= {DeliveryStatus.SENT, DeliveryStatus.IN_DOUBT}
