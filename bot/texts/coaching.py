"""Texts of the coaching itself: pain feedback, safety, the plan, criteria checks and sources.

Wording follows the source article's advice: don't skip sessions, and a professional decides
about anything worrying; its "setbacks are common, don't be discouraged" is said in turns
(bot.texts.encouragement), not in every message (HTML parse mode).
"""

from __future__ import annotations

from datetime import date
from html import escape

from bot.texts import DISCLAIMER, format_date
from coach.session_log import StepCause
from rehab.aggravation import Aggravator
from rehab.pain import MorningResponse, Verdict
from rehab.progression import Decision, Outcome
from rehab.protocol import Criterion, Phase, Protocol, RedFlag, Track

WITHIN_LIMIT = (
    "That is within your limit of {limit}/10. Keep going at this level: steady beats heroic."
)
ABOVE_LIMIT = (
    "That is more than your limit of {limit}/10. Next session, ease off: less range, fewer "
    "repetitions, slower."
)
STOP = (
    "<b>Please stop the exercises now and see a physiotherapist or doctor.</b> "
    "Pain of 7/10 or more, or a warning sign, needs a professional to look at it. "
    "Your plan is on hold until then: no routines. At your reminder time I will ask whether "
    "you have been seen, and we carry on from there."
)
MORNING_FEEDBACK = {
    Verdict.WITHIN_LIMIT: "Good: the last session did not leave you worse. Carry on as planned.",
    Verdict.ABOVE_LIMIT: (
        "Thanks. When it feels worse the next morning, the last session was a bit too much: "
        "ease off today with less range, fewer repetitions and a slower pace."
    ),
}
SEE_PROVIDER = "It is a good moment to check in with your physio or sports physician."
FIND_PROVIDER = (
    "It is a good moment to see a physiotherapist or sports physician, who can look at it "
    "and adjust your plan."
)
SKIPPED = "Thanks for telling me: noted as skipped."
PARTLY = "Part of a session still counts. "

ASK_ENDURANCE = (
    "<b>Any endurance training today that spares the hamstring?</b> "
    "(cycling, swimming, upper body...) Tap, or send the minutes as a number."
)
TYPE_ENDURANCE = "Send the minutes as a number, like 45."
ENDURANCE_NEEDS_A_SESSION = (
    "To note endurance minutes, log a session first: send /today and tap <b>Log this session</b>."
)
ENDURANCE_TOO_LONG = (
    "That is more than 5 hours, longer than any session here. "
    "Please send the minutes, from 0 to 300."
)

ASK_MORNING = (
    "<b>This morning, compared with before yesterday's session:</b> "
    "how do the back of your thigh and any stiffness feel?"
)
MORNING_EXPIRED = "This question was for an earlier morning. Send /today for today's routine."
MORNING_NAMES = {
    MorningResponse.BETTER: "Better",
    MorningResponse.SAME: "The same",
    MorningResponse.WORSE: "Worse",
}

CHECK_OUT_OF_DATE = "This check is out of date. Send /plan to start a new one."


def pain_feedback(verdict: Verdict, *, limit: int) -> str:
    """What a session's pain means for the next session (STEP_BACK is told by stepped_back)."""
    if verdict is Verdict.STOP:
        return STOP
    if verdict is Verdict.ABOVE_LIMIT:
        return ABOVE_LIMIT.format(limit=limit)
    return WITHIN_LIMIT.format(limit=limit)


STEP_CAUSES = {
    StepCause.PAIN_TWICE: "Pain has been above your limit in two sessions in a row",
    StepCause.WORSE_MORNINGS: "The leg has felt worse the next morning twice this week",
}
NEXT_SESSION_LIGHTER = "<b>Your next session, lighter:</b>"


def stepped_back(
    phase: Phase, *, from_phase: int, cause: StepCause, has_provider: bool | None, word: str
) -> str:
    """Explain holding progress: a phase back, or in phase 1 the same phase, eased."""
    provider = SEE_PROVIDER if has_provider else FIND_PROVIDER
    if phase.number == from_phase:
        where = f"holding your progress in phase {phase.number}, <b>{escape(phase.name)}</b>"
    else:
        where = (
            f"holding your progress and moving you to phase {phase.number}, "
            f"<b>{escape(phase.name)}</b>, starting today"
        )
    return (
        f"<b>Let's take a step back.</b> {STEP_CAUSES[cause]}, so I am {where}, and easing off "
        f"for the next days. {provider} {word}"
    )


def red_flags_list(flags: tuple[RedFlag, ...]) -> str:
    """The warning signs as a bulleted list."""
    return "\n".join(f"• {escape(flag.text)}" for flag in flags)


def red_flag_reported(flags: tuple[RedFlag, ...]) -> str:
    """Tell someone who reported a warning sign during rehab what to do."""
    return (
        "<b>Please stop the exercises and see a physiotherapist or doctor now.</b> "
        "A warning sign like\n"
        f"{red_flags_list(flags)}\n"
        "needs a professional to look at it before you carry on. "
        "Some of these injuries do better when they are treated early, so please don't wait. "
        "Your plan is on hold until then; at your reminder time I will ask whether you have "
        "been seen."
    )


def plan_overview(
    track: Track,
    phase: Phase,
    *,
    day_in_phase: int,
    started_on: date,
    today: date,
    retry_from: date | None = None,
) -> str:
    """Where the person is in the protocol, and what leaving this phase takes."""
    days_left = phase.min_days - day_in_phase
    low, high = phase.typical_days
    lines = [
        f"<b>Your plan: {escape(track.name)}</b>",
        f"Phase {phase.number} of {track.last_phase}: <b>{escape(phase.name)}</b>",
        f"<i>{escape(phase.goal)}</i>",
        f"Day {day_in_phase + 1} of this phase (started {escape(format_date(started_on))}); "
        f"it usually takes {low}-{high} days.",
        "",
    ]
    if phase.number < track.last_phase:
        following = track.phase(phase.number + 1)
        lines.append(
            f"<b>Next:</b> phase {following.number}, {escape(following.name)}: "
            f"{escape(following.goal)}"
        )
        lines.append("<b>To move on, you should be able to say yes to:</b>")
    else:
        lines.append("<b>This is the last phase. You have finished when you can say yes to:</b>")
    lines += [f"• {escape(criterion.question)}" for criterion in phase.criteria]
    lines.append("")
    if (
        retry_from is not None
        and retry_from > today
        and retry_from.toordinal() > (today.toordinal() + days_left)
    ):
        lines.append(
            f"After the last check, the next one opens on {escape(format_date(retry_from))}."
        )
    elif days_left > 0:
        ready_on = today.toordinal() + days_left
        lines.append(
            f"The earliest day to check is {escape(format_date(date.fromordinal(ready_on)))} "
            f"(at least {phase.min_days} days in this phase)."
        )
    else:
        lines.append("When you can answer yes to all of them, tap below to check.")
    return "\n".join(lines)


def too_early(min_days: int, started_on: date) -> str:
    """A short alert (plain text) for a criteria check started before the phase's minimum days."""
    ready = date.fromordinal(started_on.toordinal() + min_days)
    return (
        f"Not yet: this phase takes at least {min_days} days. "
        f"Check again from {format_date(ready)}; until then, keep to the routine."
    )


CHECK_TOO_FEW_SESSIONS = (
    "Not yet: this check needs about two thirds of this phase's sessions done. Keep logging "
    "your sessions and try again in a few days."
)


def check_after_failed(day: date) -> str:
    """A check tried again before the day the last one set (plain text)."""
    return (
        f"Not yet: after the last check we said to try again on {format_date(day)}. "
        "Until then, keep to the routine."
    )


def check_before_build_up_ends(day: date) -> str:
    """A check before the phase's build-up is done (plain text)."""
    return (
        f"Not yet: the build-up in this phase runs until {format_date(day)}, and its protection "
        "comes from finishing it. Keep going; check again from that day."
    )


def check_after_pain(day: date) -> str:
    """A check right after a session above the pain limit (plain text)."""
    return (
        "Not yet: a session went above your pain limit in the last few days. The check opens "
        f"again on {format_date(day)}, once the sessions stay within it."
    )


def criterion_question(phase: Phase, index: int) -> str:
    """One question of the criteria check."""
    criterion = phase.criteria[index]
    return (
        f"<b>Ready for the next step? Question {index + 1} of {len(phase.criteria)}</b>\n"
        f"{escape(criterion.question)}\n\n"
        "<i>Answer honestly: moving on too early is the most common reason strains come back.</i>"
    )


def decision_text(decision: Decision, track: Track, *, word: str = "") -> str:
    """The result of a criteria check, with a word of encouragement for a phase passed or not
    passed yet."""
    if decision.outcome is Outcome.TOO_EARLY:
        when = format_date(decision.retry_on) if decision.retry_on else "a few days"
        return (
            "Not yet: this phase needs a few more days before it can be left. "
            f"Try again on {escape(when)}."
        )
    if decision.outcome is Outcome.CRITERIA_MISSING:
        return _missing_text(decision.missing, decision.retry_on, word)
    if decision.outcome is Outcome.COMPLETED:
        return (
            "<b>Congratulations, you have finished the programme!</b> The daily routines stop "
            "here. From now on one maintenance session a week keeps the hamstring ready: "
            f"<i>{escape(track.maintenance.why)}</i>"
        )
    phase = track.phase(decision.phase)
    return (
        f"<b>Well done: you are moving on to phase {phase.number}, {escape(phase.name)}.</b> "
        f"{word}\n<i>{escape(phase.goal)}</i>\n"
        "Here is your new routine."
    )


def _missing_text(missing: tuple[Criterion, ...], retry_on: date | None, word: str) -> str:
    when = f" Let's check again on {escape(format_date(retry_on))}." if retry_on else ""
    lines = [
        "<b>Not quite yet, and that is fine.</b> This one still needs time:"
        if len(missing) == 1
        else "<b>Not quite yet, and that is fine.</b> These still need time:",
        *(f"• {escape(criterion.question)}" for criterion in missing),
        f"Stay with this phase's routine.{when} {word}",
    ]
    return "\n".join(lines)


def about(protocol: Protocol) -> str:
    """What the bot is and is not, and the sources its protocol rests on."""
    # The short keys are for the code's comments; people read the citations.
    sources = "\n".join(f"• {escape(source.citation)}" for source in protocol.sources.values())
    return (
        "<b>About this coach</b>\n"
        "I guide you through a structured hamstring-strain rehab: daily routines by phase, "
        "pain monitoring, and reminders so you don't skip sessions.\n\n"
        f"{DISCLAIMER}\n\n"
        "If you notice a warning sign, feel pain of 7/10 or more, or are unsure about anything, "
        "stop and see a professional.\n\n"
        f"<b>Sources</b>\n{sources}"
    )


def morning_answered(response: MorningResponse, feedback: str) -> str:
    """The morning answer, in place of the question, and what it means."""
    return f"✓ This morning: {MORNING_NAMES[response].lower()}. {feedback}"


WALKING_NOTED = "Noted: walking is pain-free."

ASK_WHAT_AGGRAVATED = (
    "<b>Did anything aggravate your hamstring today?</b> Overuse pain usually comes from one "
    "activity; naming it shows what to cut back."
)
AGGRAVATION_ADVICE = {
    Aggravator.RUNNING: (
        "Running aggravated it: cut it back rather than stop. Shorter runs on the flat, no hills "
        "or sprints, until the pain settles by the next morning; cycling or swimming keep your "
        "fitness meanwhile."
    ),
    Aggravator.SITTING: (
        "Sitting aggravated it: long sitting on hard seats presses on the sore spot. Use a "
        "cushion, and stand up and move every 20-30 minutes."
    ),
    Aggravator.STRETCHING: (
        "Stretching or bending aggravated it: leave out stretches into a deep hip bend, and "
        "deep lunges, for now. The holds and strength work do the job without provoking it."
    ),
    Aggravator.OTHER: (
        "Something else aggravated it: do less of that for now, and tell your physio what it "
        "was, so they can adjust your plan."
    ),
    Aggravator.NOTHING: "Good: nothing aggravated it. Keep your days as they are.",
}
