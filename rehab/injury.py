"""What the person tells us about their injury, and the checks on it."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

OLDEST_INJURY = timedelta(days=365)


class Onset(StrEnum):
    """How the strain came on; it picks the rehab track."""

    SUDDEN = "sudden"
    GRADUAL = "gradual"


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
