"""The intent reader against the labelled table of typed messages, and its safety properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.intents import READ_AT_MOST, Intent, read_message
from tests.unit.intent_matrix import confusion, labelled_messages, recall

MIN_RECALL = 0.9


def test_the_table_is_big_and_covers_every_intent() -> None:
    """At least 250 messages, with every intent labelled at least 15 times."""
    rows = labelled_messages()
    assert len(rows) >= 250
    for intent in Intent:
        assert sum(row.intent is intent for row in rows) >= 15, intent


def test_no_warning_sign_in_the_table_is_missed() -> None:
    """Warning signs: recall 100 %, whatever else the message says."""
    missed = [
        row.text
        for row in labelled_messages()
        if row.intent is Intent.WARNING_SIGN and read_message(row.text).intent != row.intent
    ]
    assert missed == []


@pytest.mark.parametrize("intent", [i for i in Intent if i is not Intent.WARNING_SIGN])
def test_every_other_intent_is_read_right_at_least_nine_times_in_ten(intent: Intent) -> None:
    """Each intent's recall over the table (python -m tests.unit.intent_matrix prints all)."""
    assert recall(confusion(), intent) >= MIN_RECALL


SIGNS = st.sampled_from(
    [
        "felt a pop",
        "my leg is numb",
        "tingling in my foot",
        "can't walk",
        "huge bruise",
        "severe pain",
        "pain 8/10",
        "something snapped",
    ]
)
FILLER = st.sampled_from(["hi", "done", "skipped today", "thanks", "what now", "ok so", "4", "😭"])


@given(st.lists(FILLER, max_size=3), SIGNS, st.lists(FILLER, max_size=3))
def test_a_warning_sign_wins_whatever_surrounds_it(
    before: list[str], sign: str, after: list[str]
) -> None:
    """A warning sign anywhere in a message makes it a warning, in any case."""
    text = " ".join([*before, sign, *after])
    assert read_message(text).intent is Intent.WARNING_SIGN
    assert read_message(text.upper()).intent is Intent.WARNING_SIGN


def test_a_bare_number_is_read_with_its_value_in_ascii_digits_only() -> None:
    """ "4" and "about 20 min" are numbers; Arabic-Indic "٣٠" is not taken as 30."""
    assert read_message("4").number == 4
    assert read_message("about 20 min").number == 20
    assert read_message("٣٠").intent is not Intent.NUMBER
    assert read_message("٣٠").number is None


def test_a_huge_message_is_read_in_its_first_part() -> None:
    """Very long texts are cut before reading, and still read."""
    assert read_message("blah " * 10_000).intent is Intent.UNKNOWN
    assert read_message("felt a pop " + "x" * READ_AT_MOST).intent is Intent.WARNING_SIGN


@given(st.text(max_size=300))
def test_any_text_gets_a_reading(text: str) -> None:
    """Nothing typed makes the reader fail."""
    assert read_message(text).intent in Intent
