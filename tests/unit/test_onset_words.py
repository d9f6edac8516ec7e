"""How an onset typed at the first setup question is read."""

from __future__ import annotations

import pytest

from rehab.injury import Onset, onset_in


@pytest.mark.parametrize(
    ("typed", "onset"),
    [
        ("sudden", Onset.SUDDEN),
        ("Suddenly, while sprinting", Onset.SUDDEN),
        ("suden", Onset.SUDDEN),
        ("felt a pop", Onset.SUDDEN),
        ("I pulled it kicking a ball", Onset.SUDDEN),
        ("1", Onset.SUDDEN),
        ("gradual", Onset.GRADUAL),
        ("gradualy", Onset.GRADUAL),
        ("a dull ache that built up over weeks", Onset.GRADUAL),
        ("slowly got tight on long runs", Onset.GRADUAL),
        ("2", Onset.GRADUAL),
        ("hello", None),
        ("not sure", None),
        ("sudden, then a dull ache", None),  # both: asked again
    ],
)
def test_an_onset_typed_in_words_is_read(typed: str, onset: Onset | None) -> None:
    """A typed onset picks the track its words describe, and names neither when unsure."""
    assert onset_in(typed) == onset
