"""The reminder dispatcher on a real database, sending through PTB to the Bot API emulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.views.scheduled_messages import compose
from emulator import BotApiEmulator, EmulatedUser
from scheduler.clock import ManualClock
from scheduler.dispatcher import ComposeMessages, ReminderDispatcher
from scheduler.rate_limit import RateLimiter
from scheduler.sending import (
    TIMED_OUT,
    MessageSender,
    OutgoingMessage,
    SendResult,
    TelegramSender,
)
from storage import users
from storage.models import Delivery, DeliveryStatus, User, UserStatus
from storage.reminders import Claim
from tests.factories import onboarded_user

TOKEN = "123456:TEST-TOKEN"  # noqa: S105 (the emulator's test token)
NOW = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


class RecordedSleeps:
    """Stands in for asyncio.sleep: records how long the sender wanted to wait, without waiting."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        """Record one wait."""
        self.seconds.append(seconds)


class CrashAfterSending:
    """A real sender whose process dies, like a killed one, right after Telegram took a message."""

    def __init__(self, inner: MessageSender) -> None:
        self.inner = inner

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        """Send for real, then crash before the outcome can be recorded."""
        await self.inner.send(chat_id, message)
        raise asyncio.CancelledError


class StopAfterSending:
    """A real sender whose job is cancelled, as when the bot stops, once its n-th message went."""

    def __init__(self, inner: MessageSender, *, stop_at: int) -> None:
        self.inner = inner
        self.stop_at = stop_at
        self.sent = 0

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        """Send for real; after the n-th, stop before the outcome can be recorded."""
        result = await self.inner.send(chat_id, message)
        self.sent += 1
        if self.sent == self.stop_at:
            raise asyncio.CancelledError
        return result


async def compose_then_crash(
    session: AsyncSession,  # noqa: ARG001
    claims: Sequence[Claim],  # noqa: ARG001
) -> dict[int, OutgoingMessage]:
    """Die, like a killed process, after the claim was written and before anything was sent."""
    raise asyncio.CancelledError


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    """Start the Bot API emulator on a free loopback port."""
    async with BotApiEmulator(token=TOKEN) as running:
        yield running


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    """A plain PTB bot pointed at the emulator."""
    async with Bot(TOKEN, base_url=emulator.base_url) as plain:
        yield plain


@pytest.fixture
def sleeps() -> RecordedSleeps:
    """Waits the sender asked for."""
    return RecordedSleeps()


@pytest.fixture
def sender(bot: Bot, sleeps: RecordedSleeps) -> TelegramSender:
    """The production sender, with its waits recorded instead of slept (the limiter's apart)."""
    limiter = RateLimiter(per_second=1000, per_chat_per_second=1000, sleep=RecordedSleeps())
    return TelegramSender(bot, limiter=limiter, sleep=sleeps)


def dispatcher_for(
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: ManualClock,
    sender: MessageSender,
    compose_with: ComposeMessages = compose,
    *,
    group_size: int = 8,
) -> ReminderDispatcher:
    """Build the dispatcher as the application does."""
    return ReminderDispatcher(
        sessionmaker=sessionmaker,
        clock=clock,
        sender=sender,
        compose=compose_with,
        grace=timedelta(hours=2),
        group_size=group_size,
    )


async def person(
    emulator: BotApiEmulator, sessionmaker: async_sessionmaker[AsyncSession], at: time
) -> EmulatedUser:
    """Create a person who has talked to the bot and set a reminder time in London."""
    user = emulator.new_user()
    emulator.send_text(user, "/start")  # the chat must exist for Telegram to deliver to it
    await onboarded_user(sessionmaker, now=NOW, user_id=user.id, reminder=at)
    return user


async def statuses(sessionmaker: async_sessionmaker[AsyncSession]) -> list[DeliveryStatus]:
    """Return the ledger's statuses in insertion order."""
    async with sessionmaker() as session:
        return list(await session.scalars(select(Delivery.status).order_by(Delivery.id)))


async def test_each_slot_is_sent_once_however_often_the_job_runs(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """Running the dispatcher again and again at the same time sends each reminder once."""
    clock = ManualClock(NOW)
    people = [await person(emulator, sessionmaker, time(8, 0)) for _ in range(5)]
    dispatcher = dispatcher_for(sessionmaker, clock, sender)
    assert (await dispatcher.run_once()).sent == 0
    clock.advance(timedelta(hours=1))
    reports = [await dispatcher.run_once() for _ in range(3)]
    assert [r.sent for r in reports] == [5, 0, 0]
    assert all(len(emulator.bot_messages(p.id)) == 1 for p in people)


async def test_a_crash_between_claim_and_send_is_made_good_after_restart(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """A claim left by a crash is sent by the next process once its lease has passed."""
    clock = ManualClock(NOW + timedelta(hours=1))
    user = await person(emulator, sessionmaker, time(8, 0))
    with pytest.raises(asyncio.CancelledError):
        await dispatcher_for(sessionmaker, clock, sender, compose_then_crash).run_once()
    assert await statuses(sessionmaker) == [DeliveryStatus.CLAIMED]

    restarted = dispatcher_for(sessionmaker, clock, sender)
    assert (await restarted.run_once()).sent == 0, "a fresh claim may still be in flight"
    clock.advance(timedelta(minutes=6))
    assert (await restarted.run_once()).sent == 1
    assert await statuses(sessionmaker) == [DeliveryStatus.SENT]
    assert len(emulator.bot_messages(user.id)) == 1


async def test_a_crash_between_send_and_completion_never_sends_twice(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """Once sending started, a crash leaves the outcome unknown: it is recorded, not resent."""
    clock = ManualClock(NOW + timedelta(hours=1))
    user = await person(emulator, sessionmaker, time(8, 0))
    with pytest.raises(asyncio.CancelledError):
        await dispatcher_for(sessionmaker, clock, CrashAfterSending(sender)).run_once()
    assert len(emulator.bot_messages(user.id)) == 1
    assert await statuses(sessionmaker) == [DeliveryStatus.CLAIMED]

    clock.advance(timedelta(minutes=6))
    restarted = dispatcher_for(sessionmaker, clock, sender)
    assert (await restarted.run_once()).sent == 0
    assert len(emulator.bot_messages(user.id)) == 1, "the reminder went out once"
    async with sessionmaker() as session:
        delivery = await session.scalar(select(Delivery))
    assert delivery is not None
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert delivery.error == "interrupted while sending; not sent again"


@pytest.mark.parametrize("group_size", [1, 3])
async def test_a_stop_mid_batch_sends_the_rest_after_restart_and_nothing_twice(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
    group_size: int,
) -> None:
    """Stopped while a message travels: that one is not resent, the ones after it go later.

    The ledger marks messages ahead of sending them, a group at a time; a stop takes back the
    marks of messages that never left, whether in the same group or the next one.
    """
    clock = ManualClock(NOW + timedelta(hours=1))
    people = [await person(emulator, sessionmaker, time(8, 0)) for _ in range(5)]
    stopping = StopAfterSending(sender, stop_at=2)
    with pytest.raises(asyncio.CancelledError):
        await dispatcher_for(sessionmaker, clock, stopping, group_size=group_size).run_once()
    assert sum(len(emulator.bot_messages(p.id)) for p in people) == 2

    clock.advance(timedelta(minutes=6))
    report = await dispatcher_for(sessionmaker, clock, sender, group_size=group_size).run_once()
    assert (report.sent, report.failed) == (3, 0)
    assert [len(emulator.bot_messages(p.id)) for p in people] == [1] * 5
    sent, failed = DeliveryStatus.SENT, DeliveryStatus.FAILED
    assert await statuses(sessionmaker) == [sent, failed, sent, sent, sent]


async def test_stopping_ends_a_pass_after_the_message_on_its_way(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """The bot stops without waiting for a long pass; what it did not send goes after restart."""
    clock = ManualClock(NOW + timedelta(hours=1))
    people = [await person(emulator, sessionmaker, time(8, 0)) for _ in range(5)]

    class StopsTheBot:
        """The real sender; the bot is told to stop while the second message travels."""

        async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
            if len(emulator.calls_to("sendMessage")) == 1:
                stopping.stop()
            return await sender.send(chat_id, message)

    stopping = dispatcher_for(sessionmaker, clock, StopsTheBot(), group_size=3)
    assert (await stopping.run_once()).sent == 2
    assert await statuses(sessionmaker) == [DeliveryStatus.SENT] * 2 + [DeliveryStatus.CLAIMED] * 3

    clock.advance(timedelta(minutes=6))
    assert (await dispatcher_for(sessionmaker, clock, sender).run_once()).sent == 3
    assert [len(emulator.bot_messages(p.id)) for p in people] == [1] * 5
    assert await statuses(sessionmaker) == [DeliveryStatus.SENT] * 5


async def test_a_claim_older_than_the_grace_window_is_not_sent(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """After a long outage, a reminder claimed before the crash is not sent hours late."""
    clock = ManualClock(NOW + timedelta(hours=1))
    user = await person(emulator, sessionmaker, time(8, 0))
    with pytest.raises(asyncio.CancelledError):
        await dispatcher_for(sessionmaker, clock, sender, compose_then_crash).run_once()
    clock.advance(timedelta(hours=3))
    await dispatcher_for(sessionmaker, clock, sender).run_once()
    assert emulator.bot_messages(user.id) == []


async def test_blocked_person_is_marked_and_the_batch_goes_on(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """A 403 marks that person blocked; everyone else in the batch still gets theirs."""
    clock = ManualClock(NOW + timedelta(hours=1))
    first, blocker, last = [await person(emulator, sessionmaker, time(8, 0)) for _ in range(3)]
    emulator.block(blocker)
    report = await dispatcher_for(sessionmaker, clock, sender).run_once()
    assert (report.sent, report.failed) == (2, 1)
    assert len(emulator.bot_messages(first.id)) == len(emulator.bot_messages(last.id)) == 1
    async with sessionmaker() as session:
        blocked = await session.get(User, blocker.id)
    assert blocked is not None
    assert blocked.status is UserStatus.BLOCKED


async def test_too_many_requests_waits_as_told_and_loses_nothing(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
    sleeps: RecordedSleeps,
) -> None:
    """A 429 with retry_after is waited out, then the reminder goes out."""
    clock = ManualClock(NOW + timedelta(hours=1))
    user = await person(emulator, sessionmaker, time(8, 0))
    emulator.fail_next(
        "sendMessage", error_code=429, description="Too Many Requests: retry after 7", retry_after=7
    )
    report = await dispatcher_for(sessionmaker, clock, sender).run_once()
    assert report.sent == 1
    assert 7.0 in sleeps.seconds
    assert len(emulator.bot_messages(user.id)) == 1


async def test_server_errors_are_retried_with_backoff_then_given_up(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
    sleeps: RecordedSleeps,
) -> None:
    """5xx answers are retried a bounded number of times with growing waits."""
    clock = ManualClock(NOW + timedelta(hours=1))
    lucky = await person(emulator, sessionmaker, time(8, 0))
    emulator.fail_next("sendMessage", error_code=502, description="Bad Gateway", times=2)
    assert (await dispatcher_for(sessionmaker, clock, sender).run_once()).sent == 1
    assert sleeps.seconds == [1.0, 2.0]
    assert len(emulator.bot_messages(lucky.id)) == 1

    clock.advance(timedelta(days=1))
    emulator.fail_next("sendMessage", error_code=500, description="Internal Server Error", times=9)
    report = await dispatcher_for(sessionmaker, clock, sender).run_once()
    assert (report.sent, report.failed) == (0, 1)
    assert await statuses(sessionmaker) == [DeliveryStatus.SENT, DeliveryStatus.FAILED]


async def test_a_timeout_is_recorded_not_sent_twice(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sleeps: RecordedSleeps,
) -> None:
    """Telegram took the message but the answer came too late: it is not sent again."""
    clock = ManualClock(NOW + timedelta(hours=1))
    user = await person(emulator, sessionmaker, time(8, 0))
    emulator.delay_next("sendMessage", 1.0)
    async with Bot(
        TOKEN, base_url=emulator.base_url, request=HTTPXRequest(read_timeout=0.2)
    ) as impatient:
        limiter = RateLimiter(per_second=1000, per_chat_per_second=1000, sleep=sleeps)
        sender = TelegramSender(impatient, limiter=limiter, sleep=sleeps)
        report = await dispatcher_for(sessionmaker, clock, sender).run_once()
        await emulator.wait_until(lambda: len(emulator.bot_messages(user.id)) == 1)
    assert (report.sent, report.failed) == (0, 1)
    assert len(emulator.calls_to("sendMessage")) == 1, "one attempt, never a second"
    async with sessionmaker() as session:
        delivery = await session.scalar(select(Delivery))
    assert delivery is not None
    assert (delivery.status, delivery.error) == (DeliveryStatus.FAILED, TIMED_OUT)


async def test_a_bad_request_is_recorded_not_retried(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """A 400 is stored with its description and not sent again."""
    clock = ManualClock(NOW + timedelta(hours=1))
    await person(emulator, sessionmaker, time(8, 0))
    emulator.fail_next("sendMessage", error_code=400, description="Bad Request: chat not found")
    report = await dispatcher_for(sessionmaker, clock, sender).run_once()
    assert report.failed == 1
    async with sessionmaker() as session:
        delivery = await session.scalar(select(Delivery))
    assert delivery is not None
    assert delivery.error == "Chat not found"
    assert len(emulator.calls_to("sendMessage")) == 1


async def test_people_not_yet_set_up_get_no_reminders(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """Someone who started over has no slots, so nothing is sent to them."""
    clock = ManualClock(NOW)
    user = await person(emulator, sessionmaker, time(8, 0))
    async with sessionmaker() as session, session.begin():
        await users.start_onboarding(session, user_id=user.id, chat_id=user.id, now=NOW)
    clock.advance(timedelta(days=2))
    assert (await dispatcher_for(sessionmaker, clock, sender).run_once()).sent == 0


async def test_two_dispatchers_at_once_send_no_doubles(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """Two dispatcher passes racing over the same due rows deliver each reminder exactly once."""
    clock = ManualClock(NOW)
    people = [await person(emulator, sessionmaker, time(8, 0)) for _ in range(20)]
    clock.advance(timedelta(hours=1))
    first, second = (
        dispatcher_for(sessionmaker, clock, sender),
        dispatcher_for(sessionmaker, clock, sender),
    )
    reports = await asyncio.gather(first.run_once(), second.run_once())
    assert sum(r.sent for r in reports) == 20
    assert [len(emulator.bot_messages(p.id)) for p in people] == [1] * 20
