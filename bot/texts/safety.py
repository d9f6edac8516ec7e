"""Texts of the safety hold and /problem (HTML parse mode; ``on_hold`` is plain: also an alert)."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.texts import format_date, format_time
from bot.texts.coaching import red_flags_list
from rehab.protocol import RedFlag

ASK_SEEN = (
    "🩺 <b>Your plan is on hold.</b> Have you been seen by a physiotherapist or doctor since "
    "the pain or the warning sign? Tell me what they advised."
)
STILL_NOT_SEEN = (
    "Thanks for telling me. Please see a physiotherapist or doctor soon: until then I send no "
    "routines, and it is best not to train the hamstring."
)
RESTING = (
    "Good: follow their advice and rest as they said. I send no routines until you tell me "
    "they have cleared you."
)
CLEARED = "<b>Good news.</b> We carry on in phase {phase}, easing back in: here is today's routine."
CLEARED_STEP_BACK = (
    "<b>Good news.</b> As they advised, we go one step back, to phase {phase}, easing back in: "
    "here is today's routine."
)
NOT_ON_HOLD = "Your plan is not on hold. Send /today for today's routine."
PROBLEM_NONE = "Good. If anything changes, send /problem at any time."


def on_hold(since: date) -> str:
    """Why a routine, a check or a change is refused while the plan is on hold (plain text)."""
    return (
        f"Your plan is on hold since {format_date(since)}: pain of 7/10 or more or a warning "
        "sign needs a professional first. Tell me when you have been seen, using the buttons."
    )


def ask_again(at: datetime | None, *, zone: str) -> str:
    """When the coach will ask again."""
    if at is None:
        return ""
    local = at.astimezone(ZoneInfo(zone))
    return f" I'll ask again on {escape(format_date(local.date()))} at {format_time(local.time())}."


def ask_problem(flags: tuple[RedFlag, ...]) -> str:
    """/problem: the warning signs, and whether one of them (or pain of 7+) is happening."""
    return (
        "<b>Is something wrong with the leg?</b> Any of these, or pain of 7/10 or more, means "
        f"stop and see a professional:\n{red_flags_list(flags)}\n"
        "• Pain of 7/10 or more"
    )


def problem_reported(flags: tuple[RedFlag, ...]) -> str:
    """After /problem: stop, see someone now, and the plan is on hold."""
    return (
        "<b>Please stop the exercises and see a physiotherapist or doctor now.</b> "
        "Some of these injuries do better when they are treated early, so please don't wait. "
        "Your plan is on hold until then; at your reminder time I will ask whether you have "
        f"been seen.\n\nThe warning signs, for when you talk to them:\n{red_flags_list(flags)}"
    )
