"""The chart as matplotlib receives it, the PNG it makes, and the physio report's page."""

from __future__ import annotations

import math
import struct
from dataclasses import replace
from datetime import date, time, timedelta
from typing import Any

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from numpy.typing import ArrayLike

from bot.texts import progress_report as progress_texts
from bot.views.progress_chart import (
    BAND_GID,
    HOLD_GID,
    LIMIT_GID,
    MORNING_GID,
    OUTCOME_GID,
    PAIN_GID,
    day_edge,
    day_x,
    draw_chart,
    render_png,
)
from bot.views.report_page import PlanFacts, ReportInputs, report_html
from rehab.content import load_protocol
from rehab.injury import Onset, SessionOutcome
from rehab.progress_rules import (
    ChartData,
    History,
    HistoryRow,
    HoldSpan,
    LimitSpan,
    Mark,
    MorningPoint,
    OutcomeMark,
    PainPoint,
    PhaseBand,
    SessionLog,
    Slot,
    chart_data,
    history_rows,
    summarise,
)
from storage.history import FlagRecord, PersonHistory
from storage.models import FlagKind, PhaseChangeReason
from storage.plans import PhaseStep

TODAY = date(2026, 11, 25)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def ago(days: int) -> date:
    """The date ``days`` days before TODAY."""
    return TODAY - timedelta(days=days)


DATA = ChartData(
    first_day=ago(6),
    last_day=TODAY,
    pain=(PainPoint(ago(5), 2), PainPoint(ago(4), 5), PainPoint(ago(1), 1)),
    mornings=(MorningPoint(ago(5), 1), MorningPoint(ago(4), -1)),
    outcomes=(
        OutcomeMark(ago(5), 1, Mark.DONE),
        OutcomeMark(ago(4), 1, Mark.PARTLY),
        OutcomeMark(ago(3), 1, Mark.SKIPPED),
        OutcomeMark(ago(2), 1, Mark.MISSED),
        OutcomeMark(ago(1), 1, Mark.DONE),
        OutcomeMark(ago(1), 2, Mark.DONE),
    ),
    bands=(PhaseBand(ago(6), ago(3), 1), PhaseBand(ago(3), TODAY + timedelta(days=1), 2)),
    limit=3,
    session_rows=2,
)


def artist(figure: Figure, gid: str) -> object:
    """The one artist carrying this gid."""
    found = figure.findobj(lambda candidate: candidate.get_gid() == gid)
    assert len(found) == 1, f"expected one artist with gid {gid!r}, found {len(found)}"
    return found[0]


def values(array: ArrayLike) -> list[Any]:
    """What matplotlib holds for a series, as plain Python values."""
    return list(np.asarray(array).tolist())


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, which always comes first."""
    assert png[:8] == PNG_SIGNATURE, "not a PNG"
    length, kind = struct.unpack(">I4s", png[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_pain_points_are_drawn_one_per_day_under_the_days_tick() -> None:
    """The pain line gets exactly the days and values of the series, in order, and is broken
    over days without a pain (two days here): a gap stays a gap."""
    line = artist(draw_chart(DATA), PAIN_GID)
    assert isinstance(line, Line2D)
    xs, ys = values(line.get_xdata()), values(line.get_ydata())
    assert xs[:2] == [day_x(ago(5)), day_x(ago(4))]
    assert math.isnan(xs[2]), "no line across the unreported days"
    assert math.isnan(ys[2])
    assert xs[3:] == [day_x(ago(1))]
    assert ys[:2] + ys[3:] == [2, 5, 1]


def test_the_first_and_the_last_day_are_labelled() -> None:
    """Whatever the span, the axis names the chart's first day and today."""
    for first in (ago(6), ago(20), ago(41)):
        figure = draw_chart(replace(DATA, first_day=first))
        labels = [label.get_text() for label in figure.axes[-1].get_xticklabels()]
        assert progress_texts.chart_day(first) in labels, first
        assert progress_texts.chart_day(TODAY) in labels


def test_a_step_back_is_named_on_its_band() -> None:
    """A band that follows a later phase, or the same one again, says how it began."""
    bands = (
        PhaseBand(ago(6), ago(4), 1),
        PhaseBand(ago(4), ago(2), 2),
        PhaseBand(ago(2), ago(1), 1),
        PhaseBand(ago(1), TODAY + timedelta(days=1), 1),
    )
    figure = draw_chart(replace(DATA, bands=bands))
    labels = [text.get_text() for text in figure.axes[0].texts]
    assert labels == ["Phase 1", "Phase 2", "Phase 1 (stepped back)", "Phase 1 (started again)"]


def test_the_limit_is_a_horizontal_line_at_the_persons_limit() -> None:
    """The limit line sits at the limit across the whole chart, labelled with it."""
    line = artist(draw_chart(DATA), LIMIT_GID)
    assert isinstance(line, Line2D)
    assert values(line.get_ydata()) == [3, 3]
    assert line.get_label() == progress_texts.chart_limit(3)


def test_phases_are_bands_covering_their_days() -> None:
    """Each band runs from the edge of its first day to the edge of the day it ends."""
    figure = draw_chart(DATA)
    for index, band in enumerate(DATA.bands):
        patch = artist(figure, BAND_GID.format(index=index))
        assert isinstance(patch, Rectangle)
        assert patch.get_x() == day_edge(band.start)
        assert patch.get_x() + patch.get_width() == day_edge(band.end)
    labels = [text.get_text() for text in figure.axes[0].texts]
    assert labels == ["Phase 1", "Phase 2"]


def test_holds_are_hatched_over_their_days_an_open_one_to_today() -> None:
    """A cleared hold spans its days; an open one runs to the end of today; one legend entry."""
    held = replace(
        DATA,
        holds=(HoldSpan(ago(5), ago(3)), HoldSpan(ago(1), TODAY + timedelta(days=1))),
    )
    figure = draw_chart(held)
    spans = [artist(figure, HOLD_GID.format(index=index)) for index in range(2)]
    for span, hold in zip(spans, held.holds, strict=True):
        assert isinstance(span, Rectangle)
        assert span.get_x() == day_edge(hold.start)
        assert hold.end is not None
        assert span.get_x() + span.get_width() == day_edge(hold.end)
    legend = figure.axes[0].get_legend()
    assert legend is not None
    labels = [text.get_text() for text in legend.get_texts()]
    assert labels.count(progress_texts.CHART_ON_HOLD) == 1


def test_chart_data_closes_an_open_hold_at_today() -> None:
    """From the history: an open hold ends after today, a hold's start widens the chart."""
    data = chart_data(
        History(started_on=ago(3)),
        today=TODAY,
        limit=3,
        sessions_per_day=1,
        phase=1,
        phase_started_on=ago(3),
        holds=(HoldSpan(ago(5), ago(4)), HoldSpan(ago(2), None)),
    )
    assert data.first_day == ago(5)
    assert data.holds == (HoldSpan(ago(5), ago(4)), HoldSpan(ago(2), TODAY + timedelta(days=1)))


def test_each_outcome_gets_its_own_markers_on_its_session_row() -> None:
    """Done, partly, skipped and missed sessions are separate series at (day, session)."""
    figure = draw_chart(DATA)
    for mark in Mark:
        dots = artist(figure, OUTCOME_GID.format(mark=mark.value))
        assert isinstance(dots, PathCollection)
        expected = [[day_x(o.day), o.session] for o in DATA.outcomes if o.mark is mark]
        assert values(dots.get_offsets()) == expected


def test_next_morning_answers_are_a_row_of_their_own() -> None:
    """Morning answers sit at -1 better, 0 same, +1 worse on the session day they follow."""
    dots = artist(draw_chart(DATA), MORNING_GID)
    assert isinstance(dots, PathCollection)
    assert values(dots.get_offsets()) == [[day_x(ago(5)), 1], [day_x(ago(4)), -1]]


def test_the_png_is_phone_sized() -> None:
    """The chart comes out as a PNG of 1200 by 800 pixels, or the size asked for."""
    png = render_png(DATA)
    assert png_size(png) == (1200, 800)
    assert len(png) < 1_000_000, "well under Telegram's 10 MB photo limit"
    assert png_size(render_png(DATA, width_px=600, height_px=400)) == (600, 400)


def test_an_empty_chart_still_renders() -> None:
    """A person with nothing logged yet gets a valid, if empty, chart (the report uses it)."""
    data = chart_data(
        History(TODAY), today=TODAY, limit=5, sessions_per_day=1, phase=1, phase_started_on=TODAY
    )
    assert png_size(render_png(data)) == (1200, 800)


def test_the_report_page_has_the_plan_history_chart_and_flags_all_escaped() -> None:
    """Every section is there; a flag's detail is in words; a name with markup in it is shown,
    not interpreted."""
    track = load_protocol().track(Onset.SUDDEN)
    activity = History(
        started_on=ago(3),
        sessions=(SessionLog(ago(2), 1, SessionOutcome.DONE, 4, 25),),
        unanswered=(Slot(ago(1), 1),),
    )
    past = PersonHistory(
        activity=activity,
        phase_steps=(PhaseStep(ago(3), None, 1, PhaseChangeReason.START),),
        flags=(
            FlagRecord(ago(2), FlagKind.PAIN_STOP, None),
            FlagRecord(ago(1), FlagKind.STEP_BACK, "worse_mornings"),
        ),
        injury_date=ago(4),
    )
    rows = history_rows(activity, today=TODAY)
    assert rows == (
        HistoryRow(ago(2), 1, Mark.DONE, 4, 25, None),
        HistoryRow(ago(1), 1, Mark.MISSED, None, None, None),
    )
    page = report_html(
        ReportInputs(
            plan=PlanFacts(
                track=track,
                phase=track.phase(1),
                day_in_phase=4,
                pain_limit=3,
                limit_agreed=False,
                has_provider=True,
                reminder_times=(time(7, 0), time(18, 30)),
                zone="Europe/London",
            ),
            history=past,
            summary=summarise(
                activity, today=TODAY, sessions_per_day=1, phase=1, phase_started_on=ago(3)
            ),
            rows=rows,
            chart_png=PNG_SIGNATURE + b"chart",
            today=TODAY,
            display_name="<b>sore</b> & stiff",
        )
    )
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Hamstring rehab report, Wed 25 Nov 2026</title>" in page
    assert "<th>Track</th><td>Sudden strain</td>" in page
    assert "<th>Phase</th><td>1 of 4: Protect and move</td>" in page
    assert "3/10 (the track&#x27;s usual limit)" in page
    assert "<td>07:00, 18:30</td>" in page
    assert "Extender: 3 x 12, twice a day" in page
    assert '<td>Mon 23 Nov 2026</td><td class="number">1</td><td>Done</td>' in page
    assert '<td class="number">4</td><td class="number">25</td>' in page
    assert "Missed (reminder, nothing logged)" in page
    assert "1 of 3 (33%)" in page
    assert 'src="data:image/png;base64,iVBORw0KGgpjaGFydA=="' in page
    assert "Pain of 7/10 or more" in page
    assert "worse the next morning twice in a week" in page
    assert "&lt;b&gt;sore&lt;/b&gt; &amp; stiff" in page
    assert "<b>sore</b>" not in page
    assert "not a clinician" in page


def test_every_safety_note_has_words_in_the_report() -> None:
    """Each kind of safety flag the bot stores is named in the physio report."""
    assert set(progress_texts.FLAG_NAMES) == set(FlagKind)


def test_the_limit_line_steps_where_the_limit_changed() -> None:
    """Days logged under an older limit are drawn under that limit, not today's."""
    data = replace(
        DATA,
        limit=4,
        limits=(LimitSpan(DATA.first_day, 2), LimitSpan(DATA.first_day + timedelta(days=3), 4)),
    )
    line = artist(draw_chart(data), LIMIT_GID)
    assert isinstance(line, Line2D)
    assert values(line.get_ydata()) == [2, 4, 4]
    assert values(line.get_xdata()) == [
        day_edge(DATA.first_day),
        day_edge(DATA.first_day + timedelta(days=3)),
        day_edge(DATA.last_day + timedelta(days=1)),
    ]
    assert line.get_label() == "Your limit, now 4/10"
