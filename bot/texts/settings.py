"""Texts of /settings: the summary, the questions and the confirmations (HTML parse mode)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from html import escape
from zoneinfo import ZoneInfo

from bot import texts
from bot.texts import format_date, format_time
from coach.preferences import (
    Confirmation,
    CurrentSettings,
    PainLimitChanged,
    QuietHoursChanged,
    Switch,
    Switched,
    TimesChanged,
    ZoneChanged,
)
from rehab.pain import DEFAULT_PAIN_LIMIT
from scheduler.quiet_hours import QuietHours

FINISH_SETUP_FIRST = (
    "Your settings wait until the setup is done: answer the setup question above, "
    "or send /cancel to stop it (a plan you already have stays as it was)."
)
CLOSED = "Settings closed. Send /settings to open them again."
TYPE_OR_TAP = (
    "I can only read text and buttons. Please answer the question above, "
    "or send /cancel to leave the settings."
)
ASK_QUIET = (
    "<b>Quiet hours</b>: when my check-in notes wait for the morning. Your own reminders "
    "still come at the times you chose.\n"
    "Tap a window, or type one like <code>22:30-06:30</code>. None means no quiet hours."
)
QUIET_HINT = (
    "Please send quiet hours as two times, like <code>22:00-07:00</code> "
    "(from 22:00 to 07:00), or tap None."
)
FIRST_TIME_FORGOTTEN = "Sorry, I lost the first time on the way. Let's pick it again."
NO_QUIET_WORDS = frozenset({"none", "no", "off"})


def summary(settings: CurrentSettings, *, default_quiet: QuietHours) -> str:
    """List the person's settings, with the buttons to change them below."""
    return (
        "<b>Your settings</b>\n"
        f"• Reminders: {reminders(settings.reminder_times)}\n"
        f"• Time zone: {escape(settings.timezone)}\n"
        f"• Pain limit during exercise: {_pain_limit(settings)}\n"
        f"• Quiet hours: {_quiet(settings, default_quiet)}\n"
        f"• Weekly summary: {_on_off(settings.weekly_summary)}\n"
        f"• Next-morning check: {_on_off(settings.morning_check)}\n\n"
        "Tap a setting to change it."
    )


def reminders(times: Sequence[time]) -> str:
    """Describe the daily reminder times."""
    if len(times) == 1:
        return f"daily at {format_time(times[0])}"
    return "two sessions a day, at " + " and ".join(format_time(at) for at in times)


def quiet_hours(window: QuietHours) -> str:
    """Describe a quiet-hours window; the same start and end means none."""
    if window.start == window.end:
        return "none"
    return str(window)


def zone_changed(zone: str, next_due: datetime | None) -> str:
    """Confirm a new time zone and when the next reminder comes in it."""
    return f"✓ Time zone: {escape(zone)}. Reminders re-planned{_next(next_due, zone)}."


def reminders_changed(times: Sequence[time], next_due: datetime, zone: str) -> str:
    """Confirm new reminder times and when the next one comes."""
    return f"✓ Reminders: {reminders(times)}. Re-planned{_next(next_due, zone)}."


def pain_limit_changed(limit: int) -> str:
    """Confirm a new pain limit."""
    return f"✓ Pain limit during exercise: {limit}/10."


def quiet_hours_changed(window: QuietHours) -> str:
    """Confirm new quiet hours."""
    return f"✓ Quiet hours: {quiet_hours(window)}."


SWITCH_NAMES = {Switch.WEEKLY_SUMMARY: "Weekly summary", Switch.MORNING_CHECK: "Next-morning check"}


def switched(switch: Switch, on: bool) -> str:
    """Confirm a switch."""
    return f"✓ {SWITCH_NAMES[switch]}: {_on_off(on)}."


def confirmation(change: Confirmation) -> str:
    """Confirm a change of settings."""
    match change:
        case ZoneChanged(zone, next_due):
            return zone_changed(zone, next_due)
        case TimesChanged(times, next_due, zone):
            return reminders_changed(times, next_due, zone)
        case PainLimitChanged(limit):
            return pain_limit_changed(limit)
        case QuietHoursChanged(window):
            return quiet_hours_changed(window)
        case Switched(switch, on):
            return switched(switch, on)


def ask_zone(zone: str) -> str:
    """Ask for a new time zone, saying which one is set now."""
    return f"{texts.ASK_ZONE}\nNow: {escape(zone)}."


def ask_pain_limit(settings: CurrentSettings) -> str:
    """Ask for a new pain limit, saying which one is set now."""
    default = DEFAULT_PAIN_LIMIT[settings.onset]
    return f"{texts.ASK_PAIN_LIMIT.format(default=default)}\nNow: {_pain_limit(settings)}."


def ask_quiet(settings: CurrentSettings, *, default: QuietHours) -> str:
    """Ask for new quiet hours, saying which are set now."""
    return f"{ASK_QUIET}\nNow: {_quiet(settings, default)}."


def ask_sessions(times: Sequence[time]) -> str:
    """Ask for one or two sessions a day, saying what is set now."""
    return (
        "<b>One or two sessions a day?</b>\n"
        f"Now: {reminders(times)}. Twice a day helps most in the early weeks "
        "(the second session is a short one); once a day works too."
    )


def _pain_limit(settings: CurrentSettings) -> str:
    usual = DEFAULT_PAIN_LIMIT[settings.onset]
    track = texts.ONSET_NAMES[settings.onset].lower()
    if settings.pain_limit is None:
        return f"{usual}/10 (the default for a {track})"
    if settings.pain_limit == usual:
        return f"{usual}/10 (the usual for a {track})"
    return f"{settings.pain_limit}/10"


def _quiet(settings: CurrentSettings, default: QuietHours) -> str:
    if settings.quiet_start is None or settings.quiet_end is None:
        return f"{quiet_hours(default)} (default)"
    return quiet_hours(QuietHours(settings.quiet_start, settings.quiet_end))


def _next(due: datetime | None, zone: str) -> str:
    if due is None:
        return ""
    local = due.astimezone(ZoneInfo(zone))
    return f": next at {format_time(local.time())} ({format_date(local.date())})"


def _on_off(on: bool) -> str:
    return "on" if on else "off"
