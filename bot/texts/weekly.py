"""The weekly summary as a message (HTML parse mode)."""

from __future__ import annotations

from datetime import timedelta
from html import escape

from bot.texts import format_date
from rehab.protocol import Phase, Track
from rehab.weekly import Trend, WeekSummary

TREND_WORDS = {
    Trend.RISING: "rising",
    Trend.STEADY: "steady",
    Trend.FALLING: "falling",
}
NOTHING_PLANNED = "Nothing was planned this week."
RISING_TWICE = (
    "<b>Pain has risen two weeks in a row.</b> Please check in with your physiotherapist or "
    "sports physician about your plan."
)


ON_HOLD = (
    "Your plan is on hold until a professional has seen you; that comes first, and your "
    "progress is kept."
)


FIND_A_PHYSIO = (
    "<i>A physiotherapist or sports physician can examine the leg, confirm what it is and "
    "tailor these exercises; people who have one come back sooner. Worth booking one.</i>"
)
FOUND_A_PHYSIO = "Good: keep them in the loop. /report makes a PDF to show them."


def weekly_summary(
    summary: WeekSummary,
    *,
    track: Track,
    phase: Phase,
    day_in_phase: int,
    on_hold: bool = False,
    suggest_provider: bool = False,
    limit: int | None = None,
    word: str = "",
) -> str:
    """Sum up a week: sessions, the pain trend with numbers, the phase, the word the numbers
    earned (bot.texts.encouragement; on hold: why no sessions are asked for)."""
    sunday = summary.week_start + timedelta(days=6)
    lines = [
        f"📅 <b>Your week, {escape(format_date(summary.week_start))} to "
        f"{escape(format_date(sunday))}</b>",
        f"Sessions done: {summary.done} of {summary.planned} planned.",
        _pain_line(summary),
        f"Phase {phase.number} of {track.last_phase}: {escape(phase.name)}, "
        f"day {day_in_phase + 1}.",
        *_pain_rules_lines(summary, limit),
        ON_HOLD if on_hold else (word or NOTHING_PLANNED),
    ]
    if summary.rising_two_weeks:
        lines.append(RISING_TWICE)
    if suggest_provider:
        lines.append(FIND_A_PHYSIO)
    return "\n".join(lines)


def _pain_rules_lines(summary: WeekSummary, limit: int | None) -> list[str]:
    """The sessions that went above the limit, and those that meant stopping, named."""
    lines = []
    if summary.stops:
        times = "once" if summary.stops == 1 else f"{summary.stops} times"
        lines.append(
            f"<b>Pain reached 7/10 or more {times}:</b> a professional's advice comes first."
        )
    above = summary.above_limit - summary.stops
    if above > 0 and limit is not None:
        sessions = "1 session" if above == 1 else f"{above} sessions"
        lines.append(
            f"{sessions} went above your limit of {limit}/10: ease off next time, and keep "
            "within it."
        )
    return lines


def _pain_line(summary: WeekSummary) -> str:
    if summary.average_pain is None:
        return "No pain reported this week."
    line = f"Average pain during sessions: {summary.average_pain:g}/10"
    if summary.trend is Trend.UNKNOWN or summary.previous_average_pain is None:
        return line + "."
    return f"{line}, last week {summary.previous_average_pain:g}/10: {TREND_WORDS[summary.trend]}."
