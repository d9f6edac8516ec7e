"""`rehab-bot demo`: chat with the real bot in a terminal, through the local Bot API emulator.

Lines starting with ':' are demo commands, not messages: `:skip 1d` moves the demo's clock a day
forward and shows what the bot sends on the way, so a week of reminders takes a minute to watch.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sys
import textwrap
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.app import DISPATCH_JOB, MAINTENANCE_AT, running_bot
from bot.config import Settings
from bot.context import RehabApplication
from emulator import BotApiEmulator, ChatMessage
from scheduler.clock import Clock, OffsetClock, SystemClock
from scheduler.dispatcher import ReminderDispatcher
from storage import activity

log = logging.getLogger(__name__)

DEMO_TOKEN = "100000:DEMO-TOKEN-NOT-FOR-TELEGRAM"  # noqa: S105 (only the local emulator accepts it)

INTRO = """\
Rehab coach demo: you are chatting with the real bot through a local Telegram emulator.
Type messages as in Telegram (try /start). Buttons are numbered: type a number to press one.
Lines starting with ':' are for the demo: :skip 1d or :skip 3h moves its clock forward to show
reminders and nudges, :help lists the rest. Ctrl-D ends the demo."""

DEMO_HELP = """\
Demo commands (not sent to the bot):
  :skip 3h   move the demo's clock forward and show what the bot sends meanwhile;
             units m, h and d, combined as in :skip 2d12h, at most 60d at a time
  :now       show the demo's date and time
  :help      show this list"""

SKIP_USAGE = (
    "(write how far to skip as a number and a unit m, h or d: "
    ":skip 30m, :skip 3h, :skip 1d or :skip 2d12h)"
)
MAX_SKIP = timedelta(days=60)
# How often the demo runs the dispatcher while time runs normally (the bot's usual job, faster).
DISPATCH_EVERY_SECONDS = 2.0
# A skip walks in steps on this grid (in UTC), running the dispatcher after each, so a reminder
# set for 08:00 or 07:45 in any zone goes out at its own minute, long before its grace runs out.
SKIP_STEP = timedelta(minutes=15)
_GRID_ORIGIN = datetime(2000, 1, 1, tzinfo=UTC)
_SPAN = re.compile(r"(?:\d{1,9}[mhd])+")
_SPAN_PART = re.compile(r"(\d+)([mhd])")
_MINUTES_PER_UNIT = {"m": 1, "h": 60, "d": 24 * 60}

LineSource = Callable[[], Awaitable[str]]


def parse_span(text: str) -> timedelta:
    """Read how far to skip, like 30m, 3h, 1d or 2d12h; ValueError with a one-line hint if not."""
    compact = "".join(text.split()).lower()
    if not _SPAN.fullmatch(compact):
        raise ValueError(SKIP_USAGE)
    minutes = sum(
        int(number) * _MINUTES_PER_UNIT[unit] for number, unit in _SPAN_PART.findall(compact)
    )
    if minutes == 0:
        raise ValueError("(nothing to skip: try :skip 30m, :skip 3h or :skip 1d)")
    if minutes > MAX_SKIP // timedelta(minutes=1):
        raise ValueError(f"(at most {format_span(MAX_SKIP)} at a time; skip again to go further)")
    return timedelta(minutes=minutes)


def format_span(span: timedelta) -> str:
    """Write a span as the demo reads them, like 2d12h or 30m."""
    minutes = span // timedelta(minutes=1)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if n]
    return "".join(parts) or "0m"


class Terminal:
    """Shows the bot's messages and remembers the buttons on screen."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.buttons: list[tuple[int, str]] = []
        # While time is skipped, the demo time is shown above the messages sent at it.
        self.stamp: str | None = None
        self._stamped: str | None = None
        self.shown = 0

    def say(self, text: str) -> None:
        """Print a line of the demo's own (not the bot's)."""
        print(text, file=self.out)

    def set_stamp(self, stamp: str | None) -> None:
        """Show this demo time above the next messages, or none with None."""
        self.stamp = stamp
        if stamp is None:
            self._stamped = None

    def show(self, message: ChatMessage) -> None:
        """Print one message the bot sent or edited, numbering its buttons."""
        self.shown += 1
        if self.stamp is not None and self.stamp != self._stamped:
            self.say(f"\n[{self.stamp}]")
            self._stamped = self.stamp
        label = "bot (edited)" if message.edit_count else "bot"
        body = message.text or message.caption or ""
        if message.document_name:
            body += f"\n[file: {message.document_name}]"
        if message.photo is not None:
            body += "\n[picture]"
        self.say(f"\n{label}> " + textwrap.indent(body, " " * (len(label) + 2)).lstrip())
        rows = message.buttons
        if not any(data for row in rows for _, data in row):
            return
        self.buttons = []
        for row in rows:
            cells = []
            for text, data in row:
                if data is None:
                    continue
                self.buttons.append((message.message_id, data))
                cells.append(f"[{len(self.buttons)}] {text}")
            self.say("      " + "   ".join(cells))

    def button(self, line: str) -> tuple[int, str] | None:
        """Return the button a typed number presses, if it is one."""
        if line.isascii() and line.isdecimal() and 1 <= int(line) <= len(self.buttons):
            return self.buttons[int(line) - 1]
        return None


async def run_demo(
    *,
    database_url: str,
    clock: Clock | None = None,
    read_line: LineSource | None = None,
    out: TextIO | None = None,
) -> None:
    """Run the emulator and the bot, and relay the lines read to them until end of input.

    By default time starts from the system clock and lines come from standard input and go to
    standard output; a test passes a fixed clock, its own lines and a buffer.
    """
    terminal = Terminal(out if out is not None else sys.stdout)
    terminal.say(INTRO)
    async with BotApiEmulator(token=DEMO_TOKEN) as emulator:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=DEMO_TOKEN,  # type: ignore[arg-type]
            telegram_api_base_url=emulator.base_url,
            database_url=database_url,
        )
        demo_clock = OffsetClock(clock if clock is not None else SystemClock())
        shown = emulator.subscribe()
        printer = asyncio.create_task(_print_messages(shown, terminal))
        try:
            async with running_bot(settings, clock=demo_clock) as application:
                demo = Demo(emulator, application, demo_clock, terminal, shown)
                await demo.relay(read_line if read_line is not None else _read_stdin_line)
        finally:
            printer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await printer
    terminal.say("\nDemo ended.")


class Demo:
    """One demo session: relays lines to the bot, runs demo commands, and moves the clock."""

    def __init__(
        self,
        emulator: BotApiEmulator,
        application: RehabApplication,
        clock: OffsetClock,
        terminal: Terminal,
        shown: asyncio.Queue[ChatMessage],
    ) -> None:
        dispatcher = application.services.dispatcher
        if dispatcher is None:
            raise RuntimeError("the application was built without its dispatcher")
        self._emulator = emulator
        self._application = application
        self._clock = clock
        self._terminal = terminal
        self._shown = shown
        self._dispatcher: ReminderDispatcher = dispatcher
        self._person = emulator.new_user(first_name="You")
        # A skip and a regular pass must never overlap: their messages would mix up in time.
        self._dispatching = asyncio.Lock()
        self._last_pass = clock.now()

    async def relay(self, read_line: LineSource) -> None:
        """Handle lines until end of input, running the dispatcher regularly meanwhile."""
        self._take_over_dispatching()
        ticker = asyncio.create_task(self._keep_dispatching())
        try:
            while line := await read_line():
                await self.handle(line.strip())
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker

    async def handle(self, line: str) -> None:
        """Run a demo command, or send the line to the bot and wait for all of its replies."""
        if line.startswith(":"):
            await self._command(line)
            return
        update_id = self._push(line)
        if update_id is None:
            return
        await self._emulator.wait_acknowledged(update_id)
        await self._application.update_queue.join()
        await self._shown.join()

    async def skip(self, span: timedelta) -> None:
        """Move the clock forward by span in steps, sending what falls due at each step."""
        zone = await self._zone()
        arrival = _stamp(self._clock.now() + span, zone)
        self._terminal.say(f"\n(skipping {format_span(span)}, to {arrival})")
        shown_before = self._terminal.shown
        goal = self._clock.offset + span
        async with self._dispatching:
            try:
                while (remaining := goal - self._clock.offset) > timedelta(0):
                    now = self._clock.now()
                    self._clock.advance(min(_next_step(now) - now, remaining))
                    self._terminal.set_stamp(_stamp(self._clock.now(), zone))
                    await self._dispatch()
            finally:
                self._terminal.set_stamp(None)
        if self._terminal.shown == shown_before:
            self._terminal.say("(nothing from the bot meanwhile)")

    async def _command(self, line: str) -> None:
        name, _, argument = line.partition(" ")
        name = name.lower()
        if name == ":skip":
            try:
                span = parse_span(argument)
            except ValueError as hint:
                self._terminal.say(str(hint))
                return
            await self.skip(span)
        elif name == ":now":
            await self._say_now()
        elif name == ":help":
            self._terminal.say(DEMO_HELP)
        else:
            self._terminal.say(f"(unknown demo command {name}; :help lists them)")

    async def _say_now(self) -> None:
        now = self._clock.now()
        zone = await self._zone()
        local = "" if zone is None else f" = {now.astimezone(ZoneInfo(zone)):%H:%M} in {zone}"
        offset = self._clock.offset
        moved = f"skipped {format_span(offset)} so far" if offset else "not skipped yet"
        self._terminal.say(f"(demo time: {now:%a %d %b %Y, %H:%M} UTC{local}; {moved})")

    async def _zone(self) -> str | None:
        """The demo person's time zone, once onboarding has asked for it."""
        async with self._application.services.sessionmaker() as session:
            return await activity.zone_of(session, user_id=self._person.id)

    def _take_over_dispatching(self) -> None:
        """Stop the bot's own dispatcher job: the demo runs the dispatcher itself, under a lock."""
        job_queue = self._application.job_queue
        if job_queue is not None:
            for job in job_queue.get_jobs_by_name(DISPATCH_JOB):
                job.schedule_removal()

    async def _keep_dispatching(self) -> None:
        while True:
            await asyncio.sleep(DISPATCH_EVERY_SECONDS)
            async with self._dispatching:
                await self._dispatch()

    async def _dispatch(self) -> None:
        """Send what is due now, as the bot's jobs would, and wait until it is on screen."""
        since, self._last_pass = self._last_pass, self._clock.now()
        try:
            await self._dispatcher.run_once()
            if _passed_maintenance(since, self._last_pass):
                await self._dispatcher.maintain()
        except Exception:
            # As with the bot's own jobs: log it, and the next pass tries again.
            log.exception("a dispatcher pass failed")
        await self._shown.join()

    def _push(self, line: str) -> int | None:
        if not line:
            return None
        pressed = self._terminal.button(line)
        if pressed is not None:
            message_id, data = pressed
            try:
                return self._emulator.press_button(self._person, message_id, data)
            except ValueError:
                self._terminal.say("(that button is gone; type a message instead)")
                return None
        return self._emulator.send_text(self._person, line)


def _next_step(now: datetime) -> datetime:
    """Return the first instant on the skip grid after now."""
    return now + (SKIP_STEP - (now - _GRID_ORIGIN) % SKIP_STEP)


def _passed_maintenance(since: datetime, now: datetime) -> bool:
    """Tell whether the daily maintenance time came in (since, now]."""
    due = datetime.combine(since.astimezone(UTC).date(), MAINTENANCE_AT)
    if due <= since:
        due += timedelta(days=1)
    return due <= now


def _stamp(instant: datetime, zone: str | None) -> str:
    """Write a demo time in the person's zone, or in UTC before they have one."""
    if zone is None:
        return f"{instant.astimezone(UTC):%a %d %b %H:%M} UTC"
    return f"{instant.astimezone(ZoneInfo(zone)):%a %d %b %H:%M} {zone}"


async def _print_messages(shown: asyncio.Queue[ChatMessage], terminal: Terminal) -> None:
    while True:
        message = await shown.get()
        terminal.show(message)
        shown.task_done()


async def _read_stdin_line() -> str:
    """Read one line of standard input without blocking the event loop ('' at end of input)."""
    return await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
