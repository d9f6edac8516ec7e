"""The terminal demo, driven in-process: its demo commands, and :skip walking through days."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from bot.demo import INTRO, SKIP_USAGE, format_span, parse_span, run_demo
from scheduler.clock import ManualClock
from tests.e2e.conftest import START

REMINDER = "Time for your rehab session"
TWO_DAY_NUDGE = "Haven't heard from you"


@dataclass(frozen=True)
class Press:
    """Type the number of the newest button whose label starts with this text."""

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

    def _number_of(self, label: str) -> str:
        numbers = re.findall(rf"\[(\d+)\] {re.escape(label)}", self.screen.getvalue())
        assert numbers, f"no button {label!r} on screen"
        return str(numbers[-1])


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


async def play(script: Script, tmp_path: Path) -> None:
    """Run the demo on a fresh database, starting at START, until the script runs out."""
    await run_demo(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}",
        clock=ManualClock(START),
        read_line=script.next_line,
        out=script.screen,
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
    assert script.screen.getvalue().startswith(INTRO)
    assert ":skip 1d" in INTRO, "the banner shows how to move time"
    assert ":help" in INTRO


async def test_a_skip_with_nothing_due_says_so(tmp_path: Path) -> None:
    """Before onboarding nothing is scheduled, so an hour passes quietly, in UTC."""
    script = Script([":skip 1h"])
    await play(script, tmp_path)

    assert script.after(":skip 1h").strip() == (
        "(skipping 1h, to Wed 25 Nov 07:00 UTC)\n(nothing from the bot meanwhile)"
    )


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
