"""When a message carries a word of encouragement, and which of its situation's words.

The adherence literature favours tailored messages over one line repeated (issue 14). So a
word is said only where it fits - a run of misses, a skip, a flare of pain, a step back, a
streak, a new phase, a check not passed yet, a week summed up - and not every time: a run of
misses, skips or flares gets a word at its first, third and seventh session only, and a
streak at its third and seventh day, then weekly. Those are a word's stages (``Word.stage``):
each stage has lines of its own that fit it, so a first miss never hears "a while since the
last session". Within a stage the words are numbered (``Word.ordinal``) in the order they are
said, and its lines are taken in turn by that number (``take_turn``), so no line comes twice
in a row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from rehab.adherence import Praise

# The sessions into a run (misses, skips, flares) at which a word is said.
SAY_AT = (1, 3, 7)
# A streak of days with a session done earns a word on these days, then every week.
STREAK_AT = (3, 7)
STREAK_EVERY = 7


class Situation(StrEnum):
    """What a word of encouragement answers."""

    MISSED = "missed"  # in the next reminder after sessions that did not happen
    SKIPPED = "skipped"  # when the person says they skipped
    FLARE = "flare"  # pain above the limit
    STEP_BACK = "step_back"  # progress held or a phase back
    STREAK = "streak"  # days in a row with a session done
    PHASE_CHANGE = "phase_change"  # a criteria check passed
    NOT_YET = "not_yet"  # a criteria check not passed yet
    GREAT_WEEK = "great_week"  # the weekly summary, by the praise the numbers earn
    STEADY_WEEK = "steady_week"
    THIN_WEEK = "thin_week"


_WEEKS = {
    Praise.GREAT: Situation.GREAT_WEEK,
    Praise.STEADY: Situation.STEADY_WEEK,
    Praise.THIN: Situation.THIN_WEEK,
}


@dataclass(frozen=True)
class Word:
    """The ``ordinal``-th word said in a situation at a stage (counted within what the caller
    counts), and the number its line may name (a streak's days)."""

    situation: Situation
    ordinal: int
    # For a run: which of SAY_AT it is at; for a streak: its third day, seventh, or a week on.
    stage: int = 0
    days: int = 0


def take_turn(lines: Sequence[str], ordinal: int) -> str:
    """The line for a word: the lines in turn, so two or more never repeat one in a row."""
    return lines[ordinal % len(lines)]


def run_word(marks: Sequence[bool]) -> tuple[int, int] | None:
    """The stage and ordinal of the word the latest mark earns, or None for no word.

    ``marks`` holds sessions oldest first, True for one that counts (missed, skipped, above
    the limit); the latest is the last. A word comes at the first, third and seventh session
    of a run (stages 0, 1, 2); the ordinal counts the runs before that reached the same stage,
    so a stage's lines take turns.
    """
    runs = _runs(marks)
    if not marks or not marks[-1] or runs[-1] not in SAY_AT:
        return None
    stage = SAY_AT.index(runs[-1])
    return stage, sum(1 for length in runs[:-1] if length >= SAY_AT[stage])


def day_by_day(days: Mapping[date, Sequence[bool]]) -> list[bool]:
    """The marks of each day's sessions, in day order; a day whose sessions all count counts
    once ("Skip today", or a day missed whole, is one miss)."""
    return [
        mark
        for day in sorted(days)
        for mark in ([True] if len(days[day]) > 1 and all(days[day]) else days[day])
    ]


def in_run(situation: Situation, marks: Sequence[bool]) -> Word | None:
    """Misses, skips or flares: a word at the first, third and seventh of a run (``run_word``)."""
    said = run_word(marks)
    return None if said is None else Word(situation, said[1], stage=said[0])


def streak_word(days: int, *, earlier: Sequence[int] = ()) -> Word | None:
    """A word on the third and seventh day in a row with a session done (stages 0 and 1),
    then weekly (stage 2). ``earlier`` holds the lengths of the streaks before this one: the
    ordinal counts their words at the same stage, so a stage's lines take turns."""
    if days in STREAK_AT:
        return Word(
            Situation.STREAK,
            sum(1 for length in earlier if length >= days),
            stage=STREAK_AT.index(days),
            days=days,
        )
    if days > STREAK_AT[-1] and days % STREAK_EVERY == 0:
        ordinal = sum(map(_weekly_words, earlier)) + _weekly_words(days) - 1
        return Word(Situation.STREAK, ordinal, stage=len(STREAK_AT), days=days)
    return None


def streak_lengths(done_days: Iterable[date]) -> list[int]:
    """The lengths of the runs of consecutive days in ``done_days``, oldest first."""
    lengths: list[int] = []
    previous: date | None = None
    for day in sorted(set(done_days)):
        if previous is not None and day - previous == timedelta(days=1):
            lengths[-1] += 1
        else:
            lengths.append(1)
        previous = day
    return lengths


def _weekly_words(days: int) -> int:
    """How many weekly words a streak of this many days drew (past its seventh day)."""
    return max(days // STREAK_EVERY - 1, 0)


def week_word(praise: Praise, *, week: int) -> Word | None:
    """The summary's word for the numbers of its ``week`` (counted from the first)."""
    situation = _WEEKS.get(praise)
    return None if situation is None else Word(situation, week)


def _runs(marks: Sequence[bool]) -> list[int]:
    """The lengths of the runs of True, in order (the last may still be going)."""
    runs: list[int] = []
    length = 0
    for mark in marks:
        if mark:
            length += 1
        elif length:
            runs.append(length)
            length = 0
    if length:
        runs.append(length)
    return runs
