"""Inline keyboards and the callback data their buttons carry (always under 64 bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.answers import far_enough
from bot.texts import ONSET_NAMES, OUTCOME_NAMES
from bot.texts import coaching as coaching_texts
from rehab.injury import Onset, SessionOutcome
from rehab.pain import PAIN_LIMIT_RANGE

COMMON_ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Australia/Sydney",
)
COMMON_TIMES = ("07:00", "08:00", "12:00", "17:00", "18:00", "20:00")
SECOND_TIMES = ("12:00", "13:00", "17:00", "18:00", "19:00", "20:00", "21:00")
DAYS_AGO_CHOICES = ((0, "Today"), (1, "Yesterday"), (7, "About a week ago"))

RESTART = "ob:restart"


def onset_keyboard() -> InlineKeyboardMarkup:
    """Buttons for how the strain started."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(ONSET_NAMES[o], callback_data=f"ob:onset:{o}")] for o in Onset]
    )


def red_flags_keyboard() -> InlineKeyboardMarkup:
    """Answers to the safety check at setup."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("None of these", callback_data="ob:flags:none")],
            [InlineKeyboardButton("Yes, at least one", callback_data="ob:flags:some")],
        ]
    )


def cleared_keyboard() -> InlineKeyboardMarkup:
    """After a warning sign at setup: checked and cleared, or get checked first."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "I've been checked and may exercise", callback_data="ob:cleared:yes"
                )
            ],
            [InlineKeyboardButton("I'll get it checked first", callback_data="ob:cleared:no")],
        ]
    )


def provider_keyboard() -> InlineKeyboardMarkup:
    """Whether a physio or sports physician is involved."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes", callback_data="ob:prov:yes"),
                InlineKeyboardButton("Not yet", callback_data="ob:prov:no"),
            ]
        ]
    )


def pain_limit_keyboard(default: int) -> InlineKeyboardMarkup:
    """Pain limits 0-6, the track's default marked."""
    buttons = [
        InlineKeyboardButton(
            f"{limit} (usual)" if limit == default else str(limit),
            callback_data=f"ob:limit:{limit}",
        )
        for limit in PAIN_LIMIT_RANGE
    ]
    return InlineKeyboardMarkup([buttons[:4], buttons[4:]])


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


def sessions_keyboard() -> InlineKeyboardMarkup:
    """One or two sessions a day."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("One a day", callback_data="ob:spd:1"),
                InlineKeyboardButton("Two a day", callback_data="ob:spd:2"),
            ]
        ]
    )


def reminder_time_keyboard(
    *, after: time | None = None, first_of_two: bool = False
) -> InlineKeyboardMarkup:
    """Buttons for common reminder times, three per row; after a first time, only those that
    leave room for two sessions (typing stays possible for any other)."""
    times = list(COMMON_TIMES) if after is None else _second_times(after)
    if first_of_two:
        times = [t for t in times if _second_times(time.fromisoformat(t))]
    buttons = [InlineKeyboardButton(t, callback_data=f"ob:time:{t}") for t in times]
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def _second_times(first: time) -> list[str]:
    """The usual second-session times that come far enough after the first."""
    return [t for t in SECOND_TIMES if far_enough(first, time.fromisoformat(t))]


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


def log_keyboard(ref: SessionRef, *, morning_of: date | None = None) -> InlineKeyboardMarkup:
    """The button under a routine that opens the check-in, with the morning check if asked."""
    rows = [[InlineKeyboardButton("Log this session", callback_data=f"log:{ref.encode()}")]]
    if morning_of is not None:
        rows.insert(0, morning_keyboard(morning_of))
    return InlineKeyboardMarkup(rows)


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
    """Buttons for pain 0-10 during the session, and one to report a warning sign."""
    buttons = [
        InlineKeyboardButton(str(p), callback_data=f"pain:{ref.encode()}:{outcome}:{p}")
        for p in range(11)
    ]
    flag = InlineKeyboardButton(
        coaching_texts.RED_FLAG_BUTTON, callback_data=f"flag:{ref.encode()}:{outcome}"
    )
    return InlineKeyboardMarkup([buttons[:6], buttons[6:], [flag]])


def endurance_keyboard(ref: SessionRef) -> InlineKeyboardMarkup:
    """Buttons for endurance minutes, plus one that explains how to type a number."""
    buttons = [
        InlineKeyboardButton(label, callback_data=f"end:{ref.encode()}:{minutes}")
        for minutes, label in coaching_texts.ENDURANCE_CHOICES
    ]
    typed = InlineKeyboardButton("Type a number", callback_data=f"end:{ref.encode()}:type")
    return InlineKeyboardMarkup([buttons, [typed]])


def morning_keyboard(day: date) -> list[InlineKeyboardButton]:
    """A row of buttons for the next-morning check of a local day."""
    packed = f"{day.year:04d}{day.month:02d}{day.day:02d}"
    return [
        InlineKeyboardButton(label, callback_data=f"mor:{packed}:{response}")
        for response, label in coaching_texts.MORNING_NAMES.items()
    ]


def plan_keyboard(phase: int) -> InlineKeyboardMarkup:
    """The button under /plan that starts the criteria check of a phase."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(coaching_texts.START_CHECK, callback_data=f"crit:{phase}:")]]
    )


def criterion_keyboard(phase: int, answers: str) -> InlineKeyboardMarkup:
    """Yes and no for the next criterion; the answers so far travel in the callback data."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes", callback_data=f"crit:{phase}:{answers}y"),
                InlineKeyboardButton("No, not yet", callback_data=f"crit:{phase}:{answers}n"),
            ]
        ]
    )


def snooze_row(ref: SessionRef) -> list[InlineKeyboardButton]:
    """Snooze an hour, or skip today: the buttons under a reminder."""
    return [
        InlineKeyboardButton("😴 Snooze 1 h", callback_data=f"snz:{ref.encode()}"),
        InlineKeyboardButton("Skip today", callback_data=f"skp:{ref.encode()}"),
    ]


PAUSE_CHOICES = ((3, "3 days"), (7, "1 week"), (14, "2 weeks"), (0, "Until I resume"))


def pause_keyboard() -> InlineKeyboardMarkup:
    """How long a break from reminders."""
    buttons = [
        InlineKeyboardButton(label, callback_data=f"pause:{days}") for days, label in PAUSE_CHOICES
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:]])


def offer_pause_keyboard() -> InlineKeyboardMarkup:
    """The week-of-silence nudge's choice: a week's pause or carrying on."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Pause for a week", callback_data="pause:7"),
                InlineKeyboardButton("Keep going", callback_data="keep"),
            ]
        ]
    )


SETTINGS_MENU = "set:menu"
QUIET_PRESETS = ("22:00-07:00", "23:00-08:00", "21:00-06:00")


def settings_keyboard(*, weekly_summary: bool, morning_check: bool) -> InlineKeyboardMarkup:
    """One button per setting under the /settings summary; switches show what a tap does."""
    weekly = "Turn weekly summary off" if weekly_summary else "Turn weekly summary on"
    morning = "Turn morning check off" if morning_check else "Turn morning check on"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("⏰ Reminder times", callback_data="set:spd"),
                InlineKeyboardButton("🌍 Time zone", callback_data="set:tz"),
            ],
            [
                InlineKeyboardButton("Pain limit", callback_data="set:limit"),
                InlineKeyboardButton("🌙 Quiet hours", callback_data="set:quiet"),
            ],
            [
                InlineKeyboardButton(
                    weekly, callback_data=f"set:weekly:{'off' if weekly_summary else 'on'}"
                )
            ],
            [
                InlineKeyboardButton(
                    morning, callback_data=f"set:morning:{'off' if morning_check else 'on'}"
                )
            ],
        ]
    )


def settings_sessions_keyboard() -> InlineKeyboardMarkup:
    """One or two sessions a day, from the settings."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("One a day", callback_data="set:spd:1"),
                InlineKeyboardButton("Two a day", callback_data="set:spd:2"),
            ],
            [_back_to_settings()],
        ]
    )


def settings_time_keyboard(*, first: bool) -> InlineKeyboardMarkup:
    """Common times for the only session of a day, or for the first of two."""
    step = "first" if first else "one"
    buttons = [InlineKeyboardButton(t, callback_data=f"set:{step}:{t}") for t in COMMON_TIMES]
    return InlineKeyboardMarkup(
        [*(buttons[i : i + 3] for i in range(0, len(buttons), 3)), [_back_to_settings()]]
    )


def settings_second_time_keyboard(first: time) -> InlineKeyboardMarkup:
    """Times later than the first session's; each button carries both times."""
    shown = first.strftime("%H:%M")
    buttons = [
        InlineKeyboardButton(t, callback_data=f"set:two:{shown}-{t}") for t in _second_times(first)
    ]
    return InlineKeyboardMarkup(
        [*(buttons[i : i + 3] for i in range(0, len(buttons), 3)), [_back_to_settings()]]
    )


def settings_zone_keyboard() -> InlineKeyboardMarkup:
    """Common time zones, two per row, from the settings."""
    buttons = [InlineKeyboardButton(z, callback_data=f"set:tz:{z}") for z in COMMON_ZONES]
    return InlineKeyboardMarkup(
        [*(buttons[i : i + 2] for i in range(0, len(buttons), 2)), [_back_to_settings()]]
    )


def settings_pain_limit_keyboard(default: int) -> InlineKeyboardMarkup:
    """Pain limits 0-6 from the settings, the track's default marked."""
    buttons = [
        InlineKeyboardButton(
            f"{limit} (usual)" if limit == default else str(limit),
            callback_data=f"set:limit:{limit}",
        )
        for limit in PAIN_LIMIT_RANGE
    ]
    return InlineKeyboardMarkup([buttons[:4], buttons[4:], [_back_to_settings()]])


def settings_quiet_keyboard() -> InlineKeyboardMarkup:
    """A few quiet-hour windows, and none at all."""
    buttons = [InlineKeyboardButton(w, callback_data=f"set:quiet:{w}") for w in QUIET_PRESETS]
    none = InlineKeyboardButton("None", callback_data="set:quiet:none")
    return InlineKeyboardMarkup([buttons, [none, _back_to_settings()]])


def _back_to_settings() -> InlineKeyboardButton:
    return InlineKeyboardButton("« Back", callback_data=SETTINGS_MENU)
