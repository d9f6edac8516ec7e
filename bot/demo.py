"""`rehab-bot demo`: chat with the real bot in a terminal, through the local Bot API emulator.

What Telegram would show is shown: messages and their buttons (pressed with `#2`, so that a
typed `2` is a message like any other), the short answers under pressed buttons (toasts and
alerts), and pictures and files, saved to a private folder. Lines starting with ':' are demo
commands, not messages: `:skip 1d` moves the demo's clock a day forward and shows what the bot
sends on the way, at the minute each message falls due, so a week of reminders takes a minute
to watch.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import sys
import textwrap
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.app import DISPATCH_JOB, MAINTENANCE_AT, running_bot
from bot.config import Settings
from bot.context import RehabApplication
from emulator import BotApiEmulator, ChatMessage
from scheduler.clock import Clock, OffsetClock, SystemClock
from scheduler.dispatcher import ReminderDispatcher
from storage import activity, reminders

log = logging.getLogger(__name__)

DEMO_TOKEN = "100000:DEMO-TOKEN-NOT-FOR-TELEGRAM"  # noqa: S105 (only the local emulator accepts it)
DEFAULT_FILES = Path("demo-files")


def intro(files: Path) -> str:
    """The banner: what the demo is and how to type in it."""
    return f"""\
Rehab coach demo: you are chatting with the real bot through a local Telegram emulator.
Type messages as in Telegram (try /start); a number you type is sent as a message. Buttons are
shown as [#1] Yes: type #1 to press that one. Pictures and files the bot sends are saved in
{files}{os.sep} (they hold health data: the folder is yours alone).
Lines starting with ':' are for the demo: :skip 1d or :skip 3h moves its clock forward to show
reminders and nudges, :help lists the rest. Ctrl-D or Ctrl-C ends the demo."""


DEMO_HELP = """\
Demo input (not sent to the bot as typed):
  #2         press button 2 of those on screen (a plain 2 is sent to the bot as a message)
  :skip 3h   move the demo's clock forward and show what the bot sends meanwhile, each at its
             own minute; units m, h and d, combined as in :skip 2d12h, at most 60d at a time
  :now       show the demo's date and time
  :help      show this list
Ctrl-D or Ctrl-C ends the demo."""

SKIP_USAGE = (
    "(write how far to skip as a number and a unit m, h or d: "
    ":skip 30m, :skip 3h, :skip 1d or :skip 2d12h)"
)
MAX_SKIP = timedelta(days=60)
# How often the demo runs the dispatcher while time runs normally (the bot's usual job, faster).
DISPATCH_EVERY_SECONDS = 2.0
# A skip moves from one due instant to the next; this is its shortest step, so something the
# bot plans a moment ahead again and again cannot make a skip crawl.
SHORTEST_STEP = timedelta(seconds=1)
_SPAN = re.compile(r"(?:\d{1,9}[mhd])+")
_SPAN_PART = re.compile(r"(\d+)([mhd])")
_MINUTES_PER_UNIT = {"m": 1, "h": 60, "d": 24 * 60}
NO_LOCATION = (
    "(the demo has no location to share: type your time zone instead, such as Europe/Paris, "
    "or a city, such as Madrid)"
)
_PRESS = re.compile(r"#\s*(\d{1,6})")
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")

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


class SavedFiles:
    """Keeps the pictures and documents the bot sends, each once, in a folder only you can read.

    The folder is made (0700) when the first file comes; each file is new (0600), never written
    over: a second report of the same day gets a -2 before its extension.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # By message: an edited caption republishes the same picture, which is not saved again.
        self._kept: dict[int, tuple[bytes, Path]] = {}

    def keep(self, message_id: int, data: bytes, name: str) -> Path:
        """Save data under name (made safe and unique) and return its path; OSError if it fails."""
        kept = self._kept.get(message_id)
        if kept is not None and kept[0] == data:
            return kept[1]
        self._make_folder()
        stem, dot, extension = name.rpartition(".")
        if not stem:
            stem, dot, extension = extension, "", ""
        number = 1
        while True:
            path = self.folder / f"{stem}{'' if number == 1 else f'-{number}'}{dot}{extension}"
            try:
                # Made here and now (O_EXCL), so nothing already there is written over or followed.
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                number += 1
                continue
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            self._kept[message_id] = (data, path)
            return path

    def _make_folder(self) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True)
        except FileExistsError:
            return  # someone's own folder: its mode is theirs to choose
        self.folder.chmod(0o700)  # mkdir's mode passes through the umask


def file_name(given: str | None, data: bytes, *, fallback: str) -> str:
    """A name to save a file under: the bot's own, without folders or odd characters."""
    name = _UNSAFE_IN_NAME.sub("_", Path(given or "").name).lstrip("._")
    if name:
        return name
    if data.startswith(b"\x89PNG"):
        return f"{fallback}.png"
    if data.startswith(b"\xff\xd8"):
        return f"{fallback}.jpg"
    return fallback


@dataclass(frozen=True)
class ShownButton:
    """A button on screen: under a message (its data), or below the message box (its text)."""

    message_id: int
    text: str
    data: str | None = None
    asks_location: bool = False


class Terminal:
    """Shows the bot's messages and answers, saves their files, and remembers the buttons."""

    def __init__(self, out: TextIO, files: SavedFiles) -> None:
        self.out = out
        self.files = files
        self.buttons: list[ShownButton] = []
        # While time is skipped, the demo time is shown above the messages sent at it.
        self.stamp: str | None = None
        self._stamped: str | None = None
        self.shown = 0

    def say(self, text: str) -> None:
        """Print a line of the demo's own (not the bot's)."""
        print(text, file=self.out, flush=True)

    def set_stamp(self, stamp: str | None) -> None:
        """Show this demo time above the next messages, or none with None."""
        self.stamp = stamp
        if stamp is None:
            self._stamped = None

    def show(self, message: ChatMessage) -> None:
        """Print one message the bot sent or edited, saving its file and numbering its buttons."""
        self.shown += 1
        if self.stamp is not None and self.stamp != self._stamped:
            self.say(f"\n[{self.stamp}]")
            self._stamped = self.stamp
        body = message.text or message.caption or ""
        if message.photo is not None:
            name = file_name(message.photo_name, message.photo, fallback="picture")
            body += "\n" + self._saved("picture", message.message_id, message.photo, name)
        if message.document is not None:
            name = file_name(message.document_name, message.document, fallback="file")
            body += "\n" + self._saved("file", message.message_id, message.document, name)
        self._speak("bot (edited)" if message.edit_count else "bot", body.strip("\n"))
        rows = _buttons_of(message)
        if not rows:
            return
        if rows[0][0].data is None:
            self.say("      below the message box:")
        self.buttons = []
        for row in rows:
            cells = []
            for button in row:
                self.buttons.append(button)
                cells.append(f"[#{len(self.buttons)}] {button.text}")
            self.say("      " + "   ".join(cells))

    def show_answer(self, text: str, *, alert: bool) -> None:
        """Print what Telegram shows over the chat when the bot answers a press."""
        self._speak("bot (alert)" if alert else "bot (toast)", text)

    def button(self, number: int) -> ShownButton | None:
        """Return the button with this number on screen, if any."""
        if 1 <= number <= len(self.buttons):
            return self.buttons[number - 1]
        return None

    def no_such_button(self, number: int) -> str:
        """Say which buttons there are, when a press names another."""
        if not self.buttons:
            return f"(no button #{number}: there are no buttons on screen)"
        return f"(no button #{number}: the buttons on screen are #1 to #{len(self.buttons)})"

    def _speak(self, label: str, body: str) -> None:
        self.say(f"\n{label}> " + textwrap.indent(body, " " * (len(label) + 2)).lstrip())

    def _saved(self, kind: str, message_id: int, data: bytes, name: str) -> str:
        try:
            path = self.files.keep(message_id, data, name)
        except OSError as error:
            return f"[{kind} {name} not saved: {error.strerror or error}]"
        return f"[{kind} saved: {path}]"


class PressAnswers:
    """The texts the bot answered button presses with, read from the emulator's calls, once."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self._emulator = emulator
        self._read = 0

    def new(self) -> list[tuple[str, bool]]:
        """Return (text, shown as an alert) for each answer with a text since the last call."""
        calls = self._emulator.calls
        fresh, self._read = calls[self._read :], len(calls)
        return [
            (str(call.params["text"]), call.params.get("show_alert") is True)
            for call in fresh
            if call.ok and call.method.lower() == "answercallbackquery" and call.params.get("text")
        ]

    def show_new(self, terminal: Terminal) -> None:
        """Print the answers that came since the last call."""
        for text, alert in self.new():
            terminal.show_answer(text, alert=alert)


class StandardInput:
    """Lines typed or piped in, read by a daemon thread so a Ctrl-C never waits for Enter."""

    def __init__(self) -> None:
        self._lines: asyncio.Queue[str] = asyncio.Queue()
        self._reader: threading.Thread | None = None

    async def read_line(self) -> str:
        """Return the next line ('' at end of input)."""
        if self._reader is None:
            loop = asyncio.get_running_loop()
            self._reader = threading.Thread(
                target=self._read_all, args=(loop,), name="demo-input", daemon=True
            )
            self._reader.start()
        return await self._lines.get()

    def _read_all(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            try:
                line = sys.stdin.readline()
            except (OSError, ValueError):  # closed, or not text: the same as its end
                line = ""
            try:
                loop.call_soon_threadsafe(self._lines.put_nowait, line)
            except RuntimeError:
                return  # the demo has ended and its loop is closed
            if not line:
                return


async def run_demo_in_terminal(*, database_url: str, files: Path = DEFAULT_FILES) -> None:
    """Run the demo on standard input and output until Ctrl-D or Ctrl-C."""
    loop = asyncio.get_running_loop()
    interrupted = asyncio.Event()
    # Where the loop cannot take signals (Windows), Ctrl-C stays a KeyboardInterrupt.
    with contextlib.suppress(NotImplementedError):
        loop.add_signal_handler(signal.SIGINT, interrupted.set)
    try:
        await run_demo(
            database_url=database_url,
            files=files,
            read_line=StandardInput().read_line,
            interrupted=interrupted,
        )
    finally:
        with contextlib.suppress(NotImplementedError):
            loop.remove_signal_handler(signal.SIGINT)


async def run_demo(
    *,
    database_url: str,
    files: Path = DEFAULT_FILES,
    clock: Clock | None = None,
    read_line: LineSource | None = None,
    out: TextIO | None = None,
    interrupted: asyncio.Event | None = None,
) -> None:
    """Run the emulator and the bot, and relay the lines read to them until end of input.

    By default time starts from the system clock and lines come from standard input and go to
    standard output; a test passes a fixed clock, its own lines and a buffer. Setting
    `interrupted` (Ctrl-C) ends the demo as the end of input does, a skip under way included.
    """
    terminal = Terminal(out if out is not None else sys.stdout, SavedFiles(files))
    terminal.say(intro(files))
    async with BotApiEmulator(token=DEMO_TOKEN) as emulator:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=DEMO_TOKEN,  # type: ignore[arg-type]
            telegram_api_base_url=emulator.base_url,
            database_url=database_url,
        )
        demo_clock = OffsetClock(clock if clock is not None else SystemClock())
        shown = emulator.subscribe()
        answers = PressAnswers(emulator)
        printer = asyncio.create_task(_print_messages(shown, terminal, answers))
        try:
            async with running_bot(settings, clock=demo_clock) as application:
                demo = Demo(
                    emulator,
                    application,
                    demo_clock,
                    terminal,
                    shown,
                    answers=answers,
                    interrupted=interrupted if interrupted is not None else asyncio.Event(),
                )
                await demo.relay(read_line if read_line is not None else StandardInput().read_line)
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
        *,
        answers: PressAnswers,
        interrupted: asyncio.Event,
    ) -> None:
        dispatcher = application.services.dispatcher
        if dispatcher is None:
            raise RuntimeError("the application was built without its dispatcher")
        self._emulator = emulator
        self._application = application
        self._clock = clock
        self._terminal = terminal
        self._shown = shown
        self._answers = answers
        self._interrupted = interrupted
        self._dispatcher: ReminderDispatcher = dispatcher
        self._person = emulator.new_user(first_name="You")
        # A skip and a regular pass must never overlap: their messages would mix up in time.
        self._dispatching = asyncio.Lock()
        self._last_pass = clock.now()

    async def relay(self, read_line: LineSource) -> None:
        """Handle lines until end of input or an interrupt, running the dispatcher meanwhile."""
        self._take_over_dispatching()
        ticker = asyncio.create_task(self._keep_dispatching())
        try:
            while line := await self._next_line(read_line):
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
        self._answers.show_new(self._terminal)

    async def skip(self, span: timedelta) -> None:
        """Move the clock forward by span, stopping at each instant something falls due."""
        zone = await self._zone()
        arrival = _stamp(self._clock.now() + span, zone)
        self._terminal.say(f"\n(skipping {format_span(span)}, to {arrival})")
        shown_before = self._terminal.shown
        goal = self._clock.offset + span
        async with self._dispatching:
            try:
                while (remaining := goal - self._clock.offset) > timedelta(0):
                    if self._interrupted.is_set():
                        self._terminal.say(f"\n(skip stopped at {_stamp(self._clock.now(), zone)})")
                        return
                    self._clock.advance(min(await self._until_next_due(), remaining))
                    self._terminal.set_stamp(_stamp(self._clock.now(), zone))
                    await self._dispatch()
            finally:
                self._terminal.set_stamp(None)
        if self._terminal.shown == shown_before:
            self._terminal.say("(nothing from the bot meanwhile)")

    async def _next_line(self, read_line: LineSource) -> str:
        """The next line, or '' once the demo is interrupted (the line being read is dropped)."""
        if self._interrupted.is_set():
            return ""
        reading = asyncio.ensure_future(read_line())
        stopping = asyncio.ensure_future(self._interrupted.wait())
        await asyncio.wait((reading, stopping), return_when=asyncio.FIRST_COMPLETED)
        for waiting in (reading, stopping):
            waiting.cancel()
        if self._interrupted.is_set() or reading.cancelled():
            return ""
        return reading.result()

    async def _until_next_due(self) -> timedelta:
        """How long until the next thing the dispatcher or the daily upkeep has to do."""
        now = self._clock.now()
        async with self._application.services.sessionmaker() as session:
            upcoming = await reminders.next_work_at(session, after=now)
        due = _next_maintenance(now) if upcoming is None else min(upcoming, _next_maintenance(now))
        return max(due - now, SHORTEST_STEP)

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
            if _next_maintenance(since) <= self._last_pass:
                await self._dispatcher.maintain()
        except Exception:
            # As with the bot's own jobs: log it, and the next pass tries again.
            log.exception("a dispatcher pass failed")
        await self._shown.join()

    def _push(self, line: str) -> int | None:
        """Send a typed line, or press the button it names; the update's id if one was queued."""
        if not line:
            return None
        press = _PRESS.fullmatch(line)
        if press is None:
            return self._emulator.send_text(self._person, line)
        return self._press(int(press.group(1)))

    def _press(self, number: int) -> int | None:
        pressed = self._terminal.button(number)
        if pressed is None:
            self._terminal.say(self._terminal.no_such_button(number))
            return None
        if pressed.asks_location:
            self._terminal.say(NO_LOCATION)
            return None
        if pressed.data is None:
            # A button below the message box sends its label, as if typed.
            return self._emulator.send_text(self._person, pressed.text)
        try:
            return self._emulator.press_button(self._person, pressed.message_id, pressed.data)
        except ValueError:
            self._terminal.say("(that button is gone; type a message instead)")
            return None


def _buttons_of(message: ChatMessage) -> list[list[ShownButton]]:
    """The rows of buttons a message shows: inline ones with data, or a reply keyboard's."""
    markup = message.reply_markup or {}
    if "inline_keyboard" in markup:
        rows = [
            [ShownButton(message.message_id, text, data) for text, data in row if data is not None]
            for row in message.buttons
        ]
    else:
        rows = [
            [
                ShownButton(
                    message.message_id,
                    button if isinstance(button, str) else str(button.get("text", "")),
                    asks_location=isinstance(button, dict) and bool(button.get("request_location")),
                )
                for button in row
            ]
            for row in markup.get("keyboard", [])
        ]
    return [row for row in rows if row]


def _next_maintenance(after: datetime) -> datetime:
    """The first daily maintenance time after an instant."""
    due = datetime.combine(after.astimezone(UTC).date(), MAINTENANCE_AT)
    return due if due > after else due + timedelta(days=1)


def _stamp(instant: datetime, zone: str | None) -> str:
    """Write a demo time in the person's zone, or in UTC before they have one."""
    if zone is None:
        return f"{instant.astimezone(UTC):%a %d %b %H:%M} UTC"
    return f"{instant.astimezone(ZoneInfo(zone)):%a %d %b %H:%M} {zone}"


async def _print_messages(
    shown: asyncio.Queue[ChatMessage], terminal: Terminal, answers: PressAnswers
) -> None:
    while True:
        message = await shown.get()
        # An answer to a press comes before the edit or reply the press led to, as on a phone.
        answers.show_new(terminal)
        terminal.show(message)
        shown.task_done()
