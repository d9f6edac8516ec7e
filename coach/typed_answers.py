"""A typed message: the answer to the open check-in question, or read for what it is about.

An open question takes the typed answer its buttons would (a pain of 0-10, done / partly /
skipped in words, endurance minutes). Otherwise the intent reader (``coach.intents``) decides,
and a warning sign puts the plan on hold at once, whatever else was going on. A number goes
only to an open question; a bare number with none open is asked about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from coach import open_questions, safety_hold, session_log
from coach.day_record import SessionRef
from coach.intents import Intent, Reading, read_message
from coach.open_questions import Asked, OpenQuestion
from coach.plan_position import phase_of
from coach.session_log import SavedCheckIn
from coach.today import SessionPlan, todays_session
from coach.work import Work
from rehab.injury import SessionOutcome
from rehab.protocol import Phase
from storage import activity, check_ins, plans
from storage.check_ins import LoggedSession
from storage.plans import PlanState

PAIN_SCALE = range(11)
_NONE_WORDS = re.compile(r"\b(?:none|no|nothing|nope|zero|nil|not any)\b")
_PARTLY_WORDS = re.compile(r"\b(?:partly|part|some|half|most|bits?|partially)\b")
_YES_DONE = re.compile(r"\b(?:yes|yep|yeah|all|full|fully)\b")


class Answer(StrEnum):
    """What the bot answers to a typed message."""

    HOLD_OPENED = "hold_opened"  # a warning sign: the plan is on hold now
    ON_HOLD = "on_hold"  # already on hold: nothing is loaded
    WARNING_NOT_SET_UP = "warning_not_set_up"
    NOT_SET_UP = "not_set_up"
    SAVED = "saved"  # a check-in saved from a typed pain or outcome
    PAIN_OUT_OF_RANGE = "pain_out_of_range"
    ASK_PAIN = "ask_pain"  # "done": how much did it hurt?
    ENDURANCE_ADDED = "endurance_added"
    ENDURANCE_TOO_LONG = "endurance_too_long"
    PAIN_OR_MINUTES = "pain_or_minutes"  # a bare number with nothing open
    PAIN_TALK = "pain_talk"
    SKIP_OFFER = "skip_offer"
    FITNESS = "fitness"
    TODAY = "today"
    WELCOME = "welcome"
    THANKS = "thanks"
    SETTINGS = "settings"  # settings are changed in /settings
    OTHER_LANGUAGE = "other_language"
    ANSWER_ABOVE = "answer_above"  # words that answer nothing while a question is open
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class TypedAnswer:
    """The answer and what its words and buttons need."""

    answer: Answer
    state: PlanState | None = None
    # The question the message answered: its buttons are spent.
    answered: OpenQuestion | None = None
    ref: SessionRef | None = None
    outcome: SessionOutcome | None = None
    number: int | None = None
    saved: SavedCheckIn | None = None
    # For endurance minutes: what the session had before (None: nothing).
    previous_minutes: int | None = None
    logged: LoggedSession | None = None
    plan: SessionPlan | None = None
    phase: Phase | None = None
    # For ANSWER_ABOVE: the question waiting for its answer.
    asked: Asked | None = None
    # For a greeting: the reminders are paused.
    paused: bool = False


async def answer_typed(work: Work, *, user_id: int, text: str) -> TypedAnswer:
    """Take a typed message: answer the open question with it, or act on what it says."""
    reading = read_message(text)
    state = await plans.plan_state(work.session, user_id=user_id)
    if reading.intent is Intent.WARNING_SIGN:
        return await _warning_sign(work, user_id, state)
    if state is None:
        return TypedAnswer(_NOT_SET_UP_ANSWERS.get(reading.intent, Answer.NOT_SET_UP))
    if state.on_hold and reading.intent not in _WORDS_ONLY:
        return TypedAnswer(Answer.ON_HOLD, state)
    question = await open_questions.open_question(work, user_id=user_id)
    if question is not None:
        answered = await _answer_question(work, state, question, reading, text)
        if answered is not None:
            return answered
        if reading.intent is Intent.UNKNOWN:
            # Words that answer nothing, mid-log: point back at the question, not elsewhere.
            return TypedAnswer(Answer.ANSWER_ABOVE, state, ref=question.ref, asked=question.asked)
    return await _by_intent(work, state, reading)


# Replies that load nothing, so they are given while the plan is on hold too.
_WORDS_ONLY = frozenset(
    {
        Intent.THANKS,
        Intent.GREETING,
        Intent.OTHER_LANGUAGE,
        Intent.UNKNOWN,
        Intent.FITNESS,
        Intent.SETTINGS,
    }
)
_NOT_SET_UP_ANSWERS = {
    Intent.THANKS: Answer.THANKS,
    Intent.OTHER_LANGUAGE: Answer.OTHER_LANGUAGE,
}


async def _warning_sign(work: Work, user_id: int, state: PlanState | None) -> TypedAnswer:
    """A warning sign in words: hold the plan now (it may already be on hold)."""
    if state is None:
        return TypedAnswer(Answer.WARNING_NOT_SET_UP)
    if state.on_hold:
        return TypedAnswer(Answer.ON_HOLD, state)
    question = await open_questions.open_question(work, user_id=user_id)
    await open_questions.close(work, user_id=user_id)
    held = await safety_hold.report_problem(work, user_id=user_id)
    return TypedAnswer(Answer.HOLD_OPENED, held, answered=question)


async def _answer_question(
    work: Work, state: PlanState, question: OpenQuestion, reading: Reading, text: str
) -> TypedAnswer | None:
    """The typed answer to the open question, or None when the words do not answer it."""
    words = text.casefold()
    number = reading.number if reading.intent in (Intent.NUMBER, Intent.PAIN) else None
    if number is None and _NONE_WORDS.search(words):
        number = 0
    if question.asked is Asked.OUTCOME:
        return await _outcome_typed(work, state, question, _outcome_in(reading, words), number)
    if number is None:
        return None
    if question.asked is Asked.ENDURANCE:
        return await _endurance(work, state, question, number)
    if question.outcome is None:
        return None
    if number not in PAIN_SCALE:
        return TypedAnswer(Answer.PAIN_OUT_OF_RANGE, state, number=number)
    return await _save(work, state, question, question.outcome, number)


async def _outcome_typed(
    work: Work,
    state: PlanState,
    question: OpenQuestion,
    outcome: SessionOutcome | None,
    number: int | None,
) -> TypedAnswer | None:
    """Done or partly in words: ask the pain; skipped: save it. A number instead: how did it
    go, first (a pain is kept for after)."""
    if outcome is None and number is not None:
        kept = number if number in PAIN_SCALE else None
        return TypedAnswer(Answer.PAIN_TALK, state, ref=question.ref, number=kept)
    if outcome is None:
        return None
    if outcome is SessionOutcome.SKIPPED:
        return await _save(work, state, question, outcome, None)
    await _ask_pain(work, state.user_id, question.ref, outcome)
    return TypedAnswer(Answer.ASK_PAIN, state, answered=question, ref=question.ref, outcome=outcome)


def _outcome_in(reading: Reading, words: str) -> SessionOutcome | None:
    if reading.intent is Intent.SKIP:
        return SessionOutcome.SKIPPED
    if _PARTLY_WORDS.search(words):
        return SessionOutcome.PARTLY
    if reading.intent is Intent.DONE or _YES_DONE.search(words):
        return SessionOutcome.DONE
    return None


async def _save(
    work: Work,
    state: PlanState,
    question: OpenQuestion,
    outcome: SessionOutcome,
    pain: int | None,
) -> TypedAnswer:
    saved = await session_log.save_check_in(
        work, user_id=state.user_id, ref=question.ref, outcome=outcome, pain=pain
    )
    return TypedAnswer(Answer.SAVED, saved.state, answered=question, ref=question.ref, saved=saved)


async def _endurance(
    work: Work, state: PlanState, question: OpenQuestion, minutes: int
) -> TypedAnswer:
    if minutes > session_log.MAX_ENDURANCE_MINUTES:
        return TypedAnswer(Answer.ENDURANCE_TOO_LONG, state, number=minutes)
    logged = await check_ins.check_ins_on(
        work.session, user_id=state.user_id, local_date=question.ref.day
    )
    before = next((e for e in logged if e.session == question.ref.session), None)
    await session_log.add_endurance(work, user_id=state.user_id, ref=question.ref, minutes=minutes)
    return TypedAnswer(
        Answer.ENDURANCE_ADDED,
        state,
        answered=question,
        ref=question.ref,
        number=minutes,
        previous_minutes=None if before is None else before.endurance_minutes,
    )


async def _ask_pain(work: Work, user_id: int, ref: SessionRef, outcome: SessionOutcome) -> None:
    await session_log.choose_outcome(work, user_id=user_id, ref=ref, outcome=outcome, asked_in=None)


# Intents answered in words alone, from the plan.
_IN_WORDS = {
    Intent.THANKS: Answer.THANKS,
    Intent.SETTINGS: Answer.SETTINGS,
    Intent.OTHER_LANGUAGE: Answer.OTHER_LANGUAGE,
    Intent.FITNESS: Answer.FITNESS,
}


async def _by_intent(work: Work, state: PlanState, reading: Reading) -> TypedAnswer:
    """Act on what a message outside any question is about."""
    intent = reading.intent
    if intent in _IN_WORDS:
        return TypedAnswer(_IN_WORDS[intent], state, phase=phase_of(state))
    if intent is Intent.GREETING:
        return await _welcome(work, state)
    plan = await todays_session(work, user_id=state.user_id)
    ref = plan.ref
    logged = next((e for e in plan.record.on(ref.day) if e.session == ref.session), None)
    done_today = [e for e in plan.record.on(ref.day) if e.outcome in check_ins.DONE_OUTCOMES]
    if intent is Intent.NUMBER and logged is None and done_today:
        # A number after today's session is about it: the next one has not happened yet.
        ref = SessionRef(ref.day, done_today[-1].session)
    simple = {
        Intent.UNKNOWN: TypedAnswer(Answer.UNKNOWN, state, ref=ref),
        Intent.TODAY: TypedAnswer(Answer.TODAY, state, plan=plan),
        Intent.SKIP: TypedAnswer(Answer.SKIP_OFFER, state, ref=ref),
        Intent.NUMBER: TypedAnswer(Answer.PAIN_OR_MINUTES, state, ref=ref, number=reading.number),
    }
    if intent is Intent.NUMBER and (reading.number or 0) > session_log.MAX_ENDURANCE_MINUTES:
        return TypedAnswer(Answer.ENDURANCE_TOO_LONG, state, number=reading.number)
    if intent in simple:
        return simple[intent]
    if intent is Intent.DONE and logged is None:
        await _ask_pain(work, state.user_id, ref, SessionOutcome.DONE)
        return TypedAnswer(Answer.ASK_PAIN, state, ref=ref, outcome=SessionOutcome.DONE)
    # Pain talk, or "done" for a session already logged: the pain (or outcome) buttons.
    if logged is not None and logged.outcome is not SessionOutcome.SKIPPED:
        await _ask_pain(work, state.user_id, ref, logged.outcome)
    return TypedAnswer(Answer.PAIN_TALK, state, ref=ref, number=reading.number, logged=logged)


async def _welcome(work: Work, state: PlanState) -> TypedAnswer:
    """Hello, or back after a while: show what comes next. A pause the person asked for is
    theirs to end (/resume): a greeting only reminds them of it."""
    if state.on_hold:
        return TypedAnswer(Answer.WELCOME, state)
    plan = await todays_session(work, user_id=state.user_id)
    paused = await activity.is_paused(work.session, user_id=state.user_id)
    return TypedAnswer(Answer.WELCOME, state, plan=plan, paused=paused)


async def pain_meant(
    work: Work, *, user_id: int, ref: SessionRef, pain: int
) -> SavedCheckIn | PlanState:
    """A typed number was the session's pain: saved with the outcome already logged, or the
    plan when the session is not logged yet (the outcome is asked first)."""
    state = await session_log.loggable(work, user_id=user_id, ref=ref)
    logged = await check_ins.check_ins_on(work.session, user_id=user_id, local_date=ref.day)
    entry = next((e for e in logged if e.session == ref.session), None)
    if entry is None or entry.outcome is SessionOutcome.SKIPPED:
        return state
    return await session_log.save_check_in(
        work, user_id=state.user_id, ref=ref, outcome=entry.outcome, pain=pain
    )
