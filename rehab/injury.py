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
    """An answer the person gave that cannot be used; the message says why, in plain words."""


def check_injury_date(day: date, *, today: date) -> date:
    """Accept an injury date from the last year up to today."""
    if day > today:
        raise AnswerError("That date is in the future. When did it happen?")
    if today - day > OLDEST_INJURY:
        raise AnswerError(
            "That is more than a year ago. This coach is made for strains from the last "
            "12 months; for an older injury please see a physiotherapist or sports physician."
        )
    return day
