"""Replies to typed messages outside the setup and settings dialogues (HTML)."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.texts import session_named
from coach.open_questions import Asked
from rehab.protocol import Phase

WARNING_NOT_SET_UP = (
    "<b>That sounds like a warning sign: please see a physiotherapist or doctor before you "
    "exercise.</b> I am a coach, not a clinician. Once a professional has checked it, send "
    "/start and we set up your plan."
)
NOT_SET_UP = "Hi! We have not set up your plan yet. Send /start to begin."
PAIN_OUT_OF_RANGE = "Pain goes from 0 (none) to 10 (the worst): which number was it?"
ASK_PAIN_TYPED = "Noted. <b>How much did it hurt during the session, from 0 to 10?</b>"
THANKS = "You're welcome. Keep it up: steady beats heroic."
SETTINGS = (
    "Reminder times, your time zone, quiet hours, the pain limit and the weekly summary are "
    "changed in /settings: send it and tap what to change."
)
OTHER_LANGUAGE = (
    "Sorry, I can only read English for now. You can tap the buttons under my messages, or "
    "send /help to see what I can do."
)
UNKNOWN = "I'm not sure what you mean. Here is what I can do right now:"
SKIP_OFFER = (
    "No problem if today doesn't work. Can you fit it in later? Snooze it for an hour, or skip "
    "today; a missed day is fine, just don't let it become a habit."
)
PAIN_TALK = (
    "Let's log it, so the plan can follow. If it is 7/10 or more, or you noticed a warning "
    "sign (a pop, numbness, a big bruise), send /problem."
)
PAIN_TALK_OUTCOME = "First: <b>how did today's session go?</b>"
PAIN_TALK_PAIN = "<b>How much did it hurt during the session, from 0 to 10?</b>"
WELCOME_BACK = "<b>Welcome back!</b> Good to see you. Here is what's next."
STILL_PAUSED = "Your reminders are paused: send /resume when you want them back."
WELCOME_ON_HOLD = (
    "<b>Welcome back!</b> Your plan is still on hold until a professional has seen you: tell "
    "me when you have been seen, with the buttons."
)


_ANSWER_ABOVE = {
    Asked.OUTCOME: "tap <b>Done</b>, <b>Partly</b> or <b>Skipped</b>, or type one of them",
    Asked.PAIN: "tap the pain from 0 to 10, or type the number",
    Asked.ENDURANCE: "tap the minutes, or type them as a number",
}


def answer_above(asked: Asked | None) -> str:
    """Words that answer nothing while a check-in question waits (HTML)."""
    how = _ANSWER_ABOVE.get(asked) if asked is not None else None
    if how is None:
        return UNKNOWN
    return f"I didn't catch that. The question above is still open: {how}."


def pain_or_minutes(number: int) -> str:
    """A bare number with no question open."""
    if number > 10:
        return f"Is {number} the minutes of exercise you did?"
    return f"Is {number} your pain today, or minutes of exercise?"


def fitness(phase: Phase) -> str:
    """Ways to keep fit in this phase without loading the hamstring."""
    options = "\n".join(f"• {escape(option)}" for option in phase.endurance)
    return (
        f"<b>Keeping fit in phase {phase.number} ({escape(phase.name)}):</b>\n{options}\n\n"
        "Stop anything that hurts the hamstring. Send the minutes as a number after a session "
        "and I add them to it."
    )


def endurance_changed(
    minutes: int, previous: int | None, *, day: date, session: int, of: int
) -> str:
    """Typed endurance minutes, for the session named; says so when they replace others."""
    what = "no endurance training" if minutes == 0 else f"{minutes} min of endurance training"
    where = f"for {session_named(day, session=session, of=of)}"
    if previous is not None and previous != minutes:
        return f"✓ Noted: {what} {where} (instead of the {previous} min logged before)."
    return f"✓ Noted: {what} {where}."
