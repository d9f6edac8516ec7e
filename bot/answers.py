"""Reading what people type: times of day, dates and time zones.

Pure functions: the day it is comes in as an argument. Every refusal is an AnswerError whose
message is a friendly hint from ``bot.texts.typed_answers``, shown to the person as it is (the
caller escapes it for HTML).
"""

from __future__ import annotations

import difflib
import functools
import re
import zoneinfo
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from bot.texts.typed_answers import (
    DATE_HINT,
    INJURY_DATE_PROBLEMS,
    PAIN_LIMIT_HINT,
    PAIN_LIMIT_TOO_HIGH,
    TIME_HINT,
    WARNING_WORDS,
    ZONE_MISSING,
    ZONE_TOO_LONG,
    no_such_day,
    unknown_zone,
)
from rehab.injury import AnswerError, InjuryDateError, check_injury_date
from rehab.pain import PAIN_LIMIT_RANGE

# Telegram allows 4096 characters; none of these answers needs more than a few dozen, and a cap
# keeps the regular expressions and the fuzzy zone matching cheap on whatever gets pasted.
MAX_ANSWER_LENGTH = 100
# Telegram allows 4096 characters in a message; a warning sign is told in the first few hundred.
MAX_TYPED_MESSAGE = 1000
# How much of an unknown zone name is repeated back, so a pasted essay is not echoed.
MAX_ECHO_LENGTH = 64


# re.ASCII everywhere: \d would otherwise accept digits of every script, which int() reads too,
# so Arabic-Indic or full-width digits would pass without anyone having meant to support them.
_CLOCK = re.compile(
    r"(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)?",
    re.ASCII,
)
# Four digits without a separator read as HHMM ("0730", "1900"); three would be ambiguous
# between 7:30 and a typo, so they are refused.
_COMPACT_CLOCK = re.compile(r"(?P<hour>\d{2})(?P<minute>\d{2})", re.ASCII)
_NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}

_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})", re.ASCII)
# Day first, as written in most of the world; the year may be left out ("20.11.", "20/11").
_DAY_FIRST_DATE = re.compile(
    r"(?P<day>\d{1,2})(?P<sep>[./-])(?P<month>\d{1,2})(?:(?P=sep)(?P<year>\d{4})?)?",
    re.ASCII,
)
_AGO = re.compile(
    r"(?:(?:about|around|roughly|approximately|approx\.?|~)\s*)?"
    r"(?P<count>\d{1,4}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit>days?|weeks?)\s+ago",
    re.ASCII,
)
_COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_DAYS_BACK_BY_WORD = {
    "today": 0,
    "yesterday": 1,
    "day before yesterday": 2,
    "the day before yesterday": 2,
}

# Names zoneinfo lists that are no place: a build artefact and the host's own local zone.
_NOT_PLACES = frozenset({"Factory", "localtime"})


def parse_pain_limit(text: str) -> int:
    """Read a pain limit such as 4 or 4/10: 0 to 6, since 7 or more always means stop."""
    answer = text.strip().removesuffix("/10").strip()
    if not (answer.isascii() and answer.isdecimal()):
        raise AnswerError(PAIN_LIMIT_HINT)
    if int(answer) not in PAIN_LIMIT_RANGE:
        raise AnswerError(PAIN_LIMIT_TOO_HIGH)
    return int(answer)


def parse_time(text: str) -> time:
    """Read a time of day such as 07:30, 7.30, 0730, 7am, 7:30 pm or 19:00."""
    answer = _normalise(text, TIME_HINT)
    if answer in _NAMED_TIMES:
        return _NAMED_TIMES[answer]
    match = _COMPACT_CLOCK.fullmatch(answer) or _CLOCK.fullmatch(answer)
    if match is None:
        raise AnswerError(TIME_HINT)
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    half = match.groupdict().get("half")
    if half is not None:
        # On a 12-hour clock the hour runs 1-12 and 12 am is midnight; "0 am" or "19 pm" is a
        # mix-up, not something to guess at.
        if not 1 <= hour <= 12:
            raise AnswerError(TIME_HINT)
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise AnswerError(TIME_HINT)
    return time(hour, minute)


def parse_date(text: str, *, today: date) -> date:
    """Read a date such as "yesterday", 2026-11-20, 20.11.2026, 20/11 or "3 days ago"."""
    answer = _normalise(text, DATE_HINT)
    if answer in _DAYS_BACK_BY_WORD:
        return _days_before(today, _DAYS_BACK_BY_WORD[answer])
    if match := _AGO.fullmatch(answer):
        count = match["count"]
        number = _COUNT_WORDS[count] if count in _COUNT_WORDS else int(count)
        days = number * 7 if match["unit"].startswith("week") else number
        return _days_before(today, days)
    if match := _ISO_DATE.fullmatch(answer):
        return _calendar_date(int(match["year"]), int(match["month"]), int(match["day"]))
    if match := _DAY_FIRST_DATE.fullmatch(answer):
        day, month = int(match["day"]), int(match["month"])
        if match["year"] is not None:
            return _calendar_date(int(match["year"]), month, day)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise AnswerError(DATE_HINT)
        # Without a year people mean the most recent such day: this year's, unless it is
        # still to come.
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
        return _calendar_date(year, month, day)
    raise AnswerError(DATE_HINT)


_WARNING = re.compile(r"\b(?:" + "|".join(WARNING_WORDS) + r")\b", re.IGNORECASE)


def mentions_warning_sign(text: str) -> bool:
    """Whether typed text may describe a warning sign ("I felt a pop", "my leg is numb")."""
    return _WARNING.search(text[:MAX_TYPED_MESSAGE]) is not None


def parse_injury_date(text: str, *, today: date) -> date:
    """Read when the injury happened: a date from the last year up to today."""
    try:
        return check_injury_date(parse_date(text, today=today), today=today)
    except InjuryDateError as error:
        raise AnswerError(INJURY_DATE_PROBLEMS[error.problem]) from None


def find_zone(text: str) -> ZoneInfo:
    """Find an IANA time zone by name, ignoring case and allowing spaces for underscores."""
    if len(text) > MAX_ANSWER_LENGTH:
        raise AnswerError(ZONE_TOO_LONG)
    wanted = _zone_key(text)
    if not wanted:
        raise AnswerError(ZONE_MISSING)
    name = _zones_by_key().get(wanted)
    if name is not None:
        return ZoneInfo(name)
    shown = _shorten(" ".join(text.split()))
    raise AnswerError(unknown_zone(shown, _close_zones(wanted)))


def _normalise(text: str, hint: str) -> str:
    """Trim, lower-case and single-space an answer, refusing an empty or overlong one."""
    if len(text) > MAX_ANSWER_LENGTH:
        raise AnswerError(hint)
    answer = " ".join(text.split()).lower()
    if not answer:
        raise AnswerError(hint)
    return answer


def _days_before(today: date, days: int) -> date:
    """Count back from today, turning a date before year 1 into a hint."""
    try:
        return today - timedelta(days=days)
    except OverflowError:
        raise AnswerError(DATE_HINT) from None


def _calendar_date(year: int, month: int, day: int) -> date:
    """Build a date, explaining when the calendar has no such day."""
    try:
        return date(year, month, day)
    except ValueError:
        raise AnswerError(no_such_day(day, month, year)) from None


def _zone_key(text: str) -> str:
    """Reduce a zone name to its lookup form: lower case, underscores, no spaces around '/'."""
    parts = (" ".join(part.split()) for part in text.split("/"))
    return "/".join(parts).replace(" ", "_").lower()


@functools.cache
def available_zone_names() -> frozenset[str]:
    """Every IANA zone name known here, less those that are no place."""
    return frozenset(zoneinfo.available_timezones() - _NOT_PLACES)


@functools.cache
def _zones_by_key() -> dict[str, str]:
    """Map each zone's lookup form to its canonical IANA name (built once)."""
    return {name.lower(): name for name in sorted(available_zone_names())}


@functools.cache
def _zones_by_city() -> dict[str, tuple[str, ...]]:
    """Map the last part of each zone name ("london") to the zones that end in it."""
    cities: dict[str, list[str]] = {}
    for key, name in _zones_by_key().items():
        cities.setdefault(key.rsplit("/", 1)[-1], []).append(name)
    return {city: tuple(names) for city, names in cities.items()}


def _close_zones(wanted: str) -> list[str]:
    """Suggest up to three zone names close to an unknown one."""
    # A bare city ("kyiv") names its zone exactly; fuzzy matching on the full names would rank
    # it below typos of other regions, so it goes first.
    by_city = list(_zones_by_city().get(wanted, ()))
    keys = _zones_by_key()
    fuzzy = [keys[key] for key in difflib.get_close_matches(wanted, keys, n=3, cutoff=0.6)]
    return list(dict.fromkeys(by_city + fuzzy))[:3]


def _shorten(text: str) -> str:
    """Cut text to the length we are willing to repeat back."""
    if len(text) <= MAX_ECHO_LENGTH:
        return text
    return text[: MAX_ECHO_LENGTH - 1] + "…"
