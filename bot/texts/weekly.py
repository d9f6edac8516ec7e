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
GOOD_WEEK = "Great consistency: regular sessions are what make rehab work."
THIN_WEEK = (
    "Every session counts; aim for one more next week. Setbacks are common, so don't be "
    "discouraged."
)
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
FOUND_A_PHYSIO = "Good: keep them in the loop. /report makes a page to show them."


def weekly_summary(
    summary: WeekSummary,
    *,
    track: Track,
    phase: Phase,
    day_in_phase: int,
    on_hold: bool = False,
    suggest_provider: bool = False,
) -> str:
    """Sum up a week: sessions, the pain trend with numbers, the phase, a word of support
    (on hold: why no sessions are asked for)."""
    sunday = summary.week_start + timedelta(days=6)
    lines = [
        f"📅 <b>Your week, {escape(format_date(summary.week_start))} to "
        f"{escape(format_date(sunday))}</b>",
        f"Sessions done: {summary.done} of {summary.planned} planned.",
        _pain_line(summary),
        f"Phase {phase.number} of {track.last_phase}: {escape(phase.name)}, "
        f"day {day_in_phase + 1}.",
        ON_HOLD if on_hold else GOOD_WEEK if summary.good_week else THIN_WEEK,
    ]
    if summary.rising_two_weeks:
        lines.append(RISING_TWICE)
    if suggest_provider:
        lines.append(FIND_A_PHYSIO)
    return "\n".join(lines)


def _pain_line(summary: WeekSummary) -> str:
    if summary.average_pain is None:
        return "No pain reported this week."
    line = f"Average pain during sessions: {summary.average_pain:g}/10"
    if summary.trend is Trend.UNKNOWN or summary.previous_average_pain is None:
        return line + "."
    return f"{line}, last week {summary.previous_average_pain:g}/10: {TREND_WORDS[summary.trend]}."
