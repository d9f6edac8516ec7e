"""When a message carries a word of encouragement, and which one."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.texts.encouragement import LINES, every_line, lines_of, say
from bot.texts.nudge import NUDGES, SKIPPED_TODAY
from rehab.adherence import Praise
from rehab.encouragement import (
    SAY_AT,
    Situation,
    Word,
    in_run,
    run_word,
    streak_lengths,
    streak_word,
    take_turn,
    week_word,
)


def test_a_run_of_misses_gets_a_word_at_its_first_third_and_seventh_miss() -> None:
    """Not every reminder after a miss carries a word: a long run gets three, one per stage."""
    words = [run_word([False] + [True] * run) for run in range(1, 10)]
    assert words == [(0, 0), None, (1, 0), None, None, None, (2, 0), None, None]


def test_nothing_missed_means_no_word() -> None:
    """A session done last, or nothing planned yet, says nothing."""
    assert run_word([]) is None
    assert run_word([True, False]) is None


def test_a_stage_counts_the_runs_before_that_reached_it() -> None:
    """A new run's first word follows the first words of the runs before; its third word
    follows only the runs that were three long."""
    assert run_word([True, False, True]) == (0, 1)
    assert run_word([True, True, True, False, True]) == (0, 1)
    assert run_word([True, False, True, True, True]) == (1, 0)
    assert run_word([True, True, True, False, True, True, True]) == (1, 1)


@given(st.lists(st.booleans(), max_size=60))
def test_each_stage_numbers_its_words_in_order(missed: list[bool]) -> None:
    """Whatever the pattern, each stage's words are numbered 0, 1, 2... in the order they are
    said, so its lines (two or more, taken in turn) never repeat one in a row; and a word's
    stage is where the run is: a first miss never gets the words of a long run."""
    said = [
        (word, end)
        for end in range(1, len(missed) + 1)
        if (word := run_word(missed[:end])) is not None
    ]
    for stage in range(len(SAY_AT)):
        assert [ordinal for (at, ordinal), _ in said if at == stage] == list(
            range(sum(at == stage for (at, _), _ in said))
        )
    for (stage, _), end in said:
        run = len(list(itertools.takewhile(bool, reversed(missed[:end]))))
        assert run == SAY_AT[stage]
    runs = [len(list(group)) for key, group in itertools.groupby(missed) if key]
    assert len(said) == sum(1 for run in runs for at in SAY_AT if at <= run)


def test_a_streak_earns_a_word_on_its_third_and_seventh_day_then_weekly() -> None:
    said = {days: word for days in range(1, 30) if (word := streak_word(days)) is not None}
    assert list(said) == [3, 7, 14, 21, 28]
    assert [(word.stage, word.ordinal) for word in said.values()] == [
        (0, 0),
        (1, 0),
        (2, 0),
        (2, 1),
        (2, 2),
    ]
    assert all(word.days == days for days, word in said.items())


def test_a_new_streak_takes_the_next_line_of_its_stage() -> None:
    """Streaks broken and started again do not hear the same line each third day."""
    assert streak_word(3, earlier=[5, 2]) == Word(Situation.STREAK, 1, stage=0, days=3)
    assert streak_word(7, earlier=[5, 9]) == Word(Situation.STREAK, 1, stage=1, days=7)
    assert streak_word(14, earlier=[15]) == Word(Situation.STREAK, 1, stage=2, days=14)
    assert say(streak_word(3)) != say(streak_word(3, earlier=[3]))


def test_streak_lengths_are_runs_of_consecutive_days() -> None:
    day = date(2026, 11, 2)
    days = [day, day + timedelta(days=1), day + timedelta(days=3), day + timedelta(days=3)]
    assert streak_lengths(days) == [2, 1]
    assert streak_lengths([]) == []


def test_a_skip_or_a_flare_is_a_run_like_misses() -> None:
    assert in_run(Situation.FLARE, [False, True]) == Word(Situation.FLARE, 0)
    assert in_run(Situation.FLARE, [True, True]) is None
    assert in_run(Situation.SKIPPED, [True, True, True]) == Word(Situation.SKIPPED, 0, stage=1)


def test_a_week_with_nothing_planned_earns_no_word() -> None:
    assert week_word(Praise.NOTHING_PLANNED, week=3) is None
    assert week_word(Praise.GREAT, week=3) == Word(Situation.GREAT_WEEK, 3)


def test_every_stage_has_lines_that_take_turns_and_are_its_own() -> None:
    """Two or more lines a stage, so turns never repeat one; runs and streaks have a stage for
    each point they are said at; no line twice anywhere."""
    assert set(LINES) == set(Situation)
    assert all(len(lines) >= 2 for stages in LINES.values() for lines in stages)
    for situation in (Situation.MISSED, Situation.SKIPPED, Situation.FLARE, Situation.STREAK):
        assert len(LINES[situation]) == len(SAY_AT)
    every = every_line()
    assert len(every) == len(set(every))


def _phrases(line: str) -> set[tuple[str, ...]]:
    """The line's runs of four words, lower case, markup and punctuation left out."""
    words = re.findall(r"[a-z0-9']+", re.sub(r"<[^>]+>|\{days\}", " ", line.lower()))
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def test_no_phrase_is_in_two_situations_or_a_nudge() -> None:
    """A reminder's word and the reply's word right after it (a miss, then "Skip today"), or a
    nudge after an unanswered reminder, never say the same thing in other words around it."""
    groups: dict[str, list[str]] = {situation: lines_of(situation) for situation in Situation}
    groups["nudges"] = list(NUDGES.values())  # a day or more apart, each its own rung
    groups["skipped today"] = [SKIPPED_TODAY]
    seen: dict[tuple[str, ...], str] = {}
    for group, lines in groups.items():
        for phrase in set().union(*map(_phrases, lines)):
            assert seen.setdefault(phrase, group) == group, (phrase, group)


@given(
    st.sampled_from(list(Situation)),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=0, max_value=1000),
)
def test_turns_never_repeat_a_line(situation: Situation, stage: int, ordinal: int) -> None:
    stages = LINES[situation]
    lines = stages[min(stage, len(stages) - 1)]
    assert take_turn(lines, ordinal) != take_turn(lines, ordinal + 1)


def test_a_streak_line_names_its_days() -> None:
    assert "21 days in a row" in say(Word(Situation.STREAK, 1, stage=2, days=21))
    assert say(None) == ""
