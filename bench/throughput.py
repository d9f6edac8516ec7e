"""Benchmark 1: N people due in the same minute, sent over HTTP to the emulator.

(a) Emulator without limits, the bot's limiters opened wide: the dispatcher's messages per
second over those of a bare `bot.send_message` loop. Both send one message at a time.
(b) Emulator enforcing Telegram's 30 messages/s, the bot's limiters at their defaults: no 429
answers, and the last reminder out within 5% of N/30 seconds.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter, process_time
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.ext import ExtBot

from bench.databases import backend_name, fresh_database
from bench.emulator_host import EmulatorProcess, SendStats
from bench.population import load_people
from bench.results import Measurement
from bot.config import Settings
from bot.overall_limit import OverallRateLimiter
from bot.views.scheduled_messages import compose
from scheduler.clock import ManualClock
from scheduler.dispatcher import DispatchReport, ReminderDispatcher
from scheduler.rate_limit import RateLimiter
from scheduler.sending import MessageSender, TelegramSender
from storage.engine import create_engine, create_sessionmaker
from storage.migrations import upgrade_to_head

# Everyone's reminder comes due at this instant; the dispatcher runs half a minute later.
DUE = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
DISPATCH_AT = DUE + timedelta(seconds=30)

# Settings refuse MAX_MESSAGES_PER_SECOND above 30, so for (a) the limiter is built directly
# with a rate it never reaches: it still runs (lock, clock, per-chat map), it just never waits.
NO_LIMIT = 1_000_000.0

# Telegram's limits, which the emulator enforces in (b).
TELEGRAM_PER_SECOND = 30
TELEGRAM_PER_CHAT = 1

RATIO_TARGET = 0.8
TIME_TOLERANCE = 0.05


def setting_default(name: str) -> float:
    """Return a setting's shipped default, ignoring this machine's environment and .env."""
    return float(Settings.model_fields[name].default)


@dataclass(frozen=True)
class Run:
    """How long sending took, the CPU each side spent on it, and what the emulator saw."""

    messages: int
    seconds: float
    bot_cpu_seconds: float
    emulator_cpu_seconds: float
    stats: SendStats

    @property
    def per_second(self) -> float:
        """Messages per second."""
        return self.messages / self.seconds

    def cost(self) -> str:
        """Describe the CPU per message on each side of the HTTP connection."""
        bot_ms = self.bot_cpu_seconds / self.messages * 1000
        emulator_ms = self.emulator_cpu_seconds / self.messages * 1000
        return f"CPU/msg: bot {bot_ms:.1f} ms, emulator {emulator_ms:.1f} ms"


async def dispatch_throughput(*, users: int, database: str, workdir: Path) -> Measurement:
    """Measure (a): dispatcher throughput over a bare send loop's, emulator unlimited."""
    per_chat = setting_default("max_messages_per_chat_per_second")
    async with EmulatorProcess.running(users=users) as emulator:
        dispatched = await _dispatch_all(
            emulator, users=users, database=database, workdir=workdir, limits=(NO_LIMIT, per_chat)
        )
    first_message = dispatched.stats.first_message
    if first_message is None:
        raise RuntimeError("the dispatcher sent nothing")
    async with EmulatorProcess.running(users=users) as emulator:
        bare = await _bare_send_loop(emulator, users, first_message)
    ratio = dispatched.per_second / bare.per_second
    return Measurement(
        "1a dispatcher / bare send loop, emulator unlimited",
        backend_name(database),
        users,
        f"**{ratio:.2f}**: dispatcher {dispatched.per_second:,.0f} msg/s "
        f"({dispatched.seconds:.0f} s; {dispatched.cost()}), "
        f"bare loop {bare.per_second:,.0f} msg/s ({bare.cost()})",
        f"≥ {RATIO_TARGET:.2f}",
        ratio >= RATIO_TARGET,
    )


async def rate_limited(*, users: int, database: str, workdir: Path) -> list[Measurement]:
    """Measure (b): against Telegram's limits, no 429 and the last reminder out on time."""
    per_second = setting_default("max_messages_per_second")
    per_chat = setting_default("max_messages_per_chat_per_second")
    async with EmulatorProcess.running(
        users=users, per_second=TELEGRAM_PER_SECOND, per_chat_per_second=TELEGRAM_PER_CHAT
    ) as emulator:
        run = await _dispatch_all(
            emulator, users=users, database=database, workdir=workdir, limits=(per_second, per_chat)
        )
    too_many = run.stats.too_many_requests
    ideal = users / TELEGRAM_PER_SECOND
    off = run.seconds / ideal - 1
    backend = backend_name(database)
    name = f"1b emulator at {TELEGRAM_PER_SECOND}/s, dispatcher at {per_second:g}/s"
    return [
        Measurement(f"{name}: 429 answers", backend, users, f"{too_many}", "0", too_many == 0),
        Measurement(
            f"{name}: last reminder out",
            backend,
            users,
            f"{run.seconds:.1f} s ({off:+.1%} of N/30 = {ideal:.1f} s)",
            f"within ±{TIME_TOLERANCE:.0%}",
            abs(off) <= TIME_TOLERANCE,
        ),
    ]


async def _dispatch_all(
    emulator: EmulatorProcess,
    *,
    users: int,
    database: str,
    workdir: Path,
    limits: tuple[float, float],
) -> Run:
    """Load `users` people due now and time one dispatcher pass sending to all of them.

    As in the application, the sender spaces its messages with limits (overall, per chat) and
    python-telegram-bot spaces every message of the bot again with the overall limit.
    """
    per_second, per_chat = limits
    async with fresh_database(database, workdir, f"due-{users}") as url:
        engine = create_engine(url)
        try:
            await upgrade_to_head(engine)
            note(f"loading {users:,} people due at {DUE:%H:%M} UTC")
            start = perf_counter()
            await load_people(
                engine, count=users, next_due=lambda _: DUE, now=DUE - timedelta(days=1)
            )
            note(f"loaded in {perf_counter() - start:.1f} s")
            overall = OverallRateLimiter(
                RateLimiter(per_second=per_second, per_chat_per_second=per_chat)
            )
            async with _bot(emulator, overall) as bot:
                limiter = RateLimiter(per_second=per_second, per_chat_per_second=per_chat)
                sender: MessageSender = TelegramSender(bot, limiter=limiter)
                dispatcher = ReminderDispatcher(
                    sessionmaker=create_sessionmaker(engine),
                    clock=ManualClock(DISPATCH_AT),
                    sender=sender,
                    compose=compose,
                    grace=timedelta(minutes=setting_default("reminder_grace_minutes")),
                )
                note(f"dispatching {users:,} reminders")
                before = await emulator.stats()
                start, cpu_start = perf_counter(), process_time()
                report = await dispatcher.run_once()
                seconds, bot_cpu = perf_counter() - start, process_time() - cpu_start
        finally:
            await engine.dispose()
    stats = await emulator.stats()
    if report != DispatchReport(sent=users) or stats.sent != users:
        raise RuntimeError(f"not every reminder went out: {report}, emulator saw {stats}")
    return Run(users, seconds, bot_cpu, stats.cpu_seconds - before.cpu_seconds, stats)


async def _bare_send_loop(emulator: EmulatorProcess, users: int, sent: dict[str, Any]) -> Run:
    """Send the dispatcher's first message to each person with PTB alone, one at a time."""
    note(f"sending {users:,} messages with a bare send_message loop")
    first = emulator.first_user_id
    async with _bot(emulator) as bot:
        markup = sent.get("reply_markup")
        keyboard = None if markup is None else InlineKeyboardMarkup.de_json(markup, bot)
        text, parse_mode = sent["text"], sent.get("parse_mode")
        before = await emulator.stats()
        start, cpu_start = perf_counter(), process_time()
        for chat_id in range(first, first + users):
            await bot.send_message(chat_id, text, parse_mode=parse_mode, reply_markup=keyboard)
        seconds, bot_cpu = perf_counter() - start, process_time() - cpu_start
    stats = await emulator.stats()
    if stats.sent != users:
        raise RuntimeError(f"the bare loop did not deliver every message: {stats}")
    return Run(users, seconds, bot_cpu, stats.cpu_seconds - before.cpu_seconds, stats)


@asynccontextmanager
async def _bot(
    emulator: EmulatorProcess, rate_limiter: OverallRateLimiter | None = None
) -> AsyncIterator[Bot]:
    """A PTB bot on the emulator, pending updates gone: plain, or with the application's limiter."""
    bot = (
        Bot(emulator.token, base_url=emulator.base_url)
        if rate_limiter is None
        else ExtBot(emulator.token, base_url=emulator.base_url, rate_limiter=rate_limiter)
    )
    async with bot:
        # The people's /start messages only made their chats exist; nobody polls them here.
        await bot.delete_webhook(drop_pending_updates=True)
        yield bot


def note(text: str) -> None:
    """Tell the person running the benchmarks what is happening (stderr; stdout is the table)."""
    print(f"bench: {text}", file=sys.stderr, flush=True)
