"""Texts of reminders, nudges and pauses (HTML parse mode).

The source article's advice sets the tone: skipping rehab is like skipping a prescribed
medicine, setbacks are common, don't be discouraged. Nudges stay short and never scold.
"""

from __future__ import annotations

from datetime import datetime, time
from html import escape
from zoneinfo import ZoneInfo

from bot.texts import format_date, format_time
from scheduler.nudges import NudgeKind

REMINDER = "⏰ <b>Time for your rehab session.</b>"
SNOOZED = "⏰ <b>Here is your session again, as you asked.</b>"
NUDGES = {
    NudgeKind.TWO_DAYS: (
        "👋 <b>Haven't heard from you in two days.</b> How is the leg? Send /today for a "
        "short session now, or /pause for a rest from reminders."
    ),
    NudgeKind.OFFER_PAUSE: (
        "<b>It's been a week.</b> If now is not a good time, you can pause the reminders and "
        "pick up later, or carry on today: both are fine."
    ),
    NudgeKind.LAPSED: (
        "<b>I'll stop the daily reminders for now</b>, since I haven't heard from you in three "
        "weeks. Your plan is kept. Send me any message when you want to start again. If the "
        "leg still bothers you, please see a physiotherapist or sports physician."
    ),
    NudgeKind.READY_WHEN_YOU_ARE: (
        "Ready when you are. Send /today and we pick up where you left off."
    ),
}

KEEP_GOING = "Great, let's carry on. Send /today for today's session."
SKIPPED_TODAY = "<b>Skipped today.</b> See you tomorrow."
ALREADY_SNOOZED = "Already snoozed: I'll send it again in an hour."
# Snoozing or skipping works on today's reminder only.
SNOOZE_TOO_LATE = "This reminder is from another day. Send /today for today's session."

ASK_PAUSE = "<b>How long would you like a break from reminders?</b>"
PAUSE_DAYS_RANGE = range(1, 61)
PAUSE_USAGE = (
    "Send <code>/pause</code> and tap how long, or add a number of days from 1 to 60, "
    "like <code>/pause 5</code>."
)
NOT_PAUSED = "You are not paused: your reminders are running. Send /pause for a break."
RESUMED_NOTHING_PLANNED = "Welcome back! Send /today for today's session."


def paused(until: datetime | None, *, zone: str) -> str:
    """Confirm a pause."""
    if until is None:
        when = "until you send /resume"
    else:
        local = until.astimezone(ZoneInfo(zone))
        when = f"until {escape(format_date(local.date()))}, {format_time(local.time())}"
    return (
        f"<b>Reminders paused {when}.</b> Rest is part of rehab too. "
        "Send /resume any time to start again."
    )


def resumed(first: time | None) -> str:
    """Welcome someone back from a pause."""
    if first is None:
        return RESUMED_NOTHING_PLANNED
    return (
        f"<b>Welcome back!</b> Reminders are on again, next at {format_time(first)}. "
        "Send /today for today's session."
    )


def snoozed(at: datetime, *, zone: str) -> str:
    """Confirm a snooze, in local time."""
    return f"😴 Snoozed: I'll send it again at {format_time(at.astimezone(ZoneInfo(zone)).time())}."
