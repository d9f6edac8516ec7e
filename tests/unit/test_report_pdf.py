"""The physio report as a PDF, read back with pypdf: plan, sessions with their flags, footer."""

from __future__ import annotations

import io
from datetime import date, time, timedelta

import pytest
from PIL import Image
from pypdf import PdfReader

from bot.texts import progress_report as words
from bot.views.report_page import PlanFacts, ReportInputs
from bot.views.report_pdf import plain, report_pdf
from coach.days_off import hold_records
from rehab.content import load_protocol
from rehab.injury import Onset, SessionOutcome
from rehab.pain import MorningReport, MorningResponse
from rehab.progress_rules import History, SessionLog, Slot, history_rows, summarise
from storage.history import CheckRecord, FlagRecord, PersonHistory
from storage.models import FlagKind, PhaseChangeReason
from storage.plans import PhaseStep

TODAY = date(2026, 11, 25)


def ago(days: int) -> date:
    """The date ``days`` days before TODAY."""
    return TODAY - timedelta(days=days)


def chart_png() -> bytes:
    """A small real PNG standing in for the chart."""
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 220, 240)).save(out, format="PNG")
    return out.getvalue()


def build(*, detail: str | None = "sore", name: str | None = "Ana", extra: str = "") -> bytes:
    """A report of three weeks: sessions, a flag, a week of missed reminders, a phase change."""
    track = load_protocol().track(Onset.SUDDEN)
    activity = History(
        started_on=ago(20),
        sessions=(
            SessionLog(ago(20), 1, SessionOutcome.DONE, 3, 20),
            SessionLog(ago(19), 1, SessionOutcome.DONE, 5, None),
            SessionLog(ago(10), 1, SessionOutcome.PARTLY, 2, 15),
        ),
        mornings=(MorningReport(ago(18), MorningResponse.SAME),),
        unanswered=(
            Slot(ago(18), 1),
            *(Slot(ago(days), 1) for days in range(17, 10, -1)),
        ),
    )
    past = PersonHistory(
        activity=activity,
        phase_steps=(
            PhaseStep(ago(20), None, 1, PhaseChangeReason.START),
            PhaseStep(ago(10), 1, 2, PhaseChangeReason.ADVANCE),
        ),
        flags=(
            FlagRecord(ago(19), FlagKind.PAIN_STOP, detail),
            FlagRecord(ago(10), FlagKind.HOLD_NOT_SEEN, None),
            FlagRecord(ago(10), FlagKind.HOLD_CLEARED, None),
            FlagRecord(ago(2), FlagKind.WALKING_PAIN_FREE, extra or None),
        ),
        injury_date=ago(25),
        checks=(
            CheckRecord(
                ago(12), 1, (("normal_stride", True), ("slow_jog", False)), "criteria_missing"
            ),
            CheckRecord(ago(10), 1, (("normal_stride", True), ("slow_jog", True)), "advanced"),
        ),
    )
    return report_pdf(
        ReportInputs(
            plan=PlanFacts(
                track=track,
                phase=track.phase(2),
                day_in_phase=11,
                pain_limit=3,
                limit_agreed=True,
                has_provider=False,
                reminder_times=(time(7, 0),),
                zone="Europe/London",
            ),
            history=past,
            summary=summarise(
                activity, today=TODAY, sessions_per_day=1, phase=2, phase_started_on=ago(10)
            ),
            rows=history_rows(activity, today=TODAY),
            chart_png=chart_png(),
            today=TODAY,
            holds=hold_records(past.flags, open_since=None),
            display_name=name,
        ),
        sessions_per_day=1,
    )


def pages(data: bytes) -> list[str]:
    """The text of each page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def lines(data: bytes) -> list[str]:
    """Every line of text in the document."""
    return [line for text in pages(data) for line in text.splitlines()]


def test_the_pdf_states_the_plan_facts_and_title() -> None:
    """Title, name, date made, and the plan as the HTML page states it, plus sessions a day."""
    data = build()
    assert data.startswith(b"%PDF")
    text = "\n".join(pages(data))
    assert "Hamstring rehab report" in text
    assert "For Ana" in text
    assert "Made on Wed 25 Nov 2026" in text
    assert "Track Sudden strain" in text
    assert "Phase 2 of 4:" in text
    assert "Day in phase 11" in text
    assert "Pain limit during exercise 3/10" in text
    assert "Sessions a day 1" in text
    assert "Physio or sports physician involved No" in text
    assert "Sessions done, last 7 days" in text
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta is not None
    assert meta.title == "Hamstring rehab report, Wed 25 Nov 2026"


def test_without_a_name_the_pdf_names_nobody() -> None:
    """No chosen name: no "For" line."""
    assert not any(line.startswith("For ") for line in lines(build(name=None)))


def test_a_session_row_has_its_pain_and_flag_on_one_line() -> None:
    """The day's safety flag sits in its session's row, beside the pain and next morning."""
    row = next(line for line in lines(build()) if line.startswith("Fri 6 Nov 2026"))
    assert " 1 Done 5 " in row
    assert "Same" in row
    assert "Pain of 7/10 or more" in row
    # A flag on a day without a session due gets a row of its own.
    assert any(
        line.startswith("Mon 23 Nov 2026") and "Walks at a normal stride" in line
        for line in lines(build())
    )


def test_a_run_of_missed_sessions_is_one_row() -> None:
    """Eight missed reminders in a row: one line, not eight; a pair would stay as rows."""
    text = lines(build())
    assert "Missed, 7-14 Nov (8 sessions)" in text
    assert not any(line.startswith("Sat 7 Nov 2026") for line in text)


def test_phase_changes_have_their_reason_and_every_page_its_number() -> None:
    """The phase table says why; page 1's footer counts the pages; the disclaimer is there."""
    data = build()
    first, *_ = pages(data)
    count = len(pages(data))
    assert f"Page 1 of {count}" in first
    assert "not a clinician" in first
    text = "\n".join(pages(data))
    assert "Criteria met" in text
    assert "Set up" in text


@pytest.mark.parametrize(
    "detail",
    [
        "hurt → worse ≥ 7 😬🏃‍♀️ “really” \u2013 ok\u2026",
        "<b>sore</b> & stiff <script>alert(1)</script>",
        "日本語 Ωμέγα {nb} \x00\x07 tab\there",
        "x" * 400,
        "",
    ],
)
def test_any_text_a_person_types_makes_a_pdf(detail: str) -> None:
    """Emoji, arrows, markup, other scripts and controls never break the PDF."""
    data = build(detail=detail, name=detail or None, extra=detail)
    assert data.startswith(b"%PDF")
    assert "Pain of 7/10 or more" in "\n".join(pages(data))


def test_plain_keeps_latin_1_and_swaps_the_rest() -> None:
    """Plain equivalents where there are some; emoji dropped; accents kept."""
    assert plain("pain → 3 ≥ 2 “ok” café 😬") == 'pain -> 3 >= 2 "ok" café '
    assert plain("<b>&</b>") == "<b>&</b>"
    assert plain("Ωmega") == "?mega"


def test_the_checks_show_each_answer_and_the_holds_their_outcome() -> None:
    """A check not passed, then one passed, each question with its answer; the hold from
    pain of 7+, answered "not seen yet", then cleared by a professional."""
    text = " ".join(" ".join(pages(build())).split())
    assert "Criteria checks" in text
    assert "Not yet: stayed in the phase" in text
    assert "Passed: moved on" in text
    assert "Can you jog very slowly for a minute without pain? no" in text
    assert "Safety holds" in text
    assert "Pain of 7/10 or more" in text
    assert "not seen yet" in text
    assert "Seen by a professional: carried on" in text


def test_the_phase_exercises_are_pictured() -> None:
    """Each exercise of the phase has its picture in the PDF, besides the chart."""
    phase = load_protocol().track(Onset.SUDDEN).phase(2)
    exercises = {p.exercise.key for p in phase.prescriptions}
    reader = PdfReader(io.BytesIO(build()))
    images = sum(len(page.images) for page in reader.pages)
    assert images == len(exercises) + 1


def test_a_flags_detail_is_said_in_words_and_never_as_a_key() -> None:
    """Stored details are program keys; the report shows words, or nothing."""
    assert words.flag_detail(FlagKind.STEP_BACK, "worse_mornings") == (
        "worse the next morning twice in a week"
    )
    assert words.flag_detail(FlagKind.AGGRAVATED, "sitting") == "Sitting"
    assert words.flag_detail(FlagKind.RED_FLAG, "at setup: large_bruise") == (
        "at setup: Large bruising at the back of the thigh"
    )
    assert words.flag_detail(FlagKind.RED_FLAG, "reported") == ""
    assert words.flag_detail(FlagKind.STEP_BACK, "something_new") == ""
    assert words.report_flag(FlagKind.STEP_BACK, None) == words.FLAG_NAMES[FlagKind.STEP_BACK]
