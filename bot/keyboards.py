"""Inline keyboards and the callback data their buttons carry (always under 64 bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import ONSET_NAMES, OUTCOME_NAMES
from rehab.injury import Onset, SessionOutcome

COMMON_ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Australia/Sydney",
)
COMMON_TIMES = ("07:00", "08:00", "12:00", "17:00", "18:00", "20:00")
DAYS_AGO_CHOICES = ((0, "Today"), (1, "Yesterday"), (7, "About a week ago"))

RESTART = "ob:restart"


def onset_keyboard() -> InlineKeyboardMarkup:
    """Buttons for how the strain started."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(ONSET_NAMES[o], callback_data=f"ob:onset:{o}")] for o in Onset]
    )


def zone_keyboard() -> InlineKeyboardMarkup:
    """Buttons for common time zones, two per row."""
    buttons = [InlineKeyboardButton(z, callback_data=f"ob:tz:{z}") for z in COMMON_ZONES]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def injury_date_keyboard() -> InlineKeyboardMarkup:
    """Buttons for when the injury happened."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=f"ob:ago:{days}")]
            for days, label in DAYS_AGO_CHOICES
        ]
    )


def reminder_time_keyboard() -> InlineKeyboardMarkup:
    """Buttons for common reminder times, three per row."""
    buttons = [InlineKeyboardButton(t, callback_data=f"ob:time:{t}") for t in COMMON_TIMES]
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def restart_keyboard() -> InlineKeyboardMarkup:
    """A button to run the setup questions again."""
    return InlineKeyboardMarkup([[InlineKeyboardButton("Set up again", callback_data=RESTART)]])


@dataclass(frozen=True)
class SessionRef:
    """Which session of which local day a check-in button is about."""

    day: date
    session: int

    def encode(self) -> str:
        """Pack into a compact string for callback data."""
        return f"{self.day.year:04d}{self.day.month:02d}{self.day.day:02d}:{self.session}"

    @classmethod
    def decode(cls, packed: str) -> SessionRef:
        """Unpack; raises ValueError for anything malformed."""
        day, session = packed.split(":")
        number = int(session)
        if number not in (1, 2):
            raise ValueError("no such session")
        parsed = datetime.strptime(day, "%Y%m%d")  # noqa: DTZ007 (a calendar date, no instant)
        return cls(parsed.date(), number)


def log_keyboard(ref: SessionRef) -> InlineKeyboardMarkup:
    """The button under a routine that opens the check-in."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("Log this session", callback_data=f"log:{ref.encode()}")]]
    )


def outcome_keyboard(ref: SessionRef) -> InlineKeyboardMarkup:
    """Buttons for done, partly or skipped."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(OUTCOME_NAMES[o], callback_data=f"out:{ref.encode()}:{o}")
                for o in SessionOutcome
            ]
        ]
    )


def pain_keyboard(ref: SessionRef, outcome: SessionOutcome) -> InlineKeyboardMarkup:
    """Buttons for pain 0-10 during the session."""
    buttons = [
        InlineKeyboardButton(str(p), callback_data=f"pain:{ref.encode()}:{outcome}:{p}")
        for p in range(11)
    ]
    return InlineKeyboardMarkup([buttons[:6], buttons[6:]])
