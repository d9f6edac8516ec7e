"""Texts and buttons stay within Telegram's limits and escape what they show."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import InlineKeyboardMarkup

from bot import callbacks
from bot.texts.coaching import ASK_MORNING
from bot.texts.encouragement import lines_of
from bot.texts.nudge import REMINDER
from bot.texts.progress_report import caption as progress_caption
from bot.views import keyboards
from bot.views.keyboards import forget_keyboard
from bot.views.routine_message import MAX_MESSAGE_LENGTH, routine_html, split_message
from coach.day_record import SessionRef
from rehab.adherence import Adherence
from rehab.content import load_protocol
from rehab.dose import Amount, Dose
from rehab.encouragement import Situation
from rehab.injury import Onset, SessionOutcome
from rehab.progress_rules import ProgressSummary
from rehab.protocol import Criterion, Exercise, Frequency, Phase, Prescription
from rehab.routine import Routine, routine_for


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
        *(keyboards.pain_keyboard(ref, o) for o in (SessionOutcome.DONE, SessionOutcome.PARTLY)),
        keyboards.red_flag_keyboard((True, False, True, True)),
        keyboards.cleared_keyboard(),
        keyboards.provider_keyboard(),
        keyboards.pain_limit_keyboard(3),
        keyboards.endurance_keyboard(ref),
        keyboards.log_keyboard(ref, morning_of=ref.day),
        keyboards.plan_keyboard(12),
        keyboards.criterion_keyboard(12, (True,) * 11),
        keyboards.pause_keyboard(),
        keyboards.offer_pause_keyboard(),
        InlineKeyboardMarkup([keyboards.snooze_row(ref)]),
        keyboards.settings_keyboard(weekly_summary=True, morning_check=False),
        keyboards.settings_sessions_keyboard(),
        keyboards.settings_time_keyboard(first=True),
        keyboards.settings_second_time_keyboard(time(6)),
        keyboards.settings_zone_keyboard(),
        keyboards.settings_pain_limit_keyboard(5),
        keyboards.settings_quiet_keyboard(),
        forget_keyboard(2**63 - 1),
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
    assert callbacks.LOG.decode(callbacks.LOG.data(ref)) == ref


@pytest.mark.parametrize("packed", ["", "2026:1", "20261399:1", "20261125:3", "x:y", "20261125"])
def test_malformed_session_refs_are_refused(packed: str) -> None:
    """Forged or broken callback data raises ValueError instead of logging anything."""
    with pytest.raises(ValueError, match=r".+"):
        callbacks.LOG.decode(f"log:{packed}")


@pytest.mark.parametrize(
    ("onset", "number", "sessions"),
    [
        (onset, phase.number, sessions)
        for onset in Onset
        for phase in load_protocol().track(onset).phases
        for sessions in (1, 2)
    ],
)
def test_every_phase_routine_fits_one_message(onset: Onset, number: int, sessions: int) -> None:
    """Every phase's fullest routine (its first, with every step) fits one Telegram message,
    with the longest heading a reminder has."""
    phase = load_protocol().track(onset).phase(number)
    for session in range(1, sessions + 1):
        routine = routine_for(
            phase, day_in_phase=0, session=session, sessions_per_day=sessions, done_days=()
        )
        # The longest form: the missed-session word and the morning question both included.
        html = "\n\n".join(
            (
                f"{REMINDER}\n{max(lines_of(Situation.MISSED), key=len)}",
                routine_html(routine, day=date(2026, 11, 25), day_in_phase=0, phases=9, full=True),
                ASK_MORNING,
            )
        )
        assert split_message(html) == [html]


def test_routine_text_is_escaped() -> None:
    """Markup characters in content are shown, not interpreted."""
    exercise = Exercise(key="hold", name="<hold>", steps=("keep pain < 3",), source="s")
    phase = Phase(
        number=1,
        key="p",
        name="A & B",
        goal="move",
        typical_days=(1, 2),
        min_days=1,
        prescriptions=(Prescription(exercise, Dose(sets=3, reps=Amount(10, 10)), Frequency.DAILY),),
        stop_if="pain > 7",
        endurance=("bike",),
        avoid=(),
        criteria=(Criterion(key="c", question="ok?", source="s"),),
        source="s",
    )
    routine = Routine(phase=phase, session=1, prescriptions=phase.prescriptions, shorter=False)
    html = routine_html(routine, day=date(2026, 11, 25), day_in_phase=0, phases=3, full=True)
    assert "A &amp; B" in html
    assert "&lt;hold&gt;" in html
    assert "pain &lt; 3" in html
    assert "pain &gt; 7" in html


@given(lines=st.lists(st.text(min_size=0, max_size=300).filter(lambda t: "\n" not in t)))
def test_split_messages_fit_and_keep_every_line(lines: list[str]) -> None:
    """Splitting never exceeds the limit and loses no non-empty line."""
    html = "\n".join(lines)
    parts = split_message(html, limit=400)
    assert all(len(p.encode("utf-16-le")) // 2 <= 400 for p in parts)
    kept = [line for part in parts for line in part.split("\n")]
    assert [x for x in kept if x.strip()] == [x for x in lines if x.strip()]


def test_a_long_text_is_split_across_messages() -> None:
    """A text over 4096 characters becomes several messages within the limit."""
    html = "\n".join(f"line {i} " + "x" * 90 for i in range(100))
    parts = split_message(html)
    assert len(parts) == 3
    assert all(len(p) <= MAX_MESSAGE_LENGTH for p in parts)


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize("onset", list(Onset))
def test_a_daily_routine_is_short_and_its_first_day_has_every_step(onset: Onset) -> None:
    """A routine is a short list (under 1,000 characters, about 600 on a typical day) with one
    cue an exercise, on any day of a phase; the full one ("How to", the first) has the steps."""
    lengths = []
    for phase in load_protocol().track(onset).phases:
        for day in range(15):
            routine = routine_for(
                phase, day_in_phase=day, session=1, sessions_per_day=1, done_days=range(day)
            )
            html = routine_html(routine, day=date(2026, 12, 2), day_in_phase=day, phases=4)
            lengths.append(len(_plain(html)))
            assert len(_plain(html)) < 1000, (phase.key, day)
            assert "•" not in html, "steps only when asked for (the first routine, How to)"
        first = routine_for(phase, day_in_phase=0, session=1, sessions_per_day=1, done_days=())
        shown = routine_html(first, day=date(2026, 12, 2), day_in_phase=0, phases=4, full=True)
        assert all(step in _plain(shown) for p in first.prescriptions for step in p.exercise.steps)
    assert sorted(lengths)[len(lengths) // 2] < 700, "a typical day reads in a glance"


def test_the_progress_caption_never_says_zero_days_in_a_row() -> None:
    """No streak reads as how to start one; a streak counts its days."""
    week = Adherence(done=0, planned=0)
    summary = ProgressSummary(week, week, 0, 0, phase=1, day_in_phase=1)
    assert "0 days" not in progress_caption(summary, phase_name="Protect and move")
    assert "today's session starts one" in progress_caption(summary, phase_name="Protect")
    longer = replace(summary, streak_days=3)
    assert "Streak: 3 days in a row" in progress_caption(longer, phase_name="Protect")
