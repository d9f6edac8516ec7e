"""Benchmark 2: the bot with many people in its database, none of them due now.

Start-up: `rehab-bot run` in a process of its own, pointed at the emulator, timed from spawning
it to its first getUpdates long poll. Memory: that process's resident set after start-up and
after its first dispatcher pass. Idle pass: one ReminderDispatcher.run_once with nothing due.
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter, process_time

from telegram import Bot

from bench.databases import backend_name, fresh_database
from bench.emulator_host import python_env
from bench.population import load_people
from bench.results import Measurement
from bench.throughput import note, setting_default
from bot.config import Settings
from bot.views.scheduled_messages import compose
from emulator import DEFAULT_TOKEN, BotApiEmulator
from scheduler.clock import SystemClock
from scheduler.dispatcher import DispatchReport, ReminderDispatcher
from scheduler.rate_limit import RateLimiter
from scheduler.sending import TelegramSender
from storage.engine import create_engine, create_sessionmaker
from storage.migrations import upgrade_to_head

STARTUP_TARGET_S = 2.0
RSS_TARGET_MB = 250.0
IDLE_PASS_TARGET_MS = 5.0
WARM_UP_PASSES = 10
FIRST_POLL_TIMEOUT_S = 120.0
KIB_PER_MB = 1024


@dataclass(frozen=True)
class StartUp:
    """One start of the bot process."""

    seconds: float
    cpu_seconds: float  # the bot process's own CPU time up to its first poll
    rss_at_first_poll_kib: int
    rss_settled_kib: int
    peak_rss_kib: int


async def startup_benchmarks(
    *,
    counts: list[int],
    database: str,
    workdir: Path,
    runs: int,
    passes: int,
    abandoned_onboardings: int,
) -> list[Measurement]:
    """For each count, load that many people not due now; measure start-up, memory, idle passes.

    The starts on the different databases take turns, so a spell of load from other work on
    the machine does not fall on one of them only.
    """
    async with AsyncExitStack() as stack:
        urls = []
        for users in counts:
            url = await stack.enter_async_context(
                fresh_database(database, workdir, f"startup-{users}")
            )
            await _load(url, users, abandoned_onboardings)
            urls.append(url)
        starts: list[list[StartUp]] = [[] for _ in counts]
        for run in range(1, runs + 1):
            for users, url, done in zip(counts, urls, starts, strict=True):
                note(f"starting the bot ({run}/{runs}) with {users:,} people in the database")
                done.append(await start_once(url, workdir))
        measurements = []
        for users, url, done in zip(counts, urls, starts, strict=True):
            note(f"timing {passes} dispatcher passes with nothing due among {users:,} people")
            idle = await idle_passes(url, passes)
            measurements += _measurements(users, database, done, idle, abandoned_onboardings)
    return measurements


async def _load(url: str, users: int, abandoned_onboardings: int) -> None:
    """Migrate the database and load the people, due in the next 15 hours."""
    now = datetime.now(UTC)
    engine = create_engine(url)
    try:
        await upgrade_to_head(engine)
        note(f"loading {users:,} people due in the next 15 hours, and yesterday's reminders")
        start = perf_counter()
        await load_people(
            engine,
            count=users,
            next_due=_spread_over_a_day(now, users),
            now=now,
            history_days=1,
            abandoned_onboardings=abandoned_onboardings,
        )
        note(f"loaded in {perf_counter() - start:.1f} s")
    finally:
        await engine.dispose()


def _spread_over_a_day(now: datetime, users: int) -> Callable[[int], datetime]:
    """Spread next due instants, on whole minutes, from an hour from now to 15 hours on.

    A second daily session, if onboarding makes one, then still comes within the next day.
    """
    first = now.replace(second=0, microsecond=0) + timedelta(hours=1)
    step = timedelta(hours=14) / max(users, 1)

    def due(index: int) -> datetime:
        """Return when person index's reminder is next due."""
        return (first + step * index).replace(second=0, microsecond=0)

    return due


async def start_once(url: str, workdir: Path) -> StartUp:
    """Start `rehab-bot run` on the database, time its first poll, read its memory, stop it."""
    settle = setting_default("dispatch_interval_seconds") + 1.0
    async with BotApiEmulator(token=DEFAULT_TOKEN) as emulator:
        log = workdir / "bot.log"
        with log.open("wb") as output:
            start = perf_counter()
            process = await asyncio.create_subprocess_exec(
                *_bot_command(),
                cwd=workdir,  # away from any .env of the repository
                env=_bot_env(url, emulator.base_url),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=output,
                stderr=output,
            )
            try:
                await _first_poll(emulator, process, log)
                seconds = perf_counter() - start
                cpu_seconds = _cpu_seconds(process.pid)
                at_first_poll = _memory_kib(process.pid)["VmRSS"]
                # Wait for the first dispatcher pass, which the job queue runs after one interval.
                await asyncio.sleep(settle)
                settled = _memory_kib(process.pid)
            finally:
                await _stop(process)
        if process.returncode != 0:
            note(f"the bot exited with status {process.returncode}: {_tail(log)}")
    return StartUp(seconds, cpu_seconds, at_first_poll, settled["VmRSS"], settled["VmHWM"])


async def idle_passes(url: str, passes: int) -> list[tuple[float, float]]:
    """Time dispatcher passes that find nothing due; return their seconds and CPU seconds."""
    engine = create_engine(url)
    try:
        async with (
            BotApiEmulator(token=DEFAULT_TOKEN) as emulator,
            Bot(DEFAULT_TOKEN, base_url=emulator.base_url) as bot,
        ):
            limiter = RateLimiter(
                per_second=setting_default("max_messages_per_second"),
                per_chat_per_second=setting_default("max_messages_per_chat_per_second"),
            )
            dispatcher = ReminderDispatcher(
                sessionmaker=create_sessionmaker(engine),
                clock=SystemClock(),
                sender=TelegramSender(bot, limiter=limiter),
                compose=compose,
                grace=timedelta(minutes=setting_default("reminder_grace_minutes")),
            )
            timings = []
            for number in range(WARM_UP_PASSES + passes):
                start, cpu_start = perf_counter(), process_time()
                report = await dispatcher.run_once()
                timing = (perf_counter() - start, process_time() - cpu_start)
                if report != DispatchReport():
                    raise RuntimeError(f"an idle pass found something due: {report}")
                if number >= WARM_UP_PASSES:
                    timings.append(timing)
            return timings
    finally:
        await engine.dispose()


def _measurements(
    users: int,
    database: str,
    starts: list[StartUp],
    idle: list[tuple[float, float]],
    abandoned_onboardings: int,
) -> list[Measurement]:
    backend = backend_name(database)
    also = f" (+{abandoned_onboardings:,} stuck in onboarding)" if abandoned_onboardings else ""
    times = [start.seconds for start in starts]
    median_start = statistics.median(times)
    median_cpu = statistics.median(start.cpu_seconds for start in starts)
    rss_mb = max(start.rss_settled_kib for start in starts) / KIB_PER_MB
    first_poll_mb = max(start.rss_at_first_poll_kib for start in starts) / KIB_PER_MB
    peak_mb = max(start.peak_rss_kib for start in starts) / KIB_PER_MB
    idle_ms = sorted(seconds * 1000 for seconds, _ in idle)
    median_idle = statistics.median(idle_ms)
    p95_idle = idle_ms[min(len(idle_ms) - 1, int(len(idle_ms) * 0.95))]
    idle_cpu_ms = statistics.median(cpu * 1000 for _, cpu in idle)
    return [
        Measurement(
            f"2 start-up to first getUpdates{also}",
            backend,
            users,
            f"median {median_start:.2f} s (CPU {median_cpu:.2f} s), max {max(times):.2f} s "
            f"({len(times)} starts)",
            f"< {STARTUP_TARGET_S:g} s",
            median_start < STARTUP_TARGET_S,
        ),
        Measurement(
            f"2 resident memory after start-up{also}",
            backend,
            users,
            f"{rss_mb:.0f} MB after the first dispatcher pass "
            f"({first_poll_mb:.0f} MB at the first poll, peak {peak_mb:.0f} MB)",
            f"< {RSS_TARGET_MB:g} MB",
            peak_mb < RSS_TARGET_MB,
        ),
        Measurement(
            f"2 dispatcher pass, nothing due{also}",
            backend,
            users,
            f"median {median_idle:.2f} ms (CPU {idle_cpu_ms:.2f} ms), p95 {p95_idle:.2f} ms "
            f"({len(idle_ms)} passes)",
            f"< {IDLE_PASS_TARGET_MS:g} ms",
            median_idle < IDLE_PASS_TARGET_MS,
        ),
    ]


def _bot_command() -> list[str]:
    """Return `rehab-bot run` as installed, or the same entry point through python -m."""
    script = Path(sys.executable).with_name("rehab-bot")
    if script.exists():
        return [str(script), "run"]
    return [sys.executable, "-m", "bot.cli", "run"]


def _bot_env(url: str, base_url: str) -> dict[str, str]:
    """Return the environment a deployment on this database and the emulator would have."""
    settings = {name.upper() for name in Settings.model_fields}
    env = {key: value for key, value in python_env().items() if key.upper() not in settings}
    return env | {
        "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
    }


async def _first_poll(
    emulator: BotApiEmulator, process: asyncio.subprocess.Process, log: Path
) -> None:
    """Return once the bot's first getUpdates waits in the emulator; fail if the bot ends first."""
    polling = asyncio.ensure_future(
        emulator.wait_until(lambda: emulator.long_polls_waiting > 0, FIRST_POLL_TIMEOUT_S)
    )
    ended = asyncio.ensure_future(process.wait())
    try:
        await asyncio.wait({polling, ended}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        ended.cancel()
    if not polling.done():
        polling.cancel()
        raise RuntimeError(f"the bot ended before polling: {_tail(log)}")
    polling.result()


async def _stop(process: asyncio.subprocess.Process) -> None:
    """Stop the bot as a service manager would (SIGTERM), killing it only if it hangs."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), 30.0)
    except TimeoutError:
        process.kill()
        await process.wait()


def _memory_kib(pid: int) -> dict[str, int]:
    """Read the Vm* lines (in KiB) of a process's /proc status."""
    memory = {}
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(":")
        if key.startswith("Vm"):
            memory[key] = int(value.split()[0])
    return memory


def _cpu_seconds(pid: int) -> float:
    """Read the user and system CPU time a process has used so far."""
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    # The command name in parentheses may hold spaces; the fields after it are fixed.
    fields = stat.rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-2000:]
