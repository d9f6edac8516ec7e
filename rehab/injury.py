"""What the person tells us about their injury, and the checks on it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum

OLDEST_INJURY = timedelta(days=365)


class Onset(StrEnum):
    """How the strain came on; it picks the rehab track."""

    SUDDEN = "sudden"
    GRADUAL = "gradual"


# How people describe each onset in a word or a few, common misspellings included.
_ONSET_WORDS = {
    Onset.SUDDEN: re.compile(
        r"\b(?:su+d+e+n\w*|sud+ne?ly|acute|sharp|pop+(?:ped)?|snap+(?:ped)?|pull(?:ed)?|"
        r"to(?:re|rn)|strain(?:ed)?|sprint\w*|kick\w*|all at once|at once|1)\b"
    ),
    Onset.GRADUAL: re.compile(
        r"\b(?:gradu?a?l\w*|gradul\w*|slow\w*|ach(?:e|es|ing|y)|dull|built up|build up|"
        r"over time|overuse\w*|creep\w*|niggl\w*|tight\w*|2)\b"
    ),
}


def onset_in(text: str) -> Onset | None:
    """The onset a typed answer describes ("sudden", "a dull ache that built up"), or None
    when it names neither or both."""
    plain = text.casefold()
    found = [onset for onset, words in _ONSET_WORDS.items() if words.search(plain)]
    return found[0] if len(found) == 1 else None


class SessionOutcome(StrEnum):
    """What the person says about one planned session."""

    DONE = "done"
    PARTLY = "partly"
    SKIPPED = "skipped"


class AnswerError(ValueError):
    """An answer the person gave that cannot be used; the bot's message says why."""


class InjuryDateProblem(StrEnum):
    """Why an injury date cannot be used."""

    IN_THE_FUTURE = "in_the_future"
    OVER_A_YEAR_AGO = "over_a_year_ago"


class InjuryDateError(AnswerError):
    """An injury date outside the last year up to today."""

    def __init__(self, problem: InjuryDateProblem) -> None:
        super().__init__(problem)
        self.problem = problem


def check_injury_date(day: date, *, today: date) -> date:
    """Accept an injury date from the last year up to today."""
    if day > today:
        raise InjuryDateError(InjuryDateProblem.IN_THE_FUTURE)
    if today - day > OLDEST_INJURY:
        raise InjuryDateError(InjuryDateProblem.OVER_A_YEAR_AGO)
    return day
