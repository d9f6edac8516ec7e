"""Texts of the weekly maintenance after the last phase (HTML parse mode)."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.texts import format_date, format_time
from rehab.protocol import Maintenance, Track

WEEKLY_HEADING = "🗓 <b>Your weekly maintenance session.</b>"
ASK_SIGN_OFF = (
    "<b>One more thing:</b> has a physiotherapist or sports physician signed off your return to "
    "full sport? These checks are the ones you can do yourself; the final word is theirs."
)
SIGNED_OFF = "Good: you are cleared for full sport. Keep the weekly session going."
NOT_SIGNED_OFF = (
    "Then please have it checked before full training or matches: a professional can test what "
    "a chat cannot. Meanwhile keep the weekly session going."
)
WEEKLY_STOPPED = (
    "<b>Weekly sessions stopped.</b> Strains come back most when the exercises stop; send "
    "/plan to start them again at any time."
)


def session_title(day: date) -> str:
    """The first line of a maintenance session."""
    return f"<b>{escape(format_date(day))}, maintenance session</b>"


def weekly_started(due: datetime | None, *, zone: str) -> str:
    """Confirm the weekly sessions are on, and when the next comes."""
    if due is None:
        return "<b>Weekly sessions on.</b>"
    local = due.astimezone(ZoneInfo(zone))
    return (
        f"<b>Weekly sessions on.</b> The next one comes on {escape(format_date(local.date()))} "
        f"at {format_time(local.time())}."
    )


def why(maintenance: Maintenance) -> str:
    """Why the weekly session is kept up."""
    return f"<i>{escape(maintenance.why)}</i>"


def overview(track: Track, *, since: date, weekly: bool) -> str:
    """/plan after the programme: what maintenance is and whether it is on."""
    state = (
        "One session a week comes at your first reminder time; /today shows it any time."
        if weekly
        else "The weekly sessions are stopped."
    )
    return (
        f"<b>Your plan: {escape(track.name)}, finished on {escape(format_date(since))}</b>\n"
        f"Now: maintenance. {state}\n\n{why(track.maintenance)}"
    )
