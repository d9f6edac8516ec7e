"""Texts of /progress and /report: the chart's labels, its caption and the physio report's words.

The caption is HTML for Telegram; the chart's labels are plain text drawn into the image; the
report's words are plain text that ``bot.views.report_page`` escapes as it builds the page.
"""

from __future__ import annotations

from datetime import date
from html import escape

from bot.texts import format_date
from bot.texts.buttons import AGGRAVATORS
from coach.session_log import StepCause
from coach.setup import AT_SETUP
from rehab.adherence import Adherence
from rehab.aggravation import Aggravator
from rehab.content import load_protocol
from rehab.pain import MorningResponse
from rehab.progress_rules import Mark, ProgressSummary
from rehab.progression import Outcome
from rehab.protocol import Phase
from storage.models import FlagKind, PhaseChangeReason

NO_DATA_YET = (
    "<b>Nothing to chart yet.</b> Once you have logged a session or two, /progress shows your "
    "pain, your sessions and how you feel the next morning, day by day.\n"
    "Send /today for today's routine and tap <b>Log this session</b> after it."
)
REPORT_CAPTION = (
    "Your rehab report, to share with your physiotherapist or sports physician. "
    "Open it in a browser; it prints well too."
)

# The chart (plain text, drawn into the PNG).
CHART_PAIN_AXIS = "Pain during sessions (0-10)"
CHART_PAIN_SERIES = "Pain (the day's highest)"
CHART_ON_HOLD = "On hold (see a professional)"
CHART_SESSIONS_AXIS = "Sessions"
CHART_MORNING_AXIS = "Next morning"
CHART_MORNING_LEVELS = {-1: "better", 0: "same", 1: "worse"}
CHART_MARKS = {
    Mark.DONE: "done",
    Mark.PARTLY: "partly",
    Mark.SKIPPED: "skipped",
    Mark.MISSED: "missed",
}


def chart_day(day: date) -> str:
    """Label a day on the chart's axis, e.g. 25 Nov."""
    return f"{day.day} {day:%b}"


def chart_limit(limit: int, *, changed: bool = False) -> str:
    """Label the pain limit line (today's limit; a line that steps says so)."""
    return f"Your limit, now {limit}/10" if changed else f"Your limit {limit}/10"


def chart_phase(phase: int, *, before: int | None = None) -> str:
    """Label a phase band, saying how it began when it followed a later or the same phase."""
    if before is not None and phase < before:
        return f"Phase {phase} (stepped back)"
    if before == phase:
        return f"Phase {phase} (started again)"
    return f"Phase {phase}"


def chart_session_row(session: int) -> str:
    """Label one session's row in the outcome strip."""
    return f"Session {session}"


def caption(summary: ProgressSummary, *, phase_name: str) -> str:
    """Sum up the numbers under the chart (HTML, well under Telegram's 1024 characters)."""
    return (
        "<b>Your progress</b>\n"
        f"• Sessions done, last 7 days: {_adherence(summary.last_7_days)}\n"
        f"• Sessions done, last 28 days: {_adherence(summary.last_28_days)}\n"
        f"• Streak: {_streak(summary.streak_days)}\n"
        f"• Endurance this week: {summary.endurance_minutes_this_week} min\n"
        f"• Phase {summary.phase}, {escape(phase_name)}: day {summary.day_in_phase}"
    )


def _streak(days: int) -> str:
    """Days in a row, or how to start a run when there is none (never "0 days in a row")."""
    if days == 0:
        return "none running; today's session starts one"
    return f"{days} day{'' if days == 1 else 's'} in a row"


def _adherence(adherence: Adherence) -> str:
    ratio = adherence.ratio
    if ratio is None:
        return "none due yet"
    return f"{adherence.done} of {adherence.planned} ({round(ratio * 100)}%)"


def report_filename(today: date) -> str:
    """Name the report file by the day it was made."""
    return f"rehab-report-{today.isoformat()}.html"


# The report (plain text; bot.views.report_page escapes every value).
REPORT_TITLE = "Hamstring rehab report"
REPORT_INTRO = (
    "Made by the rehab coach bot from what the person logged in the chat. Dates are in their "
    "time zone ({zone})."
)
REPORT_PLAN = "Plan"
REPORT_EXERCISES = "Exercises in this phase:"
REPORT_PROGRESS = "Progress"
REPORT_CHART_ALT = "Chart of pain during sessions, sessions done and next-morning answers by day"
REPORT_CHART_NOTE = (
    "Pain is the highest reported in the day's sessions; the dashed line is the agreed limit. "
    "Shaded bands are phases. Next-morning answers compare the morning after a session with "
    "before it and are shown under that session's day."
)
REPORT_HISTORY = "Sessions"
REPORT_NO_HISTORY = "No sessions logged yet."
REPORT_PHASES = "Phase changes"
REPORT_FLAGS = "Safety flags raised"
REPORT_NO_FLAGS = "None."
REPORT_ADHERENCE_NOTE = (
    "Sessions done counts done and partly done sessions against those planned since set-up. "
    "A day on a pause or a safety hold plans no sessions, unless one was logged on it."
)
# The chat's DISCLAIMER in plain words, for the page.
REPORT_DISCLAIMER = (
    "I am a coach, not a clinician: I cannot diagnose or examine. The plan follows published "
    "rehab protocols; a physiotherapist or sports physician should check the injury and may "
    "change it."
)

PLAN_TRACK = "Track"
PLAN_PHASE = "Phase"
PLAN_DAY = "Day in phase"
PLAN_LIMIT = "Pain limit during exercise"
PLAN_PROVIDER = "Physio or sports physician involved"
PLAN_REMINDERS = "Daily reminders"
PLAN_INJURY = "Injury date"
PLAN_STARTED = "Set up on"
HISTORY_COLUMNS = ("Date", "Session", "Outcome", "Pain (0-10)", "Endurance (min)", "Next morning")
PHASE_COLUMNS = ("Date", "From", "To", "Why")
FLAG_COLUMNS = ("Date", "What", "Detail")
PROGRESS_WEEK = "Sessions done, last 7 days"
PROGRESS_MONTH = "Sessions done, last 28 days"
PROGRESS_STREAK = "Streak (days in a row)"
PROGRESS_ENDURANCE = "Endurance this week (min)"

MARK_NAMES = {
    Mark.DONE: "Done",
    Mark.PARTLY: "Partly",
    Mark.SKIPPED: "Skipped",
    Mark.MISSED: "Missed (reminder, nothing logged)",
}
MORNING_NAMES = {
    MorningResponse.BETTER: "Better",
    MorningResponse.SAME: "Same",
    MorningResponse.WORSE: "Worse",
}
FLAG_NAMES = {
    FlagKind.RED_FLAG: "Warning sign reported (stop, see a professional)",
    FlagKind.PAIN_STOP: "Pain of 7/10 or more (stop, see a professional)",
    FlagKind.STEP_BACK: "Pain rules: held progress and stepped back",
    FlagKind.HOLD_NOT_SEEN: "Plan on hold: not seen by a professional yet",
    FlagKind.HOLD_RESTING: "Plan on hold: seen, told to rest",
    FlagKind.HOLD_CLEARED: "Seen by a professional: cleared to carry on",
    FlagKind.HOLD_CLEARED_STEP_BACK: "Seen by a professional: carry on one phase back",
    FlagKind.SPORT_SIGNED_OFF: "Return to full sport signed off by a professional",
    FlagKind.SPORT_NOT_SIGNED_OFF: "Return to full sport not signed off yet",
    FlagKind.WALKING_PAIN_FREE: "Walks at a normal stride without pain (own report)",
    FlagKind.AGGRAVATED: "What aggravated it after a session (own report)",
}
PHASE_REASONS = {
    PhaseChangeReason.START: "Set up",
    PhaseChangeReason.ADVANCE: "Criteria met",
    PhaseChangeReason.STEP_BACK: "Stepped back by the pain rules",
    PhaseChangeReason.COMPLETE: "Finished the last phase",
}
YES, NO, UNKNOWN = "Yes", "No", "Not answered"


def report_date(day: date) -> str:
    """A date in the report: the weekday and date people read, with the year for the record."""
    return f"{format_date(day)} {day.year}"


def report_adherence(adherence: Adherence) -> str:
    """Adherence in the report, in plain text."""
    return _adherence(adherence)


def report_pain_limit(limit: int, *, agreed: bool) -> str:
    """The pain limit in the report, saying when it is only the track's usual one."""
    return f"{limit}/10" + ("" if agreed else " (the track's usual limit)")


def report_phase(phase: Phase, *, phases: int) -> str:
    """The phase in the report."""
    return f"{phase.number} of {phases}: {phase.name}"


# The PDF report (plain text; bot.views.report_pdf makes it fit the PDF's built-in font).
REPORT_PDF_CAPTION = (
    "Your rehab report as a PDF, to share with your physiotherapist or sports physician. "
    "Send /report html for the same report as a web page."
)
REPORT_PDF_CREATOR = "Hamstring rehab coach bot"
PLAN_SESSIONS = "Sessions a day"
PDF_HISTORY_COLUMNS = (
    "Date",
    "Session",
    "Outcome",
    "Pain (0-10)",
    "Endurance (min)",
    "Next morning",
    "Safety flag",
)
REPORT_NO_PHASE_CHANGES = "None."
REPORT_HTML_ARGUMENT = "html"


def report_pdf_filename(today: date) -> str:
    """Name the PDF report file by the day it was made."""
    return f"rehab-report-{today.isoformat()}.pdf"


def report_made(today: date) -> str:
    """When the report was made."""
    return f"Made on {report_date(today)}"


def report_person(name: str) -> str:
    """Whom the report is about, by the name they chose."""
    return f"For {name}"


def report_missed_run(first: date, last: date, *, sessions: int) -> str:
    """A run of missed sessions in one line, e.g. Missed, 14-20 Nov (7 sessions)."""
    if first.year != last.year:
        span = f"{first.day} {first:%b} {first.year}-{last.day} {last:%b} {last.year}"
    elif first.month != last.month:
        span = f"{first.day} {first:%b}-{last.day} {last:%b}"
    elif first != last:
        span = f"{first.day}-{last.day} {last:%b}"
    else:
        span = f"{first.day} {first:%b}"
    return f"Missed, {span} ({sessions} sessions)"


_STEP_CAUSES = {
    StepCause.PAIN_TWICE: "pain above the limit in two sessions in a row",
    StepCause.WORSE_MORNINGS: "worse the next morning twice in a week",
}


def flag_detail(kind: FlagKind, detail: str | None) -> str:
    """What a flag's stored detail means, in words; nothing for a detail with no words (the
    stored keys are for the program, never for the page)."""
    if not detail:
        return ""
    if kind is FlagKind.STEP_BACK and detail in set(StepCause):
        return _STEP_CAUSES[StepCause(detail)]
    if kind is FlagKind.AGGRAVATED and detail in set(Aggravator):
        return AGGRAVATORS[Aggravator(detail)]
    if kind is FlagKind.RED_FLAG and detail.startswith(AT_SETUP):
        signs = {flag.key: flag.text for flag in load_protocol().red_flags}
        sign = signs.get(detail.removeprefix(AT_SETUP))
        return "at setup" if sign is None else f"at setup: {sign}"
    return ""


def report_flag(kind: FlagKind, detail: str | None) -> str:
    """A safety flag in a row of the PDF's session table."""
    said = flag_detail(kind, detail)
    return FLAG_NAMES[kind] if not said else f"{FLAG_NAMES[kind]}: {said}"


def report_page_number(page: int, *, total: str) -> str:
    """The PDF's page footer; ``total`` is the placeholder the PDF fills with the page count."""
    return f"Page {page} of {total}"


REPORT_CHECKS = "Criteria checks"
REPORT_NO_CHECKS = "None yet."
CHECK_COLUMNS = ("Date", "Phase", "Answers given", "Outcome")
CHECK_OUTCOMES = {
    Outcome.ADVANCED: "Passed: moved on",
    Outcome.CRITERIA_MISSING: "Not yet: stayed in the phase",
    Outcome.COMPLETED: "Passed: programme finished",
    Outcome.TOO_EARLY: "Too early",
}
REPORT_HOLDS = "Safety holds"
REPORT_NO_HOLDS = "None."
HOLD_COLUMNS = ("From", "Until", "Began with", "Answers while on hold", "Outcome")
HOLD_OPENED_BY = {
    FlagKind.PAIN_STOP: "Pain of 7/10 or more",
    FlagKind.RED_FLAG: "A warning sign",
}
HOLD_ANSWERS = {
    FlagKind.HOLD_NOT_SEEN: "not seen yet",
    FlagKind.HOLD_RESTING: "seen, told to rest",
}
HOLD_OUTCOMES = {
    FlagKind.HOLD_CLEARED: "Seen by a professional: carried on",
    FlagKind.HOLD_CLEARED_STEP_BACK: "Seen by a professional: one phase back",
}
HOLD_STILL_OPEN = "Still on hold"
NO_ANSWER_YET = "none yet"
ANSWER_WORDS = {True: "yes", False: "no"}


def report_answer(question: str, answer: bool) -> str:
    """One criterion of a check and the answer given."""
    return f"{question} {ANSWER_WORDS[answer]}"


NAME_OFF = "off"
NAME_TOO_LONG = "That is longer than a report heading holds: please send up to 40 characters."
NAME_USAGE = (
    "Send <code>/name</code> and the name to print at the top of your report, like "
    "<code>/name Ana Silva</code>, or <code>/name off</code> for none."
)


def name_now(name: str | None) -> str:
    """What the report says of the person now, and how to change it (HTML)."""
    said = f"Your report says: <b>For {escape(name)}</b>." if name else "Your report names nobody."
    return f"{said}\n{NAME_USAGE}"


def name_saved(name: str | None) -> str:
    """Confirm a change of the name on the report (HTML)."""
    if name is None:
        return "Done: your report names nobody now."
    return f"Done: your report will say <b>For {escape(name)}</b>. /report makes it."
