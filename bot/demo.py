"""`rehab-bot demo`: chat with the real bot in a terminal, through the local Bot API emulator."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import textwrap

from bot.app import running_bot
from bot.settings import Settings
from emulator import BotApiEmulator, ChatMessage, EmulatedUser
from scheduler.clock import SystemClock

DEMO_TOKEN = "100000:DEMO-TOKEN-NOT-FOR-TELEGRAM"  # noqa: S105 (only the local emulator accepts it)

INTRO = """\
Rehab coach demo: you are chatting with the real bot through a local Telegram emulator.
Type messages as in Telegram (try /start). Buttons are numbered: type a number to press one.
Ctrl-D ends the demo."""


class Terminal:
    """Shows the bot's messages and remembers the buttons on screen."""

    def __init__(self) -> None:
        self.buttons: list[tuple[int, str]] = []

    def show(self, message: ChatMessage) -> None:
        """Print one message the bot sent or edited, numbering its buttons."""
        label = "bot (edited)" if message.edit_count else "bot"
        body = message.text or message.caption or ""
        if message.document_name:
            body += f"\n[file: {message.document_name}]"
        if message.photo is not None:
            body += "\n[picture]"
        print(f"\n{label}> " + textwrap.indent(body, " " * (len(label) + 2)).lstrip())
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
            print("      " + "   ".join(cells))

    def button(self, line: str) -> tuple[int, str] | None:
        """Return the button a typed number presses, if it is one."""
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            return self.buttons[int(line) - 1]
        return None


async def run_demo(*, database_url: str) -> None:
    """Run the emulator and the bot, and relay the terminal to them until end of input."""
    print(INTRO)
    async with BotApiEmulator(token=DEMO_TOKEN) as emulator:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=DEMO_TOKEN,  # type: ignore[arg-type]
            telegram_api_base_url=emulator.base_url,
            database_url=database_url,
            dispatch_interval_seconds=2,
        )
        person = emulator.new_user(first_name="You")
        terminal = Terminal()
        shown = emulator.subscribe()
        printer = asyncio.create_task(_print_messages(shown, terminal))
        try:
            async with running_bot(settings, clock=SystemClock()) as application:
                while line := await _read_line():
                    update_id = _push(emulator, person, terminal, line.strip())
                    if update_id is None:
                        continue
                    await emulator.wait_acknowledged(update_id)
                    await application.update_queue.join()
                    await shown.join()
        finally:
            printer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await printer
    print("\nDemo ended.")


def _push(
    emulator: BotApiEmulator, person: EmulatedUser, terminal: Terminal, line: str
) -> int | None:
    if not line:
        return None
    pressed = terminal.button(line)
    if pressed is not None:
        message_id, data = pressed
        try:
            return emulator.press_button(person, message_id, data)
        except ValueError:
            print("(that button is gone; type a message instead)")
            return None
    return emulator.send_text(person, line)


async def _print_messages(shown: asyncio.Queue[ChatMessage], terminal: Terminal) -> None:
    while True:
        message = await shown.get()
        terminal.show(message)
        shown.task_done()


async def _read_line() -> str:
    """Read one line of standard input without blocking the event loop ('' at end of input)."""
    return await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
