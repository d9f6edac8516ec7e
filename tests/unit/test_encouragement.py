"""When a reminder says a word about missed sessions, and which one."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from rehab.encouragement import SAY_AT, missed_word


def test_a_run_of_misses_gets_a_word_at_its_first_third_and_seventh_miss() -> None:
    """Not every reminder after a miss carries a word: a long run gets three."""
    words = [missed_word([False] + [True] * run) for run in range(1, 10)]
    assert words == [0, None, 1, None, None, None, 2, None, None]


def test_nothing_missed_means_no_word() -> None:
    """A session done last, or nothing planned yet, says nothing."""
    assert missed_word([]) is None
    assert missed_word([True, False]) is None


def test_the_words_go_on_counting_across_runs() -> None:
    """A new run's first word follows the words of the runs before."""
    assert missed_word([True, False, True]) == 1
    assert missed_word([True, True, True, False, True]) == 2


@given(st.lists(st.booleans(), max_size=60))
def test_the_words_said_take_turns(missed: list[bool]) -> None:
    """Whatever the pattern, the reminders' words are numbered 0, 1, 2... in the order they
    are said, so lines cycled by them (two or more) never repeat one in a row."""
    said = [
        word for end in range(1, len(missed) + 1) if (word := missed_word(missed[:end])) is not None
    ]
    assert said == list(range(len(said)))
    runs = [len(list(group)) for key, group in itertools.groupby(missed) if key]
    assert len(said) == sum(1 for run in runs for at in SAY_AT if at <= run)
