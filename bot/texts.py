"""Every text the bot shows, in one place so wording is reviewed together (HTML parse mode)."""

from __future__ import annotations

from datetime import date, time
from html import escape

from rehab.injury import Onset, SessionOutcome
from rehab.pain import PainVerdict

DISCLAIMER = (
    "<i>I am a coach, not a clinician: I cannot diagnose or examine you. "
    "A physiotherapist or sports physician should check your injury.</i>"
)

WELCOME = (
    "<b>Hi! I will coach you through your hamstring rehab.</b>\n\n"
    "Hamstring strains heal best with short, regular exercise sessions, every day for 6 to 12 "
    "weeks, with pain kept under control. Waiting for it to heal on its own, or stopping early, "
    "is the main reason they come back. I will send you each day's routine and ask how it went.\n\n"
    f"{DISCLAIMER}\n\n"
    "A few quick questions first (send /cancel to stop)."
)

ASK_ONSET = (
    "<b>How did it start?</b>\n"
    "• <b>Sudden</b>: a sharp pain, pop or snap while sprinting or kicking; walking may be hard.\n"
    "• <b>Gradual</b>: a dull ache that built up, often with longer runs."
)
ASK_ZONE = (
    "<b>Which time zone are you in?</b>\n"
    "Tap one, or type its name, like <code>Europe/Madrid</code> or <code>America/Chicago</code>. "
    "I use it so that “today” and your reminders match your day."
)
ASK_INJURY_DATE = (
    "<b>When did it happen?</b>\n"
    "Tap an answer or type the date, like <code>2026-11-20</code> or <code>20.11.2026</code>."
)
ASK_REMINDER_TIME = (
    "<b>When should I send your daily routine?</b>\n"
    "Tap a time or type one in 24-hour form, like <code>07:30</code> or <code>18:15</code>."
)
TAP_A_BUTTON = "Please tap one of the buttons below."
TEXT_OR_BUTTONS_ONLY = "I can only read text and buttons. Please answer the question above."
FINISH_SETUP_FIRST = (
    "Let's finish setting up first: please answer the question above, or send /cancel to stop."
)
SETUP_CANCELLED = "Setup stopped. Send /start whenever you are ready."
NOT_SET_UP = "We have not set up your plan yet. Send /start to begin."
OLD_STEP_BUTTON = "That button belongs to an earlier step."
EXPIRED_BUTTON = "This button has expired. Send /today for today's routine."
NOT_YOUR_BUTTON = "These buttons belong to someone else."
PRIVATE_ONLY = (
    "I coach people one to one, so I only work in a private chat. Please message me directly."
)
NON_TEXT = "I can only read text and buttons. Send /help to see what I can do."
UNKNOWN_COMMAND = "I don't know that command. Send /help to see what I can do."
NOT_UNDERSTOOD = "Sorry, I didn't understand that. Send /help to see what I can do."
SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on my side. Nothing you did; please try again in a moment."
)
ALREADY_SAVED = "Already saved."
ASK_OUTCOME = "<b>How did the session go?</b>"
ASK_PAIN = (
    "<b>How much did it hurt during the exercises?</b>\n"
    "0 = no pain at all, 10 = the worst pain imaginable."
)

COMMANDS = {
    "today": "Today's routine and logging",
    "help": "What I can do",
    "start": "Set up your rehab plan",
    "cancel": "Stop the setup",
}

HELP = (
    "<b>What I can do</b>\n"
    "/today: today's routine, with a button to log your session\n"
    "/start: set up your plan (again)\n"
    "/help: this list\n\n"
    "Every day at your reminder time I send the routine. After the session, tap "
    "<b>Log this session</b> and tell me how it went and how much it hurt.\n\n"
    f"{DISCLAIMER}"
)

ONSET_NAMES = {Onset.SUDDEN: "Sudden strain", Onset.GRADUAL: "Gradual ache"}
OUTCOME_NAMES = {
    SessionOutcome.DONE: "Done",
    SessionOutcome.PARTLY: "Partly",
    SessionOutcome.SKIPPED: "Skipped",
}

PAIN_FEEDBACK = {
    PainVerdict.WITHIN_LIMIT: (
        "That is within your limit. Keep going at this level; steady beats heroic."
    ),
    PainVerdict.ABOVE_LIMIT: (
        "That is more than your limit of {limit}/10. Next session, ease off: less range, fewer "
        "repetitions, slower. Setbacks like this are common, so don't be discouraged."
    ),
    PainVerdict.STOP: (
        "<b>Please stop the exercises for now and see a physiotherapist or doctor soon.</b> "
        "Pain of 7/10 or more during rehab needs a professional to look at it."
    ),
}
SKIPPED_FEEDBACK = (
    "Thanks for telling me. Try not to skip sessions: like a prescribed medicine, rehab works "
    "when it is taken regularly. Tomorrow is a new session; don't be discouraged."
)
PARTLY_FEEDBACK = "Part of a session still counts. "


def echo_answer(answer: str) -> str:
    """Show a confirmed answer above the next question."""
    return f"✓ {escape(answer[:1].upper() + answer[1:])}"


def injury_date_answer(day: date, *, today: date) -> str:
    """Describe the injury date relative to today."""
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{format_date(day)} ({days} days ago)"


def format_date(day: date) -> str:
    """Format a date the way people read it, e.g. Wed 25 Nov."""
    return day.strftime("%a %d %b").replace(" 0", " ")


def format_time(at: time) -> str:
    """Format a wall time as HH:MM."""
    return at.strftime("%H:%M")


def setup_summary(
    *, onset: Onset, injury_date: date, zone: str, reminder: time, today: date
) -> str:
    """Sum up the plan once onboarding is done."""
    return (
        "<b>You're all set.</b>\n"
        f"• Injury: {ONSET_NAMES[onset].lower()}, {injury_date_answer(injury_date, today=today)}\n"
        f"• Daily routine at {format_time(reminder)} ({escape(zone)})\n\n"
        "Start today: here is your first routine. Send /today any time to see it again."
    )


def welcome_back(*, reminder: time | None, zone: str | None) -> str:
    """Greet someone who is already set up."""
    when = ""
    if reminder is not None and zone is not None:
        when = f" Your daily routine comes at {format_time(reminder)} ({escape(zone)})."
    return (
        f"<b>Welcome back!</b>{when}\n"
        "Send /today for today's routine. Want to answer the setup questions again?"
    )


def check_in_saved(
    *,
    outcome: SessionOutcome,
    pain: int | None,
    verdict: PainVerdict | None,
    limit: int,
    updated: bool,
    day: date,
) -> str:
    """Confirm a logged session and give feedback by the pain rules."""
    what = OUTCOME_NAMES[outcome].lower()
    if pain is not None:
        what += f", pain {pain}/10"
    head = "Updated" if updated else "Logged"
    lines = [f"<b>{head} for {format_date(day)}: {what}.</b>"]
    if outcome is SessionOutcome.SKIPPED:
        lines.append(SKIPPED_FEEDBACK)
    elif verdict is not None:
        prefix = PARTLY_FEEDBACK if outcome is SessionOutcome.PARTLY else ""
        lines.append(prefix + PAIN_FEEDBACK[verdict].format(limit=limit))
    return "\n".join(lines)


def too_old_to_log(day: date) -> str:
    """Explain why a button under an old reminder no longer logs."""
    return f"This is from {format_date(day)}. You can log today's and yesterday's sessions."


def already_logged(outcome: SessionOutcome, pain: int | None) -> str:
    """Say what is already logged for a session shown again."""
    what = OUTCOME_NAMES[outcome].lower()
    if pain is not None:
        what += f", pain {pain}/10"
    return f"<i>Already logged: {what}. Tap below to change it.</i>"
