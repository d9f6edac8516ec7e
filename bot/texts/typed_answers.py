"""Hints for typed answers the bot cannot read: times, dates and time zones (plain text)."""

from __future__ import annotations

from rehab.injury import InjuryDateProblem

TIME_HINT = "Please send a time like 07:30 or 19:00."
DATE_HINT = 'Please send a date like 20.11.2026, 2026-11-20, "yesterday" or "3 days ago".'
ZONE_HINT = "Send a name like Europe/Berlin or America/New_York."
ZONE_MISSING = "Please send a time zone name like Europe/Berlin or America/New_York."
ZONE_TOO_LONG = f"That is too long for a time zone name. {ZONE_HINT}"
# Typed words that may describe a warning sign: the bot asks about it (/problem) at once.
WARNING_WORDS = (
    r"pop(?:ped)?",
    r"snap(?:ped)?",
    r"numb(?:ness)?",
    r"tingl\w*",
    r"pins and needles",
    r"bruis\w*",
    r"(?:can'?t|cannot|unable to) walk",
    r"swell\w*|swollen",
    r"(?:very|really|severe|terrible|awful) pain",
)
INJURY_DATE_PROBLEMS = {
    InjuryDateProblem.IN_THE_FUTURE: "That date is in the future. When did it happen?",
    InjuryDateProblem.OVER_A_YEAR_AGO: (
        "That is more than a year ago. This coach is made for strains from the last "
        "12 months; for an older injury please see a physiotherapist or sports physician."
    ),
}


def no_such_day(day: int, month: int, year: int) -> str:
    """A date the calendar does not have."""
    return f"There is no day {day:02d}.{month:02d}.{year:04d} in the calendar. {DATE_HINT}"


def unknown_zone(shown: str, suggestions: list[str]) -> str:
    """A zone name not found, with the closest names if there are any."""
    if not suggestions:
        return f'I don\'t know the time zone "{shown}". {ZONE_HINT}'
    return (
        f'I don\'t know the time zone "{shown}". Did you mean {_or_list(suggestions)}? {ZONE_HINT}'
    )


def _or_list(names: list[str]) -> str:
    """Join names as "A", "A or B", or "A, B or C"."""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} or {names[-1]}"
