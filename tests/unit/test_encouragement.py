"""When a message carries a word of encouragement, and which one."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from bot.texts.encouragement import LINES, every_line, say
from rehab.adherence import Praise
from rehab.encouragement import (
    SAY_AT,
    Situation,
    Word,
    in_run,
    run_word,
    streak_word,
    take_turn,
    week_word,
)


def test_a_run_of_misses_gets_a_word_at_its_first_third_and_seventh_miss() -> None:
    """Not every reminder after a miss carries a word: a long run gets three."""
    words = [run_word([False] + [True] * run) for run in range(1, 10)]
    assert words == [0, None, 1, None, None, None, 2, None, None]


def test_nothing_missed_means_no_word() -> None:
    """A session done last, or nothing planned yet, says nothing."""
    assert run_word([]) is None
    assert run_word([True, False]) is None


def test_the_words_go_on_counting_across_runs() -> None:
    """A new run's first word follows the words of the runs before."""
    assert run_word([True, False, True]) == 1
    assert run_word([True, True, True, False, True]) == 2


@given(st.lists(st.booleans(), max_size=60))
def test_the_words_said_take_turns(missed: list[bool]) -> None:
    """Whatever the pattern, the reminders' words are numbered 0, 1, 2... in the order they
    are said, so lines cycled by them (two or more) never repeat one in a row."""
    said = [
        word for end in range(1, len(missed) + 1) if (word := run_word(missed[:end])) is not None
    ]
    assert said == list(range(len(said)))
    runs = [len(list(group)) for key, group in itertools.groupby(missed) if key]
    assert len(said) == sum(1 for run in runs for at in SAY_AT if at <= run)


def test_a_streak_earns_a_word_on_its_third_and_seventh_day_then_weekly() -> None:
    said = {days: word for days in range(1, 30) if (word := streak_word(days)) is not None}
    assert list(said) == [3, 7, 14, 21, 28]
    assert [word.ordinal for word in said.values()] == [0, 1, 2, 3, 4]
    assert all(word.days == days for days, word in said.items())


def test_a_skip_or_a_flare_is_a_run_like_misses() -> None:
    assert in_run(Situation.FLARE, [False, True]) == Word(Situation.FLARE, 0)
    assert in_run(Situation.FLARE, [True, True]) is None
    assert in_run(Situation.SKIPPED, [True, True, True]) == Word(Situation.SKIPPED, 1)


def test_a_week_with_nothing_planned_earns_no_word() -> None:
    assert week_word(Praise.NOTHING_PLANNED, week=3) is None
    assert week_word(Praise.GREAT, week=3) == Word(Situation.GREAT_WEEK, 3)


def test_every_situation_has_lines_that_take_turns_and_are_its_own() -> None:
    """Two or more lines each, so turns never repeat one; no line in two situations, so a
    word is never the same as the last word of another situation."""
    assert set(LINES) == set(Situation)
    assert all(len(lines) >= 2 for lines in LINES.values())
    every = every_line()
    assert len(every) == len(set(every))


@given(st.sampled_from(list(Situation)), st.integers(min_value=0, max_value=1000))
def test_turns_never_repeat_a_line(situation: Situation, ordinal: int) -> None:
    lines = LINES[situation]
    assert take_turn(lines, ordinal) != take_turn(lines, ordinal + 1)


def test_a_streak_line_names_its_days() -> None:
    assert "21 days in a row" in say(Word(Situation.STREAK, 3, days=21))
    assert say(None) == ""
