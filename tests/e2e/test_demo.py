"""The terminal demo, driven in-process (and once as `rehab-bot demo`, for a real Ctrl-C): what
it shows of buttons, answers and files, its demo commands, and :skip walking through days."""

from __future__ import annotations

import asyncio
import io
import os
import re
import signal
import sqlite3
import stat
import sys
from contextlib import closing
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from bot.demo import NO_LOCATION, SKIP_USAGE, format_span, intro, parse_span, run_demo
from scheduler.clock import ManualClock
from tests.e2e.conftest import START

REMINDER = "Time for your rehab session"
TWO_DAY_NUDGE = "Haven't heard from you"


@dataclass(frozen=True)
class Press:
    """Press the newest button whose label starts with this text, typing #N for its number."""

    label: str


@dataclass
class Script:
    """Feeds the demo its lines, one at a time, and splits the screen by the line that caused it."""

    steps: list[str | Press]
    screen: io.StringIO = field(default_factory=io.StringIO)
    typed: list[str] = field(default_factory=list)
    _marks: list[int] = field(default_factory=list)

    async def next_line(self) -> str:
        """Return the next line as a person at the terminal would type it ('' at the end)."""
        self._marks.append(len(self.screen.getvalue()))
        if len(self.typed) == len(self.steps):
            return ""
        step = self.steps[len(self.typed)]
        line = step if isinstance(step, str) else self._number_of(step.label)
        self.typed.append(line)
        return line + "\n"

    def after(self, line: str) -> str:
        """Return what appeared on screen in answer to the only typed line equal to this one."""
        assert self.typed.count(line) == 1, f"{line!r} must be typed once"
        index = self.typed.index(line)
        return self.screen.getvalue()[self._marks[index] : self._marks[index + 1]]

    def after_step(self, index: int) -> str:
        """Return what appeared on screen in answer to the step at index (negative from the end)."""
        index %= len(self.typed)
        return self.screen.getvalue()[self._marks[index] : self._marks[index + 1]]

    def _number_of(self, label: str) -> str:
        numbers = re.findall(rf"\[#(\d+)\] {re.escape(label)}", self.screen.getvalue())
        assert numbers, f"no button {label!r} on screen"
        return f"#{numbers[-1]}"


ONBOARDING: list[str | Press] = [
    "/start",
    Press("Sudden"),
    *[Press("No")] * 5,
    Press("Yes"),
    Press("3 (usual)"),
    "Europe/London",
    "yesterday",
    Press("One a day"),
    "08:00",
]


def mode_of(path: Path) -> int:
    """The permission bits of a file or folder."""
    return stat.S_IMODE(path.stat().st_mode)


def read_bytes(path: Path) -> bytes:
    """What a saved file holds."""
    return path.read_bytes()


async def play(script: Script, tmp_path: Path, interrupted: asyncio.Event | None = None) -> None:
    """Run the demo on a fresh database, starting at START, until the script runs out."""
    await run_demo(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}",
        files=tmp_path / "demo-files",
        clock=ManualClock(START),
        read_line=script.next_line,
        out=script.screen,
        interrupted=interrupted,
    )


async def test_skipping_days_shows_each_reminder_once_and_the_two_day_nudge(
    tmp_path: Path,
) -> None:
    """:skip 1d then :skip 3d shows one reminder a day at 08:00 and one nudge after two days."""
    script = Script([*ONBOARDING, ":skip 1d", ":skip 3d", ":now"])
    await play(script, tmp_path)

    assert "You're all set" in script.after("08:00")
    first_day = script.after(":skip 1d")
    assert first_day.count(REMINDER) == 1
    assert "[Wed 25 Nov 08:00 Europe/London]\n\nbot> ⏰ Time for your rehab session" in first_day
    assert TWO_DAY_NUDGE not in first_day

    three_days = script.after(":skip 3d")
    assert three_days.count(REMINDER) == 3
    assert three_days.count(TWO_DAY_NUDGE) == 1
    stamps = re.findall(r"^\[(.+)\]$", three_days, flags=re.MULTILINE)
    # Two days after onboarding (06:00 Fri) is quiet hours until 07:00, and then the 08:00
    # reminder is too close: the nudge comes three hours after it.
    assert stamps == [
        "Thu 26 Nov 08:00 Europe/London",
        "Fri 27 Nov 08:00 Europe/London",
        "Fri 27 Nov 11:00 Europe/London",
        "Sat 28 Nov 08:00 Europe/London",
    ]
    now = script.after(":now")
    assert "Sun 29 Nov 2026, 06:00 UTC = 06:00 in Europe/London; skipped 4d" in now


async def test_bad_demo_commands_get_a_hint_and_leave_the_clock_alone(tmp_path: Path) -> None:
    """Unreadable or too long skips and unknown commands print one line and move no time."""
    script = Script([":skip x", ":skip", ":skip 999d", ":skip 0m", ":jump", ":help", ":now"])
    await play(script, tmp_path)

    assert script.after(":skip x").strip() == SKIP_USAGE
    assert script.after(":skip").strip() == SKIP_USAGE
    assert script.after(":skip 999d").strip() == "(at most 60d at a time; skip again to go further)"
    assert "nothing to skip" in script.after(":skip 0m")
    assert script.after(":jump").strip() == "(unknown demo command :jump; :help lists them)"
    assert ":skip 3h" in script.after(":help")
    assert script.after(":now").strip() == (
        "(demo time: Wed 25 Nov 2026, 06:00 UTC; not skipped yet)"
    )
    assert "bot>" not in script.screen.getvalue(), "demo commands are never sent to the bot"
    banner = intro(tmp_path / "demo-files")
    assert script.screen.getvalue().startswith(banner)
    assert ":skip 1d" in banner, "the banner shows how to move time"
    assert ":help" in banner
    assert "type #1 to press" in banner, "the banner shows how to press a button"
    assert f"{tmp_path / 'demo-files'}/" in banner, "the banner names the folder for files"


async def test_a_skip_with_nothing_due_says_so(tmp_path: Path) -> None:
    """Before onboarding nothing is scheduled, so an hour passes quietly, in UTC."""
    script = Script([":skip 1h"])
    await play(script, tmp_path)

    assert script.after(":skip 1h").strip() == (
        "(skipping 1h, to Wed 25 Nov 07:00 UTC)\n(nothing from the bot meanwhile)"
    )


async def test_answers_to_presses_are_shown_as_a_toast_or_an_alert(tmp_path: Path) -> None:
    """A press answered with a short note shows it as a toast; a refusal shows as an alert."""
    script = Script([*ONBOARDING, "/today", Press("🚶"), "/plan", Press("Am I ready")])
    await play(script, tmp_path)

    walking = script.after_step(len(ONBOARDING) + 1)
    assert "\nbot (toast)> Noted: walking is pain-free.\n" in walking
    assert walking.index("(toast)") < walking.index("bot (edited)>"), "the toast comes first"
    ready = script.after_step(-1)
    assert "\nbot (alert)> Not yet: this phase takes at least 5 days." in ready


async def test_pictures_and_files_are_saved_privately_and_their_paths_shown(
    tmp_path: Path,
) -> None:
    """/progress's chart, /report and /export land in the files folder (0700), each file 0600."""
    logged = [Press("Log this session"), Press("Done"), Press("2"), Press("None")]
    script = Script([*ONBOARDING, "/today", *logged, "/progress", "/report", "/export"])
    await play(script, tmp_path)

    folder = tmp_path / "demo-files"
    assert mode_of(folder) == 0o700
    saved = {}
    for command, kind in (("/progress", "picture"), ("/report", "file"), ("/export", "file")):
        found = re.findall(rf"\[{kind} saved: (.+)\]", script.after(command))
        assert len(found) == 1, f"{command} shows where its {kind} is"
        path = Path(found[0])
        assert path.parent == folder
        assert mode_of(path) == 0o600, f"{path.name} is yours alone"
        saved[command] = read_bytes(path)
        assert path.name.endswith((".png", ".pdf", ".zip"))
    assert "progress.png" in script.after("/progress")
    assert saved["/progress"].startswith(b"\x89PNG")
    assert saved["/report"].startswith(b"%PDF")
    assert saved["/export"].startswith(b"PK")
    assert "[picture]" not in script.screen.getvalue()


async def test_a_second_file_of_the_same_name_is_kept_beside_the_first(tmp_path: Path) -> None:
    """Two reports of one day are both kept: the second gets -2 before its extension."""
    script = Script([*ONBOARDING, "/report", "/report "])
    await play(script, tmp_path)

    first = re.findall(r"\[file saved: (.+)\]", script.after("/report"))
    second = re.findall(r"\[file saved: (.+)\]", script.after("/report "))
    assert Path(second[0]) == Path(first[0]).with_name(Path(first[0]).stem + "-2.pdf")
    assert read_bytes(Path(first[0])) == read_bytes(Path(second[0]))


async def test_a_typed_number_at_the_pain_question_is_a_message_not_a_press(
    tmp_path: Path,
) -> None:
    """Typing 2 at the pain question logs pain 2 (button #2 is pain 1); #N presses buttons."""
    script = Script([*ONBOARDING, "/today", Press("Log this session"), Press("Done"), "2"])
    await play(script, tmp_path)

    assert "[#2] 1 " in script.after_step(-2), "button #2 is pain 1"
    assert "done, pain 2/10" in script.after("2")
    assert "(toast)" not in script.after("2")
    with closing(sqlite3.connect(tmp_path / "demo.sqlite3")) as database:
        assert database.execute("SELECT pain FROM check_ins").fetchall() == [(2,)]


async def test_pressing_a_number_with_no_such_button_says_which_there_are(tmp_path: Path) -> None:
    """#1 with no buttons on screen, or #9 with two, sends nothing and says what there is."""
    script = Script(["#1", "/start", "#9"])
    await play(script, tmp_path)

    assert script.after("#1").strip() == "(no button #1: there are no buttons on screen)"
    assert script.after("#9").strip().startswith("(no button #9: the buttons on screen are #1 to")


async def test_buttons_below_the_message_box_are_shown_and_pressed_too(tmp_path: Path) -> None:
    """A reply keyboard is numbered like other buttons; its location button says the demo has
    no location, and the zone is typed instead."""
    before_zone = ONBOARDING[: ONBOARDING.index("Europe/London")]
    script = Script([*before_zone, Press("📍"), Press("📍"), "Europe/London"])
    await play(script, tmp_path)

    keyboard = script.after_step(-3)
    assert "below the message box:" in keyboard
    assert re.search(r"\[#1\] 📍 ", keyboard)
    assert script.after_step(-2).strip() == NO_LOCATION
    assert "✓ Europe/London" in script.after("Europe/London")


async def test_a_snooze_comes_back_at_its_exact_minute_after_a_skip(tmp_path: Path) -> None:
    """Snoozed at 08:07, the reminder comes again at 09:07, not at the next quarter hour."""
    script = Script([*ONBOARDING, ":skip 2h7m", Press("😴 Snooze"), ":skip 2h"])
    await play(script, tmp_path)

    assert "I'll send it again at 09:07" in script.after_step(-2)
    later = script.after(":skip 2h")
    assert "[Wed 25 Nov 09:07 Europe/London]\n\nbot> ⏰ " in later
    assert re.findall(r"^\[(.+)\]$", later, flags=re.MULTILINE) == [
        "Wed 25 Nov 09:07 Europe/London"
    ]


async def test_ctrl_c_while_waiting_for_a_line_ends_the_demo_cleanly(tmp_path: Path) -> None:
    """An interrupt while the demo waits for input ends it as the end of input does."""
    interrupted = asyncio.Event()

    async def interrupt_then_wait() -> str:
        interrupted.set()
        await asyncio.Event().wait()  # a person who never presses Enter
        return "never read"

    screen = io.StringIO()
    await run_demo(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}",
        files=tmp_path / "demo-files",
        clock=ManualClock(START),
        read_line=interrupt_then_wait,
        out=screen,
        interrupted=interrupted,
    )
    assert screen.getvalue().endswith("\nDemo ended.\n")


class InterruptedOnReminder(io.StringIO):
    """A screen whose viewer presses Ctrl-C as soon as the first reminder shows."""

    def __init__(self, interrupted: asyncio.Event) -> None:
        super().__init__()
        self.interrupted = interrupted

    def write(self, text: str) -> int:
        """Show text, and interrupt once a reminder is on screen."""
        if REMINDER in text:
            self.interrupted.set()
        return super().write(text)


async def test_ctrl_c_during_a_long_skip_stops_it_where_it_is(tmp_path: Path) -> None:
    """Ctrl-C during a 60-day skip stops it after the message on screen and ends the demo."""
    interrupted = asyncio.Event()
    script = Script([*ONBOARDING, ":skip 60d", ":now"])
    script.screen = InterruptedOnReminder(interrupted)
    await play(script, tmp_path, interrupted)

    shown = script.screen.getvalue()
    assert shown.count(REMINDER) == 1
    assert "(skip stopped at Wed 25 Nov 08:00 Europe/London)" in shown
    assert ":now" not in script.typed, "no line is read after the interrupt"
    assert shown.endswith("\nDemo ended.\n")


async def test_sigint_ends_rehab_bot_demo_with_one_clean_line(tmp_path: Path) -> None:
    """A real Ctrl-C (SIGINT) to `rehab-bot demo` ends it without a traceback, status 0 or 130."""
    demo = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("rehab-bot")),
        "demo",
        "--database",
        f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}",
        "--files",
        str(tmp_path / "demo-files"),
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)},
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert demo.stdin is not None
    assert demo.stdout is not None
    assert demo.stderr is not None
    demo.stdin.write(b"/start\n")
    await demo.stdin.drain()
    shown = b""
    async with asyncio.timeout(30):
        while b"bot>" not in shown:
            line = await demo.stdout.readline()
            assert line, f"the demo ended early: {shown.decode()}"
            shown += line
    demo.send_signal(signal.SIGINT)
    async with asyncio.timeout(30):
        rest, errors = await demo.communicate()
    assert demo.returncode in (0, 130)
    assert b"Traceback" not in errors, errors.decode()
    assert errors.strip() == b"", errors.decode()
    assert (shown + rest).endswith(b"\nDemo ended.\n")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("30m", timedelta(minutes=30)),
        ("3h", timedelta(hours=3)),
        ("1d", timedelta(days=1)),
        ("2d12h", timedelta(days=2, hours=12)),
        (" 1D 30M ", timedelta(days=1, minutes=30)),
        ("60d", timedelta(days=60)),
    ],
)
def test_spans_read_as_numbers_with_units(text: str, span: timedelta) -> None:
    """Minutes, hours and days, alone or combined, in any case and spacing."""
    assert parse_span(text) == span


@pytest.mark.parametrize("text", ["", "x", "1", "d", "1w", "1.5h", "-1d", "1d-", "9" * 5000 + "d"])
def test_unreadable_spans_are_refused_with_the_usage(text: str) -> None:
    """Anything but number-unit pairs gets the usage hint."""
    with pytest.raises(ValueError, match="number and a unit"):
        parse_span(text)


@pytest.mark.parametrize("text", ["60d1m", "999d", "1441h"])
def test_spans_longer_than_sixty_days_are_refused(text: str) -> None:
    """A skip is at most 60 days, so a slip of the finger cannot start a very long walk."""
    with pytest.raises(ValueError, match="at most 60d"):
        parse_span(text)


def test_spans_are_written_back_compactly() -> None:
    """The demo writes spans the way they are typed."""
    assert format_span(timedelta(days=65, hours=4)) == "65d4h"
    assert format_span(timedelta(minutes=90)) == "1h30m"
    assert format_span(timedelta(0)) == "0m"
