"""What every button carries: one codec per family of buttons, and nowhere else.

A family knows its prefix, how to pack a value into callback data and how to read it back.
Handlers register ``family.matches`` as their pattern and read ``family.decode(data)``: data that
was forged, cut short or left over from an older version matches no family, so it reaches the
expired-button answer instead of a traceback. Telegram allows 64 bytes; ``data`` checks it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coach.day_record import SessionRef
from coach.preferences import NO_QUIET_HOURS, Switch
from coach.safety_hold import SeenAnswer
from coach.session_log import MAX_ENDURANCE_MINUTES
from rehab.aggravation import Aggravator
from rehab.injury import Onset, SessionOutcome
from rehab.pain import PAIN_LIMIT_RANGE, MorningResponse
from scheduler.quiet_hours import QuietHours

T = TypeVar("T")
MAX_CALLBACK_BYTES = 64
SEPARATOR = ":"

_DIGITS = re.compile(r"\d{1,20}", re.ASCII)
_DAY = re.compile(r"\d{8}", re.ASCII)
_CLOCK = re.compile(r"\d{2}:\d{2}", re.ASCII)
_ZONE = re.compile(r"[\w/+-]{1,50}", re.ASCII)
_CRITERIA_ANSWERS = re.compile(r"[yn]{0,12}")
PAUSE_DAYS = range(61)  # 0: until resumed
PAIN_SCALE = range(11)
HOUR_AND_MINUTE = 2  # parts of HH:MM split at the separator


class Family(Generic[T]):
    """Buttons of one kind: ``prefix:part:part...``, packed and read by one pair of functions."""

    def __init__(
        self,
        prefix: str,
        *,
        pack: Callable[[T], Sequence[str]],
        unpack: Callable[[Sequence[str]], T],
    ) -> None:
        self.prefix = prefix
        self._pack = pack
        self._unpack = unpack

    def data(self, value: T) -> str:
        """The callback data of a button carrying ``value``."""
        data = SEPARATOR.join((self.prefix, *self._pack(value)))
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data of {self.prefix} is over {MAX_CALLBACK_BYTES} bytes")
        # A button whose data its own handler would refuse is a bug to find when it is built.
        self.decode(data)
        return data

    def decode(self, data: object) -> T:
        """Read a button's value back; ValueError for anything this family did not pack."""
        if not isinstance(data, str) or len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError("not callback data of this bot")
        if data != self.prefix and not data.startswith(self.prefix + SEPARATOR):
            raise ValueError(f"not a {self.prefix} button")
        rest = data[len(self.prefix) + 1 :]
        return self._unpack(rest.split(SEPARATOR) if rest else [])

    def matches(self, data: object) -> bool:
        """Whether the data is a well-formed button of this family (a handler's pattern)."""
        try:
            self.decode(data)
        except ValueError:
            return False
        return True


def _no_parts(_: None) -> Sequence[str]:
    return ()


def _nothing(parts: Sequence[str]) -> None:
    _count(parts, 0)


def _count(parts: Sequence[str], expected: int) -> Sequence[str]:
    if len(parts) != expected:
        raise ValueError(f"expected {expected} parts, got {len(parts)}")
    return parts


def _whole(text: str, allowed: range) -> int:
    if not _DIGITS.fullmatch(text) or int(text) not in allowed:
        raise ValueError("not an allowed number")
    return int(text)


def _packed_day(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _day(text: str) -> date:
    if not _DAY.fullmatch(text):
        raise ValueError("not a date")
    return datetime.strptime(text, "%Y%m%d").date()  # noqa: DTZ007 (a calendar date)


def _clock(text: str) -> time:
    if not _CLOCK.fullmatch(text):
        raise ValueError("not a time of day")
    return time.fromisoformat(text)


def _hhmm(at: time) -> str:
    return at.strftime("%H:%M")


def _ref_parts(ref: SessionRef) -> tuple[str, str]:
    return _packed_day(ref.day), str(ref.session)


def _ref(day: str, session: str) -> SessionRef:
    return SessionRef(_day(day), _whole(session, range(1, 3)))


def _logged_outcome(text: str) -> SessionOutcome:
    """Done or partly: the outcomes that go on to a pain question."""
    outcome = SessionOutcome(text)
    if outcome is SessionOutcome.SKIPPED:
        raise ValueError("a skipped session has no pain")
    return outcome


def _choice(
    options: dict[str, T],
) -> tuple[Callable[[T], Sequence[str]], Callable[[Sequence[str]], T]]:
    """Pack and read one of a few fixed words."""
    words = {value: word for word, value in options.items()}

    def pack(value: T) -> Sequence[str]:
        return (words[value],)

    def unpack(parts: Sequence[str]) -> T:
        (word,) = _count(parts, 1)
        if word not in options:
            raise ValueError("not one of the options")
        return options[word]

    return pack, unpack


_yes_no = _choice({"yes": True, "no": False})


def _session_family(prefix: str) -> Family[SessionRef]:
    return Family(prefix, pack=_ref_parts, unpack=lambda parts: _ref(*_count(parts, 2)))


def _unpack_zone(parts: Sequence[str]) -> str:
    (name,) = _count(parts, 1)
    if not _ZONE.fullmatch(name):
        raise ValueError("not a zone name")
    try:
        ZoneInfo(name)
    except ZoneInfoNotFoundError:
        raise ValueError("no such time zone") from None
    return name


def _zone_family(prefix: str) -> Family[str]:
    return Family(prefix, pack=lambda name: (name,), unpack=_unpack_zone)


def _time_family(prefix: str) -> Family[time]:
    return Family(
        prefix,
        pack=lambda at: _hhmm(at).split(SEPARATOR),
        unpack=lambda parts: _clock(SEPARATOR.join(_count(parts, HOUR_AND_MINUTE))),
    )


def _pain_limit_family(prefix: str) -> Family[int]:
    return Family(
        prefix,
        pack=lambda limit: (str(limit),),
        unpack=lambda parts: _whole(_count(parts, 1)[0], PAIN_LIMIT_RANGE),
    )


def _button(prefix: str) -> Family[None]:
    return Family(prefix, pack=_no_parts, unpack=_nothing)


# Logging a session, under a routine and the check-in questions.
LOG = _session_family("log")
SNOOZE = _session_family("snz")
SKIP_TODAY = _session_family("skp")
# A bare number typed with nothing open: pain (0-10) or minutes of exercise, for a session.
_meant = _choice({"pain": True, "min": False})
NUMBER_MEANT: Family[tuple[SessionRef, bool, int]] = Family(
    "num",
    pack=lambda value: (*_ref_parts(value[0]), *_meant[0](value[1]), str(value[2])),
    unpack=lambda parts: (
        _ref(*_count(parts, 4)[:2]),
        _meant[1](parts[2:3]),
        _whole(parts[3], range(100_000)),
    ),
)
# Under a reply to words the bot could not read: today's routine, or /problem's question.
SHOW_TODAY = _button("today")
ASK_PROBLEM = _button("askproblem")
# Every exercise's steps, in place of a short routine.
HOW_TO = _session_family("howto")
# "I walk at a normal stride without pain", under the routine it changes.
WALKING = _session_family("walk")
# What aggravated a gradual-onset hamstring, asked after a session is logged.
AGGRAVATED: Family[tuple[SessionRef, Aggravator]] = Family(
    "agg",
    pack=lambda value: (*_ref_parts(value[0]), value[1]),
    unpack=lambda parts: (_ref(*_count(parts, 3)[:2]), Aggravator(parts[2])),
)
OUTCOME: Family[tuple[SessionRef, SessionOutcome]] = Family(
    "out",
    pack=lambda value: (*_ref_parts(value[0]), value[1]),
    unpack=lambda parts: (_ref(*_count(parts, 3)[:2]), SessionOutcome(parts[2])),
)
PAIN: Family[tuple[SessionRef, SessionOutcome, int]] = Family(
    "pain",
    pack=lambda value: (*_ref_parts(value[0]), value[1], str(value[2])),
    unpack=lambda parts: (
        _ref(*_count(parts, 4)[:2]),
        _logged_outcome(parts[2]),
        _whole(parts[3], PAIN_SCALE),
    ),
)
# A warning sign can be reported after any outcome, a skipped session included.
WARNING_SIGN: Family[tuple[SessionRef, SessionOutcome]] = Family(
    "flag",
    pack=lambda value: (*_ref_parts(value[0]), value[1]),
    unpack=lambda parts: (_ref(*_count(parts, 3)[:2]), SessionOutcome(parts[2])),
)
TYPE_IT = "type"
# Endurance minutes, or None for the button that explains how to type a number.
ENDURANCE: Family[tuple[SessionRef, int | None]] = Family(
    "end",
    pack=lambda value: (*_ref_parts(value[0]), TYPE_IT if value[1] is None else str(value[1])),
    unpack=lambda parts: (
        _ref(*_count(parts, 3)[:2]),
        None if parts[2] == TYPE_IT else _whole(parts[2], range(MAX_ENDURANCE_MINUTES + 1)),
    ),
)
MORNING: Family[tuple[date, MorningResponse]] = Family(
    "mor",
    pack=lambda value: (_packed_day(value[0]), value[1]),
    unpack=lambda parts: (_day(_count(parts, 2)[0]), MorningResponse(parts[1])),
)

# The phase check: the phase and the answers so far (y/n per criterion) travel in the button.
CRITERION: Family[tuple[int, tuple[bool, ...]]] = Family(
    "crit",
    pack=lambda value: (str(value[0]), "".join("y" if yes else "n" for yes in value[1])),
    unpack=lambda parts: (
        _whole(_count(parts, 2)[0], range(1, 100)),
        _criteria_answers(parts[1]),
    ),
)


def _criteria_answers(text: str) -> tuple[bool, ...]:
    if not _CRITERIA_ANSWERS.fullmatch(text):
        raise ValueError("not criteria answers")
    return tuple(answer == "y" for answer in text)


# The safety hold: what the professional said, and /problem's answer.
SEEN: Family[SeenAnswer] = Family(
    "seen",
    pack=lambda answer: (answer,),
    unpack=lambda parts: SeenAnswer(_count(parts, 1)[0]),
)
FOUND_PROVIDER = _button("physio")
# After the programme: the sport sign-off, and the weekly sessions on or off.
SIGN_OFF: Family[bool] = Family("signoff", pack=_yes_no[0], unpack=_yes_no[1])
_weekly_words = _choice({"on": True, "off": False})
WEEKLY: Family[bool] = Family("weekly", pack=_weekly_words[0], unpack=_weekly_words[1])
_problem_words = _choice({"yes": True, "no": False})
PROBLEM: Family[bool] = Family("problem", pack=_problem_words[0], unpack=_problem_words[1])

# Breaks: days of pause (0: until resumed), and carrying on instead.
PAUSE: Family[int] = Family(
    "pause",
    pack=lambda days: (str(days),),
    unpack=lambda parts: _whole(_count(parts, 1)[0], PAUSE_DAYS),
)
KEEP_GOING = _button("keep")

# /forget: the answer and the person whose data it is about.
FORGET: Family[tuple[bool, int]] = Family(
    "forget",
    pack=lambda value: ("yes" if value[0] else "no", str(value[1])),
    unpack=lambda parts: (
        _yes_no[1](_count(parts, 2)[:1]),
        _whole(parts[1], range(2**63)),
    ),
)

# Onboarding: every step's buttons start with "ob:", so a button of another step is known.
SETUP_PREFIX = "ob"
RESTART = _button("ob:restart")
ONSET: Family[Onset] = Family(
    "ob:onset",
    pack=lambda onset: (onset,),
    unpack=lambda parts: Onset(_count(parts, 1)[0]),
)
# The safety check asks the warning signs one by one: the answers so far (y/n) travel along.
WARNING_SIGNS_AT_SETUP: Family[tuple[bool, ...]] = Family(
    "ob:signs",
    pack=lambda answers: ("".join("y" if yes else "n" for yes in answers),),
    unpack=lambda parts: _criteria_answers(_count(parts, 1)[0]),
)
CLEARED: Family[bool] = Family("ob:cleared", pack=_yes_no[0], unpack=_yes_no[1])
PROVIDER: Family[bool] = Family("ob:prov", pack=_yes_no[0], unpack=_yes_no[1])
SETUP_PAIN_LIMIT = _pain_limit_family("ob:limit")
SETUP_ZONE = _zone_family("ob:tz")
# Shows the keyboard that shares a location, to read the zone from.
SETUP_SHARE_LOCATION = _button("ob:loc")
INJURED_DAYS_AGO: Family[int] = Family(
    "ob:ago",
    pack=lambda days: (str(days),),
    unpack=lambda parts: _whole(_count(parts, 1)[0], range(8)),
)
SETUP_SESSIONS: Family[int] = Family(
    "ob:spd",
    pack=lambda sessions: (str(sessions),),
    unpack=lambda parts: _whole(_count(parts, 1)[0], range(1, 3)),
)
SETUP_TIME = _time_family("ob:time")
# At the end of a new setup of someone with a plan: keep their phase, or start over.
_keep = _choice({"keep": True, "over": False})
KEEP_PHASE: Family[bool] = Family("ob:keep", pack=_keep[0], unpack=_keep[1])


def is_setup_button(data: object) -> bool:
    """Whether the data belongs to a button of some onboarding step."""
    return isinstance(data, str) and data.startswith(SETUP_PREFIX + SEPARATOR)


# /settings: every button carries all it needs, so it works from any settings message.
SETTINGS_MENU = _button("set:menu")
OPEN_SESSIONS = _button("set:spd")
OPEN_ZONE = _button("set:tz")
OPEN_PAIN_LIMIT = _button("set:limit")
OPEN_QUIET_HOURS = _button("set:quiet")
SESSIONS_A_DAY: Family[int] = Family(
    "set:spd",
    pack=lambda sessions: (str(sessions),),
    unpack=lambda parts: _whole(_count(parts, 1)[0], range(1, 3)),
)
ONE_TIME = _time_family("set:one")
FIRST_OF_TWO = _time_family("set:first")
TWO_TIMES: Family[tuple[time, time]] = Family(
    "set:two",
    pack=lambda times: f"{_hhmm(times[0])}-{_hhmm(times[1])}".split(SEPARATOR),
    unpack=lambda parts: _two_times(SEPARATOR.join(_count(parts, 3))),
)
ZONE = _zone_family("set:tz")
SHARE_LOCATION = _button("set:loc")
PAIN_LIMIT = _pain_limit_family("set:limit")
NONE = "none"
QUIET_HOURS: Family[QuietHours] = Family(
    "set:quiet",
    pack=lambda window: (NONE,) if window == NO_QUIET_HOURS else str(window).split(SEPARATOR),
    unpack=lambda parts: _quiet_hours(SEPARATOR.join(parts)),
)
_switch_words = _choice({"on": True, "off": False})
SWITCHES = {
    switch: Family(f"set:{switch}", pack=_switch_words[0], unpack=_switch_words[1])
    for switch in Switch
}


def _two_times(text: str) -> tuple[time, time]:
    first, _, second = text.partition("-")
    return _clock(first), _clock(second)


def _quiet_hours(text: str) -> QuietHours:
    if text == NONE:
        return NO_QUIET_HOURS
    first, second = _two_times(text)
    return QuietHours(first, second)
