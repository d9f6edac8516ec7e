"""The report for a physio: one self-contained HTML page, sent as a file.

Plain HTML with its style inline and the chart embedded as a base64 PNG, so it opens in any
browser offline and prints cleanly. Every value is escaped as it goes in.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from html import escape

from bot import texts
from bot.texts import format_time
from bot.texts import progress_report as words
from bot.views.exercise_pictures import exercise_picture, picture_keys
from coach.days_off import HoldRecord
from rehab.progress_rules import HistoryRow, ProgressSummary
from rehab.progression import Outcome
from rehab.protocol import Phase, Track
from storage.history import PersonHistory

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
       max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 1.8rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
table.facts th { background: #f7f7f7; font-weight: 600; }
td.number { text-align: right; }
img { max-width: 100%; height: auto; border: 1px solid #ddd; }
figure.exercise { display: inline-block; width: 48%; margin: 0.5rem 1% 0 0; }
.note, .meta { color: #555; font-size: 0.9rem; }
footer { margin-top: 2rem; font-style: italic; }
@media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


@dataclass(frozen=True)
class PlanFacts:
    """The plan as the report states it."""

    track: Track
    phase: Phase
    day_in_phase: int
    pain_limit: int
    limit_agreed: bool
    has_provider: bool | None
    reminder_times: tuple[time, ...]
    zone: str


@dataclass(frozen=True)
class ReportInputs:
    """What a report shows, whichever form it takes (the HTML page or the PDF)."""

    plan: PlanFacts
    history: PersonHistory
    summary: ProgressSummary
    rows: Sequence[HistoryRow]
    chart_png: bytes | None
    today: date
    holds: Sequence[HoldRecord] = ()
    # The name the person chose for the report; None names nobody.
    display_name: str | None = None


def report_html(inputs: ReportInputs) -> str:
    """Build the whole page."""
    plan, history, summary = inputs.plan, inputs.history, inputs.summary
    rows, chart_png, today = inputs.rows, inputs.chart_png, inputs.today
    title = f"{words.REPORT_TITLE}, {words.report_date(today)}"
    sections = [
        f"<h1>{escape(title)}</h1>",
        _paragraph(words.report_person(inputs.display_name), "meta") if inputs.display_name else "",
        _paragraph(words.REPORT_INTRO.format(zone=plan.zone), "meta"),
        f"<h2>{escape(words.REPORT_PLAN)}</h2>",
        _facts(plan_facts(plan, history)),
        _exercises(plan.phase),
        f"<h2>{escape(words.REPORT_PROGRESS)}</h2>",
        _facts(progress_facts(summary)),
        _paragraph(words.REPORT_ADHERENCE_NOTE, "note"),
        "" if chart_png is None else _chart(chart_png),
        f"<h2>{escape(words.REPORT_HISTORY)}</h2>",
        _history(rows),
        f"<h2>{escape(words.REPORT_PHASES)}</h2>",
        _phase_changes(history),
        f"<h2>{escape(words.REPORT_CHECKS)}</h2>",
        _rows_or(words.CHECK_COLUMNS, check_rows(history, plan.track), words.REPORT_NO_CHECKS),
        f"<h2>{escape(words.REPORT_HOLDS)}</h2>",
        _rows_or(words.HOLD_COLUMNS, hold_rows(inputs.holds), words.REPORT_NO_HOLDS),
        f"<h2>{escape(words.REPORT_FLAGS)}</h2>",
        _flags(history),
        f"<footer>{_paragraph(words.REPORT_DISCLAIMER)}</footer>",
    ]
    body = "\n".join(sections)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def plan_facts(plan: PlanFacts, history: PersonHistory) -> list[tuple[str, str]]:
    """The plan's facts as (label, value) rows, for the HTML page and the PDF alike."""
    limit = words.report_pain_limit(plan.pain_limit, agreed=plan.limit_agreed)
    provider = {True: words.YES, False: words.NO, None: words.UNKNOWN}[plan.has_provider]
    return [
        (words.PLAN_TRACK, plan.track.name),
        (
            words.PLAN_PHASE,
            words.report_phase(plan.phase, phases=plan.track.last_phase),
        ),
        (words.PLAN_DAY, str(plan.day_in_phase)),
        (words.PLAN_LIMIT, limit),
        (words.PLAN_PROVIDER, provider),
        (words.PLAN_REMINDERS, ", ".join(format_time(at) for at in plan.reminder_times)),
        (
            words.PLAN_INJURY,
            "" if history.injury_date is None else words.report_date(history.injury_date),
        ),
        (words.PLAN_STARTED, words.report_date(history.activity.started_on)),
    ]


def check_rows(history: PersonHistory, track: Track) -> list[tuple[str, ...]]:
    """Each criteria check: its day, the phase, every question with the answer, the outcome
    (rows for the HTML page and the PDF alike)."""
    rows: list[tuple[str, ...]] = []
    for check in history.checks:
        # A check of a phase the content no longer has still shows its answers, by key.
        criteria = track.phase(check.phase).criteria if check.phase <= track.last_phase else ()
        questions = {c.key: c.question for c in criteria}
        answers = "; ".join(
            words.report_answer(questions.get(key, key), answer) for key, answer in check.answers
        )
        rows.append(
            (
                words.report_date(check.day),
                str(check.phase),
                answers,
                words.CHECK_OUTCOMES.get(Outcome(check.outcome), check.outcome),
            )
        )
    return rows


def hold_rows(holds: Iterable[HoldRecord]) -> list[tuple[str, ...]]:
    """Each safety hold: from, until, what began it, the answers while open, the outcome."""
    return [
        (
            words.report_date(hold.span.start),
            "" if hold.span.end is None else words.report_date(hold.span.end),
            words.HOLD_OPENED_BY.get(hold.opened_by, "") if hold.opened_by else "",
            ", ".join(words.HOLD_ANSWERS[answer] for answer in hold.answers) or words.NO_ANSWER_YET,
            words.HOLD_STILL_OPEN if hold.outcome is None else words.HOLD_OUTCOMES[hold.outcome],
        )
        for hold in holds
    ]


def progress_facts(summary: ProgressSummary) -> list[tuple[str, str]]:
    """The adherence figures as (label, value) rows, for the HTML page and the PDF alike."""
    return [
        (words.PROGRESS_WEEK, words.report_adherence(summary.last_7_days)),
        (words.PROGRESS_MONTH, words.report_adherence(summary.last_28_days)),
        (words.PROGRESS_STREAK, str(summary.streak_days)),
        (words.PROGRESS_ENDURANCE, str(summary.endurance_minutes_this_week)),
    ]


def _exercises(phase: Phase) -> str:
    items = "".join(
        f"<li>{escape(p.exercise.name)}: {escape(str(p.dose))}, {escape(texts.how_often(p))}</li>"
        for p in phase.prescriptions
    )
    pictures = "".join(
        f'<figure class="exercise"><img src="data:image/png;base64,{_base64(png)}" '
        f'alt="{escape(name)}"><figcaption>{escape(name)}</figcaption></figure>'
        for name, png in phase_pictures(phase)
    )
    return f"<p>{escape(words.REPORT_EXERCISES)}</p>\n<ul>{items}</ul>\n{pictures}"


def phase_pictures(phase: Phase) -> list[tuple[str, bytes]]:
    """The picture of each exercise of the phase, with its name (for the page and the PDF)."""
    drawn = picture_keys()
    exercises = dict.fromkeys(p.exercise for p in phase.prescriptions)
    return [(e.name, exercise_picture(e.key)) for e in exercises if e.key in drawn]


def _base64(png: bytes) -> str:
    return base64.b64encode(png).decode("ascii")


def _chart(png: bytes) -> str:
    return (
        f'<figure><img src="data:image/png;base64,{_base64(png)}" '
        f'alt="{escape(words.REPORT_CHART_ALT)}">'
        f'<figcaption class="note">{escape(words.REPORT_CHART_NOTE)}</figcaption></figure>'
    )


def _history(rows: Sequence[HistoryRow]) -> str:
    if not rows:
        return _paragraph(words.REPORT_NO_HISTORY)
    return _table(
        words.HISTORY_COLUMNS,
        (history_cells(row) for row in rows),
        numbers=frozenset({1, 3, 4}),
    )


def _phase_changes(history: PersonHistory) -> str:
    return _table(
        words.PHASE_COLUMNS,
        (
            (
                words.report_date(step.local_date),
                optional(step.from_phase),
                str(step.to_phase),
                words.PHASE_REASONS[step.reason],
            )
            for step in history.phase_steps
        ),
    )


def _rows_or(columns: Sequence[str], rows: Sequence[tuple[str, ...]], none: str) -> str:
    return _table(columns, rows) if rows else _paragraph(none)


def _flags(history: PersonHistory) -> str:
    if not history.flags:
        return _paragraph(words.REPORT_NO_FLAGS)
    return _table(
        words.FLAG_COLUMNS,
        (
            (
                words.report_date(flag.day),
                words.FLAG_NAMES[flag.kind],
                words.flag_detail(flag.kind, flag.detail),
            )
            for flag in history.flags
        ),
    )


def _facts(pairs: Iterable[tuple[str, str]]) -> str:
    rows = "".join(
        f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in pairs
    )
    return f'<table class="facts">{rows}</table>'


def _table(
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numbers: frozenset[int] = frozenset(),
) -> str:
    head = "".join(f"<th>{escape(column)}</th>" for column in columns)
    body = "\n".join(
        "<tr>"
        + "".join(
            f'<td class="number">{escape(cell)}</td>'
            if index in numbers
            else f"<td>{escape(cell)}</td>"
            for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _paragraph(text: str, css_class: str | None = None) -> str:
    attribute = "" if css_class is None else f' class="{css_class}"'
    return f"<p{attribute}>{escape(text)}</p>"


def history_cells(row: HistoryRow) -> tuple[str, ...]:
    """One session's cells in the history table, for the HTML page and the PDF alike."""
    return (
        words.report_date(row.day),
        str(row.session),
        words.MARK_NAMES[row.mark],
        optional(row.pain),
        optional(row.endurance_minutes),
        "" if row.next_morning is None else words.MORNING_NAMES[row.next_morning],
    )


def optional(value: int | None) -> str:
    """A number, or nothing for a value not given."""
    return "" if value is None else str(value)
