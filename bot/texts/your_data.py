"""Texts of /export and /forget (HTML parse mode; alerts and the README are plain text)."""

from __future__ import annotations

from html import escape

from bot.texts import NOT_YOUR_BUTTON

EXPORT_CAPTION = (
    "<b>Everything I keep about you</b>, in one file: a spreadsheet (CSV) per kind of data and "
    "the same as JSON. Times are in your time zone ({zone}); README.txt inside explains the files."
)
NOTHING_STORED = "I keep no data about you. Send /start to set up a plan."

FORGET_WARNING = (
    "<b>Delete all your data?</b>\n"
    "This deletes everything I keep about you: your plan and settings, reminder times, every "
    "check-in and pain level, morning checks, your phase history and safety notes, and any "
    "reminder still waiting to be sent. <b>It cannot be undone.</b>\n\n"
    "Want a copy first? Send /export before you tap below. Afterwards I will treat you as new: "
    "/start sets up a plan from scratch."
)

DELETED = (
    "<b>Done: all your data is deleted.</b> I no longer know anything about you, and no "
    "reminders will come. If you ever want to start again, send /start."
)
DELETED_ALERT = "All your data is deleted."
ALREADY_DELETED = "Your data is already deleted: there is nothing left about you."
KEPT = "<b>Nothing was deleted.</b> Your plan and history are as they were."
NOT_YOUR_DATA = NOT_YOUR_BUTTON
FINISH_SETUP_FIRST = (
    "You are in the middle of setting up. Send /cancel to stop the setup, then tap "
    "Delete everything again."
)


def export_caption(zone: str) -> str:
    """Caption under the export file."""
    return EXPORT_CAPTION.format(zone=escape(zone))


def export_readme(zone: str) -> str:
    """The README.txt inside the export (plain text)."""
    return (
        "This archive holds everything the hamstring rehab coach bot keeps about you. Each "
        "<table>.csv file is one kind of data, with a header row naming its columns: users.csv "
        "is your profile and settings (time zone, injury, pain limit, phase, quiet hours), "
        "schedules.csv your daily reminder times, check_ins.csv each session you logged with its "
        "outcome and pain (0-10), morning_checks.csv how you felt the morning after, "
        "phase_changes.csv each move between phases, safety_flags.csv warning signs and pain "
        "rules that told you to stop or step back, pending_messages.csv messages planned for "
        "later (such as a snoozed reminder), deliveries.csv the reminders and other scheduled "
        "messages sent or tried, and conversation_states.csv where you were in a multi-step "
        "question. data.json holds the same data in one file. Times of day are wall-clock times; "
        f"instants are ISO 8601 in your time zone ({zone}) with its UTC offset, dates are "
        "YYYY-MM-DD, and an empty cell means no value. Send /forget to the bot to delete all of "
        "it.\n"
    )
