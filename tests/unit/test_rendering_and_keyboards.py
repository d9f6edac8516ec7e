"""Texts and buttons stay within Telegram's limits and escape what they show."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import keyboards
from bot.keyboards import SessionRef
from bot.rendering import MAX_MESSAGE_LENGTH, routine_html, split_message
from rehab.injury import Onset, SessionOutcome
from rehab.routine import Exercise, Routine, routine_for


def all_callback_data() -> list[str]:
    """Collect the callback data of every keyboard the bot can show."""
    ref = SessionRef(date(2026, 12, 31), 2)
    markups = [
        keyboards.onset_keyboard(),
        keyboards.zone_keyboard(),
        keyboards.injury_date_keyboard(),
        keyboards.reminder_time_keyboard(),
        keyboards.restart_keyboard(),
        keyboards.log_keyboard(ref),
        keyboards.outcome_keyboard(ref),
        *(keyboards.pain_keyboard(ref, outcome) for outcome in SessionOutcome),
    ]
    return [
        str(button.callback_data)
        for markup in markups
        for row in markup.inline_keyboard
        for button in row
    ]


def test_every_callback_data_fits_64_bytes() -> None:
    """Telegram refuses callback data over 64 bytes; no button comes near it."""
    sizes = [len(data.encode()) for data in all_callback_data()]
    assert max(sizes) <= 64


@given(day=st.dates(), session=st.sampled_from([1, 2]))
def test_session_refs_round_trip(day: date, session: int) -> None:
    """A session reference decodes to what was encoded."""
    ref = SessionRef(day, session)
    assert SessionRef.decode(ref.encode()) == ref


@pytest.mark.parametrize("packed", ["", "2026:1", "20261399:1", "20261125:3", "x:y", "20261125"])
def test_malformed_session_refs_are_refused(packed: str) -> None:
    """Forged or broken callback data raises ValueError instead of logging anything."""
    with pytest.raises(ValueError, match=r".+"):
        SessionRef.decode(packed)


@pytest.mark.parametrize("onset", list(Onset))
def test_routines_fit_one_message(onset: Onset) -> None:
    """Each rendered routine fits a single Telegram message."""
    html = routine_html(routine_for(onset, session=1), day=date(2026, 11, 25), session=1)
    assert split_message(html) == [html]


def test_routine_text_is_escaped() -> None:
    """Markup characters in content are shown, not interpreted."""
    routine = Routine(
        title="A & B",
        exercises=(Exercise(name="<hold>", how="keep pain < 3", dose="3 x 10"),),
        endurance="bike",
        stop_if="pain > 7",
    )
    html = routine_html(routine, day=date(2026, 11, 25), session=1)
    assert "A &amp; B" in html
    assert "&lt;hold&gt;" in html
    assert "pain &lt; 3" in html


@given(lines=st.lists(st.text(min_size=0, max_size=300).filter(lambda t: "\n" not in t)))
def test_split_messages_fit_and_keep_every_line(lines: list[str]) -> None:
    """Splitting never exceeds the limit and loses no non-empty line."""
    html = "\n".join(lines)
    parts = split_message(html, limit=400)
    assert all(len(p.encode("utf-16-le")) // 2 <= 400 for p in parts)
    kept = [line for part in parts for line in part.split("\n")]
    assert [x for x in kept if x] == [x for x in lines if x]


def test_a_long_text_is_split_across_messages() -> None:
    """A text over 4096 characters becomes several messages within the limit."""
    html = "\n".join(f"line {i} " + "x" * 90 for i in range(100))
    parts = split_message(html)
    assert len(parts) == 3
    assert all(len(p) <= MAX_MESSAGE_LENGTH for p in parts)
