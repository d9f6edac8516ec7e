"""Every button label (plain text: Telegram shows labels as they are)."""

from __future__ import annotations

from bot.texts import ONSET_NAMES, OUTCOME_NAMES
from bot.texts.coaching import MORNING_NAMES
from coach.preferences import Switch
from coach.safety_hold import SeenAnswer
from rehab.aggravation import Aggravator

ONSETS = ONSET_NAMES
NO_NOT_THIS_SIGN = "No"
YES_THIS_SIGN = "Yes, I have this"
CLEARED = "I've been checked and may exercise"
CHECK_FIRST = "I'll get it checked first"
YES = "Yes"
NOT_YET = "Not yet"
USUAL_PAIN_LIMIT = "{limit} (usual)"
DAYS_AGO = {0: "Today", 1: "Yesterday", 7: "About a week ago"}
ONE_A_DAY = "One a day"
TWO_A_DAY = "Two a day"
SET_UP_AGAIN = "Set up again"
START_OVER = "Start over from phase 1"


def keep_phase(*, phase: int, day: int) -> str:
    """The button that keeps the phase at the end of a new setup."""
    return f"Keep phase {phase} (day {day})"


LOG_SESSION = "Log this session"
HOW_TO = "📖 How to"
OUTCOMES = OUTCOME_NAMES
WARNING_SIGN = "⚠️ Pop, numbness or other warning sign"
ENDURANCE = ((0, "None"), (15, "10-20 min"), (30, "30+ min"))
TYPE_A_NUMBER = "Type a number"
MORNINGS = MORNING_NAMES
SNOOZE = "😴 Snooze 1 h"
SKIP_TODAY = "Skip today"

START_CHECK = "Am I ready for the next phase?"
CRITERION_YES = "Yes"
CRITERION_NO = "No, not yet"

PAUSES = ((3, "3 days"), (7, "1 week"), (14, "2 weeks"), (0, "Until I resume"))
PAUSE_A_WEEK = "Pause for a week"
KEEP_GOING = "Keep going"

REMINDER_TIMES = "⏰ Reminder times"
TIME_ZONE = "🌍 Time zone"
SHARE_LOCATION = "📍 Share my location"
# On the keyboard below the message box, which sends the location (Telegram asks first).
SEND_LOCATION = "📍 Send my location"
TYPE_ZONE_INSTEAD = "⌨️ I'll type it"
PAIN_LIMIT = "Pain limit"
QUIET_HOURS = "🌙 Quiet hours"
SWITCH_OFF = {
    Switch.WEEKLY_SUMMARY: "Turn weekly summary off",
    Switch.MORNING_CHECK: "Turn morning check off",
}
SWITCH_ON = {
    Switch.WEEKLY_SUMMARY: "Turn weekly summary on",
    Switch.MORNING_CHECK: "Turn morning check on",
}
NO_QUIET_HOURS = "None"
BACK = "« Back"

DELETE_EVERYTHING = "🗑 Delete everything"
KEEP_MY_DATA = "Keep my data"

SEEN = {
    SeenAnswer.CLEARED: "✅ Seen: cleared to carry on",
    SeenAnswer.CLEARED_STEP_BACK: "↩️ Seen: carry on, one step back",
    SeenAnswer.RESTING: "🛌 Seen: told to rest for now",
    SeenAnswer.NOT_YET: "Not seen yet",
}
HAVE_A_PHYSIO = "I have a physio now"
SIGNED_OFF = "Yes, signed off"
NOT_SIGNED_OFF = "Not yet"
STOP_WEEKLY = "Stop the weekly sessions"
START_WEEKLY = "Start the weekly sessions again"
PROBLEM_YES = "⚠️ Yes, one of these"
PROBLEM_NO = "No, all fine"
PAIN_MEANT = "Pain {number}/10"
MINUTES_MEANT = "{number} min of exercise"
SHOW_TODAY = "📋 Today's routine"
LOG_A_SESSION = "✍️ Log a session"
ASK_PROBLEM = "⚠️ Report a problem"
WALKING_PAIN_FREE = "🚶 I walk normally without pain"
AGGRAVATORS = {
    Aggravator.RUNNING: "Running",
    Aggravator.SITTING: "Sitting",
    Aggravator.STRETCHING: "Stretching, bending",
    Aggravator.OTHER: "Something else",
    Aggravator.NOTHING: "Nothing",
}
