"""The reminder dispatcher on a real database, sending through PTB to the Bot API emulator."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot

from bot.views.scheduled_messages import compose
from emulator import BotApiEmulator, EmulatedUser
from scheduler.clock import Clock, ManualClock, SteadyClock
from scheduler.dispatcher import (
    NOT_SENT_IN_TIME,
    ComposeMessages,
    DispatchReport,
    ReminderDispatcher,
)
from scheduler.rate_limit import RateLimiter
from scheduler.sending import (
    IN_DOUBT,
    MessageSender,
    OutgoingMessage,
    SendResult,
    TelegramRequest,
    TelegramSender,
)
from storage import reminders, users
from storage.models import Delivery, DeliveryStatus, Schedule, User, UserStatus
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
    async with Bot(TOKEN, base_url=emulator.base_url, request=TelegramRequest()) as plain:
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
    clock_view: Clock | None = None,
) -> ReminderDispatcher:
    """Build the dispatcher as the application does (which gives it a SteadyClock view)."""
    return ReminderDispatcher(
        sessionmaker=sessionmaker,
        clock=clock if clock_view is None else clock_view,
        sender=sender,
        compose=compose_with,
        grace=timedelta(hours=2),
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


async def retry_times(sessionmaker: async_sessionmaker[AsyncSession]) -> list[datetime | None]:
    """Return when each ledger row is to be tried again, in insertion order."""
    async with sessionmaker() as session:
        return list(await session.scalars(select(Delivery.retry_at).order_by(Delivery.id)))


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


async def test_a_crash_between_claim_and_send_is_made_good_at_restart(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """A claim a crash left unmarked goes at once when the next process starts, not after
    the lease."""
    clock = ManualClock(NOW + timedelta(hours=1))
    user = await person(emulator, sessionmaker, time(8, 0))
    with pytest.raises(asyncio.CancelledError):
        await dispatcher_for(sessionmaker, clock, sender, compose_then_crash).run_once()
    assert await statuses(sessionmaker) == [DeliveryStatus.CLAIMED]

    clock.advance(timedelta(seconds=20))
    restarted = dispatcher_for(sessionmaker, clock, sender)
    assert (await restarted.run_once()).sent == 1
    assert await statuses(sessionmaker) == [DeliveryStatus.SENT]
    assert len(emulator.bot_messages(user.id)) == 1


async def test_a_claim_of_a_running_process_waits_for_its_lease(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """A claim made after this process started may be another pass's, still on its way: it
    is taken up only once the lease has passed."""
    clock = ManualClock(NOW + timedelta(hours=1))
    user = await person(emulator, sessionmaker, time(8, 0))
    running = dispatcher_for(sessionmaker, clock, sender)
    clock.advance(timedelta(seconds=5))
    with pytest.raises(asyncio.CancelledError):
        await dispatcher_for(sessionmaker, clock, sender, compose_then_crash).run_once()
    assert (await running.run_once()).sent == 0
    clock.advance(timedelta(minutes=6))
    assert (await running.run_once()).sent == 1
    assert len(emulator.bot_messages(user.id)) == 1


async def test_a_crash_between_send_and_completion_never_sends_twice(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """Once sending started, a crash leaves the outcome unknown: it is recorded in doubt at
    the restart, not resent."""
    clock = ManualClock(NOW + timedelta(hours=1))
    user = await person(emulator, sessionmaker, time(8, 0))
    with pytest.raises(asyncio.CancelledError):
        await dispatcher_for(sessionmaker, clock, CrashAfterSending(sender)).run_once()
    assert len(emulator.bot_messages(user.id)) == 1
    assert await statuses(sessionmaker) == [DeliveryStatus.SENDING]

    clock.advance(timedelta(seconds=20))
    restarted = dispatcher_for(sessionmaker, clock, sender)
    assert (await restarted.run_once()).sent == 0
    assert len(emulator.bot_messages(user.id)) == 1, "the reminder went out once"
    async with sessionmaker() as session:
        delivery = await session.scalar(select(Delivery))
    assert delivery is not None
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.IN_DOUBT, 1)
    assert delivery.error == reminders.INTERRUPTED


async def test_a_cancel_mid_batch_sends_the_rest_at_restart_and_nothing_twice(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """Cancelled while a message travels: that one is in doubt, the ones after it go at once
    after the restart.

    The ledger marks each message while the one before it travels; a cancel takes back the
    mark of the next one, which never left.
    """
    clock = ManualClock(NOW + timedelta(hours=1))
    people = [await person(emulator, sessionmaker, time(8, 0)) for _ in range(5)]
    stopping = StopAfterSending(sender, stop_at=2)
    with pytest.raises(asyncio.CancelledError):
        await dispatcher_for(sessionmaker, clock, stopping).run_once()
    assert sum(len(emulator.bot_messages(p.id)) for p in people) == 2

    report = await dispatcher_for(sessionmaker, clock, sender).run_once()
    assert (report.sent, report.failed, report.in_doubt) == (3, 0, 1)
    assert [len(emulator.bot_messages(p.id)) for p in people] == [1] * 5
    sent, in_doubt = DeliveryStatus.SENT, DeliveryStatus.IN_DOUBT
    assert await statuses(sessionmaker) == [sent, in_doubt, sent, sent, sent]


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

    stopping = dispatcher_for(sessionmaker, clock, StopsTheBot())
    assert (await stopping.run_once()).sent == 2
    assert await statuses(sessionmaker) == [DeliveryStatus.SENT] * 2 + [DeliveryStatus.CLAIMED] * 3
    async with sessionmaker() as session:
        handed_back = list(await session.scalars(select(Delivery.attempts).order_by(Delivery.id)))
    assert handed_back == [1, 1, 0, 0, 0], "the third was marked, and its mark taken back"

    clock.advance(timedelta(seconds=10))
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


async def test_a_503_is_retried_with_backoff_within_the_pass(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
    sleeps: RecordedSleeps,
) -> None:
    """A 503 says the request was not taken: it is tried again after 1 s, then 2 s."""
    clock = ManualClock(NOW + timedelta(hours=1))
    lucky = await person(emulator, sessionmaker, time(8, 0))
    emulator.fail_next("sendMessage", error_code=503, times=2)
    assert (await dispatcher_for(sessionmaker, clock, sender).run_once()).sent == 1
    assert sleeps.seconds == [1.0, 2.0]
    assert len(emulator.bot_messages(lucky.id)) == 1


@pytest.mark.parametrize("error_code", [500, 502, 504])
async def test_a_server_error_that_may_follow_delivery_is_in_doubt_not_retried(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
    error_code: int,
) -> None:
    """500, 502 and 504 can come after Telegram took the message: recorded in doubt, one try."""
    clock = ManualClock(NOW + timedelta(hours=1))
    await person(emulator, sessionmaker, time(8, 0))
    emulator.fail_next("sendMessage", error_code=error_code)
    dispatcher = dispatcher_for(sessionmaker, clock, sender)
    report = await dispatcher.run_once()
    assert (report.sent, report.in_doubt, report.failed) == (0, 1, 0)
    clock.advance(timedelta(minutes=30))
    await dispatcher.run_once()
    assert len(emulator.calls_to("sendMessage")) == 1, "one attempt, never a second"
    assert await statuses(sessionmaker) == [DeliveryStatus.IN_DOUBT]


async def test_an_outage_is_retried_across_passes_with_backoff_until_it_goes(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """Sends that certainly failed wait 30 s, then 60 s, and go once Telegram answers again."""
    clock = ManualClock(NOW + timedelta(hours=1))
    people = [await person(emulator, sessionmaker, time(8, 0)) for _ in range(3)]
    # Two passes' worth of attempts (three each) on the first message, then Telegram is back.
    emulator.fail_next("sendMessage", error_code=503, times=6)
    dispatcher = dispatcher_for(sessionmaker, clock, sender)

    first = await dispatcher.run_once()
    assert (first.sent, first.failed, first.retrying) == (0, 0, 3)
    assert len(emulator.calls_to("sendMessage")) == 3, "the pass ends once Telegram is down"
    assert await retry_times(sessionmaker) == [clock.now() + timedelta(seconds=30)] * 3
    assert (await dispatcher.run_once()).retrying == 0, "nothing is tried before its time"

    clock.advance(timedelta(seconds=30))
    assert (await dispatcher.run_once()).retrying == 3
    assert (await retry_times(sessionmaker))[0] == clock.now() + timedelta(seconds=60)

    clock.advance(timedelta(seconds=60))
    assert (await dispatcher.run_once()).sent == 3
    assert [len(emulator.bot_messages(p.id)) for p in people] == [1, 1, 1]
    assert await statuses(sessionmaker) == [DeliveryStatus.SENT] * 3


async def test_a_reminder_is_never_failed_while_its_grace_window_is_open(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """Telegram unreachable for longer than the grace window: the reminder stays claimed,
    retried, until the window closes; only then is it recorded failed."""
    due = NOW + timedelta(hours=1)
    clock = ManualClock(due)
    user = await person(emulator, sessionmaker, time(8, 0))
    emulator.fail_next("sendMessage", error_code=503, times=10_000)
    dispatcher = dispatcher_for(sessionmaker, clock, sender)
    while clock.now() < due + timedelta(hours=2):
        await dispatcher.run_once()
        assert await statuses(sessionmaker) == [DeliveryStatus.CLAIMED]
        clock.advance(timedelta(minutes=1))
    await dispatcher.run_once()
    attempts = len(emulator.calls_to("sendMessage"))
    assert attempts > 3 * 10, "tried again and again, with growing waits"
    clock.advance(timedelta(minutes=1))
    await dispatcher.run_once()
    assert await statuses(sessionmaker) == [DeliveryStatus.FAILED]
    assert len(emulator.calls_to("sendMessage")) == attempts, "not tried after the window"
    assert emulator.bot_messages(user.id) == []
    async with sessionmaker() as session:
        error = await session.scalar(select(Delivery.error))
    assert error is not None
    assert error.startswith(NOT_SENT_IN_TIME)


@pytest.mark.parametrize(("answers", "passes"), [(10, 1), (25, 3)])
async def test_ten_429s_in_a_row_do_not_drop_a_reminder(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
    answers: int,
    passes: int,
) -> None:
    """A 429 proves the message was not taken: waited out ten times, then tried again later."""
    clock = ManualClock(NOW + timedelta(hours=1))
    user = await person(emulator, sessionmaker, time(8, 0))
    emulator.fail_next("sendMessage", error_code=429, retry_after=1, times=answers)
    dispatcher = dispatcher_for(sessionmaker, clock, sender)
    for _ in range(passes):
        await dispatcher.run_once()
        clock.advance(timedelta(minutes=1))
    assert await statuses(sessionmaker) == [DeliveryStatus.SENT]
    assert len(emulator.bot_messages(user.id)) == 1


async def test_a_refused_connection_is_retried_after_a_restart(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
    sleeps: RecordedSleeps,
) -> None:
    """Nothing listens where the bot sends: the request never left, so a later process sends it."""
    clock = ManualClock(NOW + timedelta(hours=1))
    user = await person(emulator, sessionmaker, time(8, 0))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    unreachable = Bot(TOKEN, base_url=f"http://127.0.0.1:{closed_port}/bot")
    # Its requests only: initialising the whole bot would ask the closed port who it is.
    await unreachable.request.initialize()
    try:
        limiter = RateLimiter(per_second=1000, per_chat_per_second=1000, sleep=sleeps)
        cut_off = TelegramSender(unreachable, limiter=limiter, sleep=sleeps)
        report = await dispatcher_for(sessionmaker, clock, cut_off).run_once()
    finally:
        await unreachable.request.shutdown()
    assert (report.retrying, report.failed, report.in_doubt) == (1, 0, 0)
    assert await statuses(sessionmaker) == [DeliveryStatus.CLAIMED]

    clock.advance(timedelta(seconds=30))
    assert (await dispatcher_for(sessionmaker, clock, sender).run_once()).sent == 1
    assert len(emulator.bot_messages(user.id)) == 1


@pytest.mark.parametrize("lost_with", [None, 502], ids=["dropped", "proxy-502"])
async def test_a_message_stored_before_its_answer_was_lost_is_sent_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
    lost_with: int | None,
) -> None:
    """Telegram stored the message, then the connection dropped (or a proxy answered 502):
    recorded in doubt, never sent again; everyone gets exactly one copy."""
    clock = ManualClock(NOW + timedelta(hours=1))
    people = [await person(emulator, sessionmaker, time(8, 0)) for _ in range(4)]
    unlucky = people[1]
    emulator.lose_answer_next("sendMessage", lost_with, chat_id=unlucky.id)
    dispatcher = dispatcher_for(sessionmaker, clock, sender)
    report = await dispatcher.run_once()
    assert (report.sent, report.in_doubt) == (3, 1)
    for later in (timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1)):
        clock.advance(later)
        await dispatcher_for(sessionmaker, clock, sender).run_once()
    assert [len(emulator.bot_messages(p.id)) for p in people] == [1, 1, 1, 1]
    async with sessionmaker() as session:
        doubted = await session.scalar(
            select(Delivery).where(Delivery.status == DeliveryStatus.IN_DOUBT)
        )
    assert doubted is not None
    assert doubted.user_id == unlucky.id


async def test_a_timeout_is_recorded_in_doubt_not_sent_twice(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sleeps: RecordedSleeps,
) -> None:
    """Telegram took the message but the answer came too late: it is not sent again."""
    clock = ManualClock(NOW + timedelta(hours=1))
    user = await person(emulator, sessionmaker, time(8, 0))
    emulator.delay_next("sendMessage", 1.0)
    async with Bot(
        TOKEN, base_url=emulator.base_url, request=TelegramRequest(read_timeout=0.2)
    ) as impatient:
        limiter = RateLimiter(per_second=1000, per_chat_per_second=1000, sleep=sleeps)
        sender = TelegramSender(impatient, limiter=limiter, sleep=sleeps)
        report = await dispatcher_for(sessionmaker, clock, sender).run_once()
        await emulator.wait_until(lambda: len(emulator.bot_messages(user.id)) == 1)
    assert (report.sent, report.in_doubt) == (0, 1)
    assert len(emulator.calls_to("sendMessage")) == 1, "one attempt, never a second"
    async with sessionmaker() as session:
        delivery = await session.scalar(select(Delivery))
    assert delivery is not None
    assert delivery.status is DeliveryStatus.IN_DOUBT
    assert delivery.error is not None
    assert delivery.error.startswith(IN_DOUBT)


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


async def test_a_forward_step_corrected_within_minutes_marks_nothing_missed(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """The wall clock jumps a day ahead for 25 s: nothing is missed, nothing goes early, and
    the reminders due meanwhile go at their time."""
    wall = ManualClock(NOW + timedelta(minutes=59, seconds=50))  # 07:59:50 in London
    people = [await person(emulator, sessionmaker, time(8, 0)) for _ in range(30)]
    dispatcher = dispatcher_for(sessionmaker, wall, sender, clock_view=SteadyClock(wall))
    assert (await dispatcher.run_once()).sent == 0
    wall.step(timedelta(days=1))
    wall.advance(timedelta(seconds=5))
    assert (await dispatcher.run_once()) == DispatchReport(), "tomorrow's are not sent today"
    wall.advance(timedelta(seconds=20))
    assert (await dispatcher.run_once()).sent == 30, "today's 08:00 went at 08:00:15"
    wall.step(timedelta(days=-1))
    wall.advance(timedelta(minutes=10))
    assert (await dispatcher.run_once()) == DispatchReport()
    assert [len(emulator.bot_messages(p.id)) for p in people] == [1] * 30
    assert set(await statuses(sessionmaker)) == {DeliveryStatus.SENT}
    async with sessionmaker() as session:
        due = set(await session.scalars(select(Schedule.next_due_at)))
    assert due == {NOW + timedelta(days=1, hours=1)}, "next due tomorrow, not the day after"


async def test_a_step_back_sends_nothing_twice(
    sessionmaker: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    sender: TelegramSender,
) -> None:
    """After today's reminder went, the clock steps back 2 h past its time: it is not resent,
    and the next one goes on its day."""
    wall = ManualClock(NOW + timedelta(hours=1, minutes=30))
    user = await person(emulator, sessionmaker, time(8, 0))
    dispatcher = dispatcher_for(sessionmaker, wall, sender, clock_view=SteadyClock(wall))
    assert (await dispatcher.run_once()).sent == 1
    wall.step(timedelta(hours=-2))
    for _ in range(3):
        wall.advance(timedelta(hours=1))
        assert (await dispatcher.run_once()).sent == 0
    wall.advance(timedelta(days=1))
    assert (await dispatcher.run_once()).sent == 1
    assert len(emulator.bot_messages(user.id)) == 2
