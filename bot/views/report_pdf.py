"""The report for a physio as a PDF: the same facts as the HTML page, laid out for print.

Built with fpdf2's core fonts (Helvetica), which know only latin-1: every text goes through
``plain`` first, so no text a person typed can make the PDF fail. Sessions are one table, a
day's safety flags in the row of its last session, and runs of missed sessions folded into
one row.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from fpdf import FPDF
from fpdf.fonts import FontFace
from fpdf.table import Table

from bot import texts
from bot.texts import progress_report as words
from bot.views.report_page import (
    ReportInputs,
    check_rows,
    history_cells,
    hold_rows,
    optional,
    phase_pictures,
    plan_facts,
    progress_facts,
)
from rehab.progress_rules import HistoryRow, Mark
from storage.history import FlagRecord, PersonHistory

_FONT = "Helvetica"
_TOTAL_PAGES = "{nb}"
_MIN_MISSED_RUN = 3
_HISTORY_WIDTHS = (27, 14, 30, 15, 20, 20, 64)  # mm, of the 190 between A4's margins
_PHASE_WIDTHS = (35, 20, 20, 115)
_CHECK_WIDTHS = (27, 14, 109, 40)
_PICTURE_GAP = 6  # mm between two exercise pictures side by side
_HOLD_WIDTHS = (27, 27, 38, 48, 50)
_FACT_WIDTHS = (70, 120)
_HEADING_FILL = (235, 235, 235)
_LABEL_FILL = (247, 247, 247)

# Characters people and the texts use that latin-1 lacks, in plain equivalents.
_PLAIN = str.maketrans(
    {
        "\u2192": "->",  # rightwards arrow
        "\u2190": "<-",  # leftwards arrow
        "\u2191": "^",  # upwards arrow
        "\u2193": "v",  # downwards arrow
        "\u2265": ">=",  # greater-than or equal to
        "\u2264": "<=",  # less-than or equal to
        "\u2260": "!=",  # not equal to
        "\u2248": "~",  # almost equal to
        "\u2212": "-",  # minus sign
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2011": "-",  # non-breaking hyphen
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark
        "\u201a": ",",  # single low-9 quotation mark
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u2026": "...",  # horizontal ellipsis
        "\u2022": "-",  # bullet
        "\u2713": "v",  # check mark
        "\u2714": "v",  # heavy check mark
        "\u2717": "x",  # ballot x
        "\u20ac": "EUR",  # euro sign
        "\t": " ",
        "\r": " ",
    }
)


def plain(text: str) -> str:
    """Make text printable in the core fonts: plain equivalents, else dropped symbols or '?'."""
    out: list[str] = []
    for char in text.translate(_PLAIN):
        if char == "\n" or (char.isprintable() and ord(char) < 256):
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category.startswith(("C", "Z")):
            out.append(" ")  # controls, line and paragraph separators
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base and all(c.isprintable() and ord(c) < 256 for c in base):
            out.append(base)  # e.g. a ligature, a letter with an accent latin-1 lacks
        elif not category.startswith(("S", "M")):
            out.append("?")  # a letter of another script
        # Emoji and other symbols, and marks joined to them, are left out.
    # fpdf2 fills this placeholder with the page count wherever it appears.
    return "".join(out).replace(_TOTAL_PAGES, "{ nb}")


@dataclass(frozen=True)
class _Line:
    """One row of the session table: a session, a run of missed sessions, or only flags."""

    cells: tuple[str, ...]
    run: str | None = None  # the whole row's text, for a folded run of missed sessions


class _ReportPdf(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.alias_nb_pages(_TOTAL_PAGES)
        self.set_margins(10, 12, 10)
        self.set_auto_page_break(auto=True, margin=24)

    def footer(self) -> None:
        self.set_y(-20)
        self.set_font(_FONT, "I", 7)
        self.set_text_color(90, 90, 90)
        self.multi_cell(0, 3.2, plain(words.REPORT_DISCLAIMER), new_x="LMARGIN", new_y="NEXT")
        self.set_font(_FONT, "", 8)
        self.cell(0, 5, words.report_page_number(self.page_no(), total=_TOTAL_PAGES), align="R")
        self.set_text_color(0, 0, 0)


def report_pdf(inputs: ReportInputs, *, sessions_per_day: int) -> bytes:
    """Build the whole PDF and return its bytes."""
    plan, history, summary = inputs.plan, inputs.history, inputs.summary
    rows, chart_png, today = inputs.rows, inputs.chart_png, inputs.today
    pdf = _ReportPdf()
    pdf.set_title(plain(f"{words.REPORT_TITLE}, {words.report_date(today)}"))
    pdf.set_creator(words.REPORT_PDF_CREATOR)
    pdf.set_producer(words.REPORT_PDF_CREATOR)
    # Dated by the day it reports on, not the second it was made: the same day's data makes
    # the same file.
    pdf.set_creation_date(datetime.combine(today, time(0), tzinfo=UTC))
    pdf.add_page()

    pdf.set_font(_FONT, "B", 18)
    pdf.cell(0, 10, words.REPORT_TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FONT, "", 10)
    if inputs.display_name:
        _text(pdf, words.report_person(inputs.display_name))
    _text(pdf, words.report_made(today))
    pdf.set_text_color(90, 90, 90)
    _text(pdf, words.REPORT_INTRO.format(zone=plan.zone), size=8)
    pdf.set_text_color(0, 0, 0)

    _heading(pdf, words.REPORT_PLAN)
    facts = plan_facts(plan, history)
    facts.insert(4, (words.PLAN_SESSIONS, str(sessions_per_day)))
    _facts(pdf, facts)
    _text(pdf, words.REPORT_EXERCISES, size=9)
    for p in plan.phase.prescriptions:
        _text(pdf, f"- {p.exercise.name}: {p.dose}, {texts.how_often(p)}", size=9)
    _pictures(pdf, phase_pictures(plan.phase))

    _heading(pdf, words.REPORT_PROGRESS)
    _facts(pdf, progress_facts(summary))
    pdf.set_text_color(90, 90, 90)
    _text(pdf, words.REPORT_ADHERENCE_NOTE, size=8)
    pdf.set_text_color(0, 0, 0)
    if chart_png is not None:
        _chart(pdf, chart_png)

    _heading(pdf, words.REPORT_HISTORY)
    _history(pdf, rows, history.flags)

    _heading(pdf, words.REPORT_PHASES)
    _phase_changes(pdf, history)

    _heading(pdf, words.REPORT_CHECKS)
    _rows(
        pdf,
        _CHECK_WIDTHS,
        words.CHECK_COLUMNS,
        check_rows(history, plan.track),
        words.REPORT_NO_CHECKS,
    )
    _heading(pdf, words.REPORT_HOLDS)
    _rows(pdf, _HOLD_WIDTHS, words.HOLD_COLUMNS, hold_rows(inputs.holds), words.REPORT_NO_HOLDS)
    return bytes(pdf.output())


def session_lines(rows: Sequence[HistoryRow], flags: Sequence[FlagRecord]) -> list[_Line]:
    """The session table's rows: flags beside the day's last session, missed runs folded."""
    flagged: dict[date, list[str]] = {}
    for flag in flags:
        flagged.setdefault(flag.day, []).append(words.report_flag(flag.kind, flag.detail))
    by_day: dict[date, list[HistoryRow]] = {}
    for row in rows:
        by_day.setdefault(row.day, []).append(row)
    lines: list[_Line] = []
    missed: list[HistoryRow] = []

    def fold() -> None:
        if len(missed) >= _MIN_MISSED_RUN:
            run = words.report_missed_run(missed[0].day, missed[-1].day, sessions=len(missed))
            lines.append(_Line(cells=(), run=run))
        else:
            lines.extend(_Line(_cells(row, "")) for row in missed)
        missed.clear()

    for day in sorted(set(by_day) | set(flagged)):
        flag_text = "; ".join(flagged.get(day, ()))
        day_rows = by_day.get(day, [])
        if not day_rows:  # a flag on a day without a session due
            fold()
            lines.append(_Line((words.report_date(day), "", "", "", "", "", flag_text)))
            continue
        for index, row in enumerate(day_rows):
            shown = flag_text if index + 1 == len(day_rows) else ""
            if row.mark is Mark.MISSED and not shown and row.next_morning is None:
                missed.append(row)
                continue
            fold()
            lines.append(_Line(_cells(row, shown)))
    fold()
    return lines


def _cells(row: HistoryRow, flag_text: str) -> tuple[str, ...]:
    return (*history_cells(row), flag_text)


@contextmanager
def _table(
    pdf: FPDF, widths: tuple[int, ...], columns: Sequence[str], *, line_height: float
) -> Iterator[Table]:
    """A table across the given column widths (mm), its first row the shaded column names."""
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        headings_style=FontFace(emphasis="BOLD", fill_color=_HEADING_FILL),
        line_height=line_height,
        text_align="LEFT",
    ) as table:
        heading = table.row()
        for column in columns:
            heading.cell(column)
        yield table


def _history(pdf: FPDF, rows: Sequence[HistoryRow], flags: Sequence[FlagRecord]) -> None:
    lines = session_lines(rows, flags)
    if not lines:
        _text(pdf, words.REPORT_NO_HISTORY)
        return
    pdf.set_font(_FONT, "", 8)
    with _table(pdf, _HISTORY_WIDTHS, words.PDF_HISTORY_COLUMNS, line_height=4.2) as table:
        for line in lines:
            row = table.row()
            if line.run is not None:
                row.cell(plain(line.run), colspan=len(_HISTORY_WIDTHS))
                continue
            for index, cell in enumerate(line.cells):
                row.cell(plain(cell), align="RIGHT" if index in {1, 3, 4} else None)
    pdf.ln(2)


def _phase_changes(pdf: FPDF, history: PersonHistory) -> None:
    rows = [
        (
            words.report_date(step.local_date),
            optional(step.from_phase),
            str(step.to_phase),
            words.PHASE_REASONS[step.reason],
        )
        for step in history.phase_steps
    ]
    _rows(pdf, _PHASE_WIDTHS, words.PHASE_COLUMNS, rows, words.REPORT_NO_PHASE_CHANGES)


def _rows(
    pdf: FPDF,
    widths: tuple[int, ...],
    columns: Sequence[str],
    rows: Sequence[tuple[str, ...]],
    none: str,
) -> None:
    if not rows:
        _text(pdf, none)
        return
    pdf.set_font(_FONT, "", 8)
    with _table(pdf, widths, columns, line_height=4.2) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(plain(cell))


def _facts(pdf: FPDF, pairs: Sequence[tuple[str, str]]) -> None:
    pdf.set_font(_FONT, "", 9)
    with pdf.table(
        col_widths=_FACT_WIDTHS,
        width=sum(_FACT_WIDTHS),
        first_row_as_headings=False,
        line_height=4.6,
        text_align="LEFT",
    ) as table:
        for label, value in pairs:
            row = table.row()
            row.cell(plain(label), style=FontFace(emphasis="BOLD", fill_color=_LABEL_FILL))
            row.cell(plain(value))
    pdf.ln(2)


def _pictures(pdf: FPDF, pictures: Sequence[tuple[str, bytes]]) -> None:
    """The exercises' pictures, two a row, each named under it."""
    width = (pdf.epw - _PICTURE_GAP) / 2
    height = width / 2 + 5  # the pictures are twice as wide as high; a line for the name
    for index, (name, png) in enumerate(pictures):
        column = index % 2
        if column == 0 and pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
        top = pdf.get_y()
        x = pdf.l_margin + column * (width + _PICTURE_GAP)
        pdf.image(io.BytesIO(png), x=x, y=top, w=width, alt_text=plain(name))
        pdf.set_xy(x, top + width / 2)
        pdf.set_font(_FONT, "", 8)
        pdf.cell(width, 4, plain(name), align="C")
        if column == 1 or index == len(pictures) - 1:
            pdf.set_xy(pdf.l_margin, top + height)
        else:
            pdf.set_y(top)


def _chart(pdf: FPDF, png: bytes) -> None:
    pdf.image(io.BytesIO(png), w=pdf.epw, alt_text=words.REPORT_CHART_ALT)
    pdf.set_text_color(90, 90, 90)
    _text(pdf, words.REPORT_CHART_NOTE, size=8)
    pdf.set_text_color(0, 0, 0)


def _heading(pdf: FPDF, title: str) -> None:
    pdf.ln(3)
    pdf.set_font(_FONT, "B", 13)
    pdf.cell(0, 8, plain(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(200, 200, 200)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.set_draw_color(0, 0, 0)
    pdf.ln(2)


def _text(pdf: FPDF, text: str, *, size: float = 10) -> None:
    pdf.set_font(_FONT, "", size)
    pdf.multi_cell(0, size * 0.5, plain(text), new_x="LMARGIN", new_y="NEXT")
