"""Every text the bot shows, in one place so wording is reviewed together (HTML parse mode)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from html import escape

from rehab.injury import Onset, SessionOutcome
from rehab.protocol import Exercise, Frequency, Phase, Prescription, RedFlag

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


def ask_red_flag(flag: RedFlag, *, number: int, of: int) -> str:
    """One warning sign of the setup's safety check, asked on its own."""
    return (
        f"<b>A quick safety check ({number} of {of}).</b> Since the injury, have you noticed "
        f"this?\n• {escape(flag.text)}"
    )


def red_flags_at_setup(reported: Sequence[RedFlag]) -> str:
    """After warning signs at setup: have them checked first; what a check allows."""
    signs = "\n".join(f"• {escape(flag.text)}" for flag in reported)
    return (
        f"You told me about:\n{signs}\n\n"
        "<b>Please have it checked by a physiotherapist or doctor before you start.</b> "
        "These signs can mean a more serious injury; some of them need treatment within the "
        "first weeks, so please don't wait. If a professional has already checked it and says "
        "you may exercise, we can go on, starting gently."
    )


GET_CHECKED_FIRST = (
    "Good plan. Send /start once a professional has checked it, and we set up your plan then."
)
ASK_PROVIDER = "<b>Is a physiotherapist or sports physician looking after this injury?</b>"
WHY_A_PHYSIO = (
    "<i>Without a physio: a physiotherapist or sports physician can examine the thigh, tell "
    "how bad the strain is and set your pain limit and pace with you. Tap below once you have "
    "one.</i>"
)
RECOMMEND_PROVIDER = (
    "I recommend seeing one: they can examine the injury, confirm what it is and tailor your "
    "exercises. Meanwhile I will coach you with a standard, careful plan."
)
ASK_PAIN_LIMIT = (
    "<b>How much pain is acceptable during the exercises?</b>\n"
    "Pick the limit you agreed with your physio or doctor (0 = none, 10 = the worst). "
    "If you have not agreed one, use the usual limit for your kind of strain: <b>{default}/10</b>. "
    "Pain of 7 or more always means stop."
)
ASK_ZONE = (
    "<b>Which time zone are you in?</b>\n"
    "Tap one, share your location, or type it: a city (<code>Madrid</code>), a country, "
    "an offset (<code>UTC+5:30</code>) or a name like <code>America/Chicago</code>. "
    "I use it so that “today” and your reminders match your day."
)


def ask_injury_date(onset: Onset | None) -> str:
    """When the strain happened, or, for an ache that built up, when it started."""
    question = "When did the ache start?" if onset is Onset.GRADUAL else "When did it happen?"
    return (
        f"<b>{question}</b>\n"
        "Tap an answer or type the date, like <code>2026-11-20</code> or <code>20.11.2026</code>."
    )


ASK_SESSIONS = (
    "<b>One or two sessions a day?</b>\n"
    "Twice a day helps most in the early weeks (the second session is a short one); "
    "once a day works too."
)
ASK_FIRST_TIME = (
    "<b>When should I send the first session's routine?</b>\n"
    "Tap a time or type one in 24-hour form, like <code>07:30</code>."
)
ASK_REMINDER_TIME = (
    "<b>When should I send your daily routine?</b>\n"
    "Tap a time or type one in 24-hour form, like <code>07:30</code> or <code>18:15</code>."
)
CLEARED_TO_EXERCISE = "Checked by a professional, cleared to exercise"
SESSIONS_ANSWERS = {1: "One session a day", 2: "Two sessions a day"}
ONSET_NOT_READ = (
    "I could not tell which it was. Tap one of the buttons below, or type <i>sudden</i> or "
    "<i>gradual</i>."
)
TAP_A_BUTTON_ABOVE = "Please answer with one of the buttons above."
TEXT_OR_BUTTONS_ONLY = "I can only read text and buttons. Please answer the question above."
FINISH_SETUP_FIRST = (
    "Let's finish setting up first: please answer the question above, or send /cancel to stop "
    "(a plan you already have stays as it was)."
)
SETUP_CANCELLED = "Setup stopped. Send /start whenever you are ready."
SETTING_UP_AGAIN = (
    "<i>Your plan stays as it is while we go through the questions: your phase, history and "
    "reminders carry on until you finish. Send /cancel to go back to it unchanged.</i>"
)
KEEP_PHASE_ANSWER = "Keep phase {phase}"
NOTHING_TO_CANCEL = (
    "There is nothing to stop right now: no setup or settings question is open. "
    "Send /help to see what I can do."
)
CHECK_FIRST_PLAN_ON_HOLD = (
    "Good plan. Until a professional has checked it, your plan is on hold: no exercises. "
    "At your reminder time I will ask whether you have been seen; you can also tell me below "
    "once you have."
)


def setup_stopped(*, phase: int, day: int) -> str:
    """After /cancel in a new setup: the plan goes on as it was."""
    return (
        f"Setup stopped. Your plan is as it was: phase {phase}, day {day}, with the same "
        "reminders. Send /today for today's routine."
    )


def ask_keep_or_start_over(*, phase: int, day: int) -> str:
    """At the end of a new setup of someone with a plan: keep their place, or start over?"""
    return (
        f"<b>Keep your place in the plan?</b>\nYou are in phase {phase}, day {day}. Keep it and "
        "your new answers apply from now; or start over from phase 1 today. Either way your "
        "history is kept for your progress and reports."
    )


def restart_line(*, kept_phase: int | None, from_phase: int | None, new_track: bool) -> str:
    """What a new setup did to the plan, for its summary (empty for a first setup)."""
    if kept_phase is not None:
        return f"• Your plan goes on in phase {kept_phase}, where you were\n"
    if from_phase is None:
        return ""
    if new_track:
        return (
            "• A different kind of strain has a different plan, so it starts from its phase 1 "
            f"(you were in phase {from_phase} of the other one)\n"
        )
    return f"• Starting over from phase 1 (you were in phase {from_phase})\n"


NOT_SET_UP = "We have not set up your plan yet. Send /start to begin."
OLD_STEP_BUTTON = "That button belongs to an earlier step."
EXPIRED_BUTTON = "This button has expired. Send /today for today's routine."
NOT_YOUR_BUTTON = "Only the person these buttons were sent to can use them. Nothing was changed."
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
    "plan": "Your phase, what comes next, and the check to move on",
    "progress": "A chart of your pain and sessions, with your numbers",
    "report": "A report to share with your physio",
    "name": "Your name on the report, or none",
    "about": "What this coach is, and its sources",
    "problem": "Report a warning sign or strong pain",
    "pause": "A break from reminders",
    "resume": "Reminders on again after a pause",
    "settings": "Reminder times, time zone, pain limit and more",
    "export": "All your data, as a file",
    "forget": "Delete all your data",
    "help": "What I can do",
    "start": "Set up your rehab plan",
    "cancel": "Stop the setup or a settings question",
}

# The bot's profile: the description fills an empty chat (at most 512 characters), the short
# one its profile page and shared links (at most 120).
DESCRIPTION = (
    "A coach for hamstring-strain rehab. Each day it sends your routine for your phase, asks how "
    "it went and how much it hurt, and adjusts the plan by the pain rules over 6 to 12 weeks.\n\n"
    "It coaches and does not diagnose: a physiotherapist or doctor should check your injury, and "
    "it sends you to one when something needs it. Tap Start to set up your plan."
)
SHORT_DESCRIPTION = (
    "Daily hamstring-strain rehab coaching with pain rules. A coach, not a diagnosis."
)

HELP = (
    "<b>What I can do</b>\n"
    "/today: today's routine, with a button to log your session\n"
    "/plan: your phase, what comes next, and the check to move on\n"
    "/progress: a chart of your pain, sessions and mornings, with your streak\n"
    "/report: a PDF of your plan and history to share with your physio "
    "(<code>/report html</code> for a web page)\n"
    "/name: the name at the top of your report (<code>/name Ana</code>), or none\n"
    "/about: what I am and am not, and the research behind the plan\n"
    "/problem: report a warning sign (a pop, numbness...) or pain of 7/10 or more\n"
    "/pause: a break from reminders (<code>/pause 5</code> for five days); /resume ends it\n"
    "/settings: reminder times, time zone, pain limit, quiet hours and more\n"
    "/export: everything I keep about you, as a file\n"
    "/forget: delete all your data (asks first)\n"
    "/start: set up your plan (again); your plan goes on until the new setup is finished\n"
    "/cancel: stop the setup or a settings question (a plan you have stays as it was)\n"
    "/help: this list\n\n"
    "Every day at your reminder time I send the routine. After the session, tap "
    "<b>Log this session</b> and tell me how it went and how much it hurt. "
    "I adjust the plan by the pain rules, and send you to a professional when something "
    "needs one. You can also just type: <i>done</i>, the pain as a number, <i>can't today</i>, "
    "<i>what do I do today?</i>, or what you feel.\n\n"
    f"{DISCLAIMER}"
)

FREQUENCY_NAMES = {
    Frequency.TWICE_DAILY: "twice a day",
    Frequency.DAILY: "every day",
    Frequency.EVERY_OTHER_DAY: "every other day",
    Frequency.EVERY_THIRD_DAY: "every third day",
    Frequency.THREE_TIMES_WEEKLY: "3 times a week",
    Frequency.TWICE_WEEKLY: "twice a week",
    Frequency.WEEKLY: "once a week",
}
ONSET_NAMES = {Onset.SUDDEN: "Sudden strain", Onset.GRADUAL: "Gradual ache"}
OUTCOME_NAMES = {
    SessionOutcome.DONE: "Done",
    SessionOutcome.PARTLY: "Partly",
    SessionOutcome.SKIPPED: "Skipped",
}


def how_often(prescription: Prescription, *, build_up_week: int | None = None) -> str:
    """How often an exercise is done; for a build-up, which of its weeks this is."""
    words = FREQUENCY_NAMES[prescription.frequency]
    build_up = prescription.build_up
    if build_up is None:
        return words
    if build_up_week is None:
        return f"{words} at first, building up over {build_up.weeks} weeks"
    if build_up_week > build_up.weeks:
        return f"{words}, now that the {build_up.weeks}-week build-up is done"
    return f"{words} (week {build_up_week} of a {build_up.weeks}-week build-up)"


EASED_SHORT = (
    "<i>Eased doses for now: a smaller range, slowly. The planned doses come back after a "
    "session within your limit and a morning no worse.</i>"
)
EASED = (
    "<i>Eased doses for now (fewer sets and repetitions, shorter holds and runs): keep to a "
    "smaller range and go slowly, well within your pain limit. The planned doses come back once "
    "a session stays within your limit and the next morning is no worse.</i>"
)


def waiting_for_walking(
    prescriptions: Sequence[Prescription], *, from_day: date | None, short: bool = False
) -> str:
    """Why some exercises of the phase are not in the routine yet (``short``: in a daily
    list, the reason in a few words)."""
    names = " and the ".join(escape(p.exercise.name) for p in prescriptions)
    if short and from_day is None:
        return f"<i>The {names} come in once walking is pain-free: tap below when it is.</i>"
    if from_day is not None:
        return (
            f"<i>The {names} (standing, on the injured leg) come in on {format_date(from_day)}.</i>"
        )
    return (
        f"<i>The {names} (standing, on the injured leg) come in once you can walk at your normal "
        "stride without pain and 5 days have passed since the injury. Tap the button below "
        "when walking is pain-free.</i>"
    )


def echo_answer(answer: str) -> str:
    """Show a confirmed answer above the next question."""
    return f"✓ {escape(answer[:1].upper() + answer[1:])}"


def pain_limit_answer(limit: int) -> str:
    """Confirm the pain limit chosen at setup."""
    return f"Pain limit {limit}/10"


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


def ask_second_time(first: time, *, example: time) -> str:
    """Ask for the second session's time, after the first (``example``: one that fits)."""
    return (
        "<b>And the second, shorter session?</b>\n"
        f"At least 3 hours after {format_time(first)}: tap a time or type one, like "
        f"<code>{format_time(example)}</code>."
    )


def first_time_too_late(latest: time) -> str:
    """Explain why a first of two times was refused (plain text)."""
    return (
        f"With two sessions a day, the first needs to be at {format_time(latest)} or earlier, so "
        "the second can come at least 3 hours later the same day. Please pick an earlier time, "
        "or choose one session a day instead."
    )


def second_time_too_close(first: time) -> str:
    """Explain why a second time was refused (plain text: also used as a button alert)."""
    return (
        f"Please pick a time at least 3 hours after {format_time(first)}, the same day, so the "
        "two sessions are really two."
    )


def setup_summary(
    *,
    onset: Onset,
    injury_date: date,
    zone: str,
    reminders: list[time],
    pain_limit: int,
    today: date,
    gentle_start: bool = False,
    restart: str = "",
) -> str:
    """Sum up the plan once onboarding is done (``restart``: what a new setup did to the plan)."""
    gentle = (
        "• A gentler first week, with eased doses, after the warning signs you reported\n"
        if gentle_start
        else ""
    )
    return (
        "<b>You're all set.</b>\n"
        f"• Injury: {ONSET_NAMES[onset].lower()}, {injury_date_answer(injury_date, today=today)}\n"
        f"• Pain limit during exercise: {pain_limit}/10\n"
        f"• {_sessions_line(reminders)} ({escape(zone)})\n{restart}{gentle}\n"
        "Start today: here is your first routine. Send /today any time to see it again."
    )


def _sessions_line(reminders: list[time]) -> str:
    if len(reminders) == 1:
        return f"Daily routine at {format_time(reminders[0])}"
    return "Two sessions a day, at " + " and ".join(format_time(at) for at in reminders)


def welcome_back(*, reminder: time | None, zone: str | None) -> str:
    """Greet someone who is already set up."""
    when = ""
    if reminder is not None and zone is not None:
        when = f" Your daily routine comes at {format_time(reminder)} ({escape(zone)})."
    return (
        f"<b>Welcome back!</b>{when}\n"
        "Send /today for today's routine. Want to answer the setup questions again? Your plan "
        "stays as it is until you finish."
    )


def check_in_heading(*, outcome: SessionOutcome, pain: int | None, updated: bool, day: date) -> str:
    """Confirm what was logged for a session."""
    what = OUTCOME_NAMES[outcome].lower()
    if pain is not None:
        what += f", pain {pain}/10"
    head = "Updated" if updated else "Logged"
    return f"<b>{head} for {format_date(day)}: {what}.</b>"


def endurance_saved(minutes: int) -> str:
    """Confirm endurance minutes tapped under a session."""
    what = "no endurance training" if minutes == 0 else f"{minutes} min of endurance training"
    return f"✓ Noted: {what}."


def session_named(day: date, *, session: int, of: int) -> str:
    """A session in words: its day, and its number when there are two a day."""
    return format_date(day) if of == 1 else f"{format_date(day)}, session {session}"


def too_old_to_log(day: date) -> str:
    """Explain why a button under an old reminder no longer logs."""
    return f"This is from {format_date(day)}. You can log today's and yesterday's sessions."


def already_logged(outcome: SessionOutcome, pain: int | None) -> str:
    """Say what is already logged for a session shown again."""
    what = OUTCOME_NAMES[outcome].lower()
    if pain is not None:
        what += f", pain {pain}/10"
    return f"<i>Already logged: {what}. To change it, log it again.</i>"


KEEP_FIT = "<b>Keep fit without the hamstring:</b>"
AVOID_FOR_NOW = "<b>Avoid for now:</b>"


def routine_heading(day: date, *, session: int, shorter: bool, of: int = 2) -> str:
    """The first line of a routine: its day, and which session when there are two a day."""
    if of == 1:
        return f"<b>{escape(format_date(day))}, your session</b>"
    kind = "short session" if shorter else "session"
    return f"<b>{escape(format_date(day))}, {kind} {session}</b>"


def routine_phase_line(phase: Phase, *, phases: int, day_in_phase: int) -> str:
    """Where a routine stands in the plan."""
    return f"Phase {phase.number} of {phases}: <b>{escape(phase.name)}</b>, day {day_in_phase + 1}"


def check_in_question(day: date, *, session: int, question: str, of: int) -> str:
    """A check-in question under the heading of its session (numbered with two a day)."""
    return f"{routine_heading(day, session=session, shorter=False, of=of)}\n{question}"


def picture_caption(exercise: Exercise) -> str:
    """An exercise picture's caption: its name (HTML). The steps are in the routine message
    the pictures come with, never twice."""
    return f"<b>{escape(exercise.name)}</b>"
