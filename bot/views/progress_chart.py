"""The progress chart: ChartData drawn with matplotlib's object API into a phone-sized PNG.

No pyplot: a Figure with an Agg canvas of its own, so nothing global is touched and rendering
can run in a worker thread (``asyncio.to_thread``) while the event loop carries on. Every series
carries a ``gid`` naming it, so tests can read back exactly what was handed to matplotlib.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.texts import progress_report as progress_texts
from rehab.progress_rules import ChartData, LimitSpan, Mark, PainPoint

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH_PX, HEIGHT_PX, DPI = 1200, 800, 100
# Past this many days the day-by-day labels get too dense; ticks thin out to about ten.
MAX_TICKS = 10
# The first days show as a week, so one or two points are not stretched across the phone.
MIN_DAYS_SHOWN = 7

PAIN_GID = "session-pain"
LIMIT_GID = "pain-limit"
MORNING_GID = "next-morning"
BAND_GID = "phase-band-{index}"
HOLD_GID = "hold-{index}"
OUTCOME_GID = "outcome-{mark}"

_PAIN_COLOUR = "#1f4e79"
_LIMIT_COLOUR = "#c62828"
_BAND_COLOURS = ("#e3f2fd", "#fff3e0", "#e8f5e9", "#f3e5f5", "#fffde7")
_MARK_STYLES = {
    Mark.DONE: ("o", "#2e7d32"),
    Mark.PARTLY: ("s", "#f9a825"),
    Mark.SKIPPED: ("v", "#757575"),
    Mark.MISSED: ("X", "#c62828"),
}
_MORNING_COLOURS = {-1: "#2e7d32", 0: "#757575", 1: "#c62828"}

# matplotlib does not promise thread safety, so renders in worker threads take turns.
_RENDER_LOCK = threading.Lock()


def render_png(data: ChartData, *, width_px: int = WIDTH_PX, height_px: int = HEIGHT_PX) -> bytes:
    """Draw the chart and return it as PNG bytes of exactly width_px by height_px."""
    with _RENDER_LOCK:
        figure = draw_chart(data, width_px=width_px, height_px=height_px)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def draw_chart(data: ChartData, *, width_px: int = WIDTH_PX, height_px: int = HEIGHT_PX) -> Figure:
    """Build the figure: pain with the limit and phase bands, then session and morning strips."""
    # Imported on first use: matplotlib and numpy take about a second to load, which start-up
    # should not pay for a chart nobody has asked for yet.
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)  # the figure draws on its own Agg canvas, not through pyplot
    grid = figure.add_gridspec(3, 1, height_ratios=(6, 1.6, 1.4))
    pain_axes = figure.add_subplot(grid[0])
    sessions_axes = figure.add_subplot(grid[1], sharex=pain_axes)
    morning_axes = figure.add_subplot(grid[2], sharex=pain_axes)
    _draw_bands(data, pain_axes, sessions_axes, morning_axes)
    _draw_holds(data, pain_axes)
    _draw_pain(data, pain_axes)
    _draw_outcomes(data, sessions_axes)
    _draw_mornings(data, morning_axes)
    _format_days(data, morning_axes)
    for axes in (pain_axes, sessions_axes):
        axes.tick_params(labelbottom=False)
    return figure


def day_x(day: date) -> float:
    """Where a day's points sit on the x axis, under its tick: the day's ordinal."""
    return float(day.toordinal())


def day_edge(day: date) -> float:
    """Where a day begins on the x axis: half a day before its points, so bands frame them."""
    return day_x(day) - 0.5


def _draw_bands(data: ChartData, pain_axes: Axes, *strips: Axes) -> None:
    for index, band in enumerate(data.bands):
        colour = _BAND_COLOURS[(band.phase - 1) % len(_BAND_COLOURS)]
        start, end = day_edge(band.start), day_edge(band.end)
        pain_axes.axvspan(start, end, color=colour, zorder=0, gid=BAND_GID.format(index=index))
        for axes in strips:
            axes.axvspan(start, end, color=colour, zorder=0)
        before = data.bands[index - 1].phase if index else None
        pain_axes.text(
            (start + end) / 2,
            10.4,
            progress_texts.chart_phase(band.phase, before=before),
            ha="center",
            va="center",
            fontsize=10,
            clip_on=True,
        )


def _draw_holds(data: ChartData, axes: Axes) -> None:
    """Hatch the days on hold, labelled once in the legend."""
    for index, hold in enumerate(data.holds):
        end = hold.end or data.last_day + timedelta(days=1)
        axes.axvspan(
            day_edge(hold.start),
            day_edge(end),
            facecolor="none",
            edgecolor=_LIMIT_COLOUR,
            hatch="//",
            linewidth=0,
            alpha=0.5,
            zorder=1,
            label=progress_texts.CHART_ON_HOLD if index == 0 else None,
            gid=HOLD_GID.format(index=index),
        )


def _draw_pain(data: ChartData, axes: Axes) -> None:
    # Each day under its own limit: a step at each change, across the whole chart.
    spans = data.limits or (LimitSpan(data.first_day, data.limit),)
    axes.step(
        [*(day_edge(span.start) for span in spans), day_edge(data.last_day + timedelta(days=1))],
        [*(span.limit for span in spans), spans[-1].limit],
        where="post",
        color=_LIMIT_COLOUR,
        linestyle="--",
        linewidth=2,
        label=progress_texts.chart_limit(data.limit, changed=len(spans) > 1),
        gid=LIMIT_GID,
    )
    xs, ys = _broken_at_gaps(data.pain)
    axes.plot(
        xs,
        ys,
        color=_PAIN_COLOUR,
        marker="o",
        markersize=7,
        linewidth=2,
        label=progress_texts.CHART_PAIN_SERIES,
        gid=PAIN_GID,
    )
    axes.set_ylim(-0.3, 11)
    axes.set_yticks(range(0, 11, 2))
    axes.set_ylabel(progress_texts.CHART_PAIN_AXIS)
    axes.grid(axis="y", alpha=0.3)
    # Above the plot, so it never hides a point or a phase's label.
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, fontsize=10, frameon=False)


def _broken_at_gaps(points: Sequence[PainPoint]) -> tuple[list[float], list[float]]:
    """The pain line's points, broken (a NaN, which matplotlib leaves undrawn) wherever a day
    without a pain lies between two: 8/10 and then 1/10 eleven days later is two points, not
    a line easing across days nobody reported."""
    xs: list[float] = []
    ys: list[float] = []
    for before, point in zip((None, *points), points, strict=False):
        if before is not None and (point.day - before.day).days > 1:
            xs.append(math.nan)
            ys.append(math.nan)
        xs.append(day_x(point.day))
        ys.append(point.pain)
    return xs, ys


def _draw_outcomes(data: ChartData, axes: Axes) -> None:
    for mark, (marker, colour) in _MARK_STYLES.items():
        marks = [entry for entry in data.outcomes if entry.mark is mark]
        axes.scatter(
            [day_x(entry.day) for entry in marks],
            [entry.session for entry in marks],
            marker=marker,
            color=colour,
            s=70,
            label=progress_texts.CHART_MARKS[mark],
            gid=OUTCOME_GID.format(mark=mark.value),
            zorder=3,
        )
    rows = range(1, data.session_rows + 1)
    axes.set_ylim(data.session_rows + 0.6, 0.4)
    axes.set_yticks(list(rows), [progress_texts.chart_session_row(row) for row in rows])
    axes.set_ylabel(progress_texts.CHART_SESSIONS_AXIS)
    axes.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9, frameon=False)


def _draw_mornings(data: ChartData, axes: Axes) -> None:
    axes.scatter(
        [day_x(point.day) for point in data.mornings],
        [point.level for point in data.mornings],
        c=[_MORNING_COLOURS[point.level] for point in data.mornings],
        marker="D",
        s=50,
        gid=MORNING_GID,
        zorder=3,
    )
    levels = sorted(progress_texts.CHART_MORNING_LEVELS)
    axes.set_ylim(1.6, -1.6)
    axes.set_yticks(levels, [progress_texts.CHART_MORNING_LEVELS[level] for level in levels])
    axes.set_ylabel(progress_texts.CHART_MORNING_AXIS)


def _format_days(data: ChartData, axes: Axes) -> None:
    first_day = min(data.first_day, data.last_day - timedelta(days=MIN_DAYS_SHOWN - 1))
    days = (data.last_day - first_day).days + 1
    axes.set_xlim(day_edge(first_day), day_edge(data.last_day + timedelta(days=1)))
    # Ticks step back from today, so the last day shown is always labelled.
    step = max(1, -(-days // MAX_TICKS))
    ticks = [data.last_day - timedelta(days=back) for back in range(0, days, step)]
    # The first day is labelled too, in place of the tick nearest it if the two would crowd.
    if first_day not in ticks:
        if len(ticks) > 1 and (ticks[-1] - first_day).days * 2 < step:
            ticks.pop()
        ticks.append(first_day)
    axes.set_xticks([day_x(day) for day in ticks], [progress_texts.chart_day(day) for day in ticks])
