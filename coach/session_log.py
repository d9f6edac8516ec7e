"""Logging a session: outcome, pain and its verdict, endurance minutes, snoozes and skips."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from coach import open_questions
from coach.day_record import SessionRef, session_after
from coach.encouragement import check_in_word, step_back_word
from coach.open_questions import Asked, OpenQuestion
from coach.plan_position import (
    eased_until,
    loadable_plan,
    pain_limit,
    plan_after_change,
    plan_of,
    track_of,
)
from coach.refusals import Reason, Refusal
from coach.safety_hold import open_hold
from coach.today import SessionPlan, session_plan
from coach.work import Work
from rehab.encouragement import Word
from rehab.injury import SessionOutcome
from rehab.pain import Verdict, judge_session
from rehab.progression import phase_after
from storage import check_ins, plans, reminders
from storage.check_ins import LoggedSession, SaveResult
from storage.models import FlagKind, HoldReason, PhaseChangeReason
from storage.plans import PlanState

SNOOZE = timedelta(hours=1)
MAX_ENDURANCE_MINUTES = check_ins.MAX_ENDURANCE_MINUTES


class StepCause(StrEnum):
    """What made the pain rules hold progress and step back."""

    PAIN_TWICE = "pain_twice"  # pain above the limit in two sessions in a row
    WORSE_MORNINGS = "worse_mornings"  # worse the next morning twice in a week


@dataclass(frozen=True)
class PainFeedback:
    """What the pain rules made of a report, and whether the person was held or moved back.

    ``stepped_back_to`` is the phase after a step back: the same one in phase 1, where the
    progress is held and the load eased instead.
    """

    verdict: Verdict
    limit: int
    stepped_back_to: int | None = None
    stepped_back_from: int | None = None
    cause: StepCause | None = None
    # A word of encouragement the report earned (coach.encouragement), if any.
    word: Word | None = None


@dataclass(frozen=True)
class SavedCheckIn:
    """A stored check-in, the pain rules' verdict on it, and the plan afterwards."""

    outcome: SessionOutcome
    pain: int | None
    red_flag: bool
    updated: bool
    feedback: PainFeedback
    state: PlanState
    # After a step back: the next session, lighter.
    next_session: SessionPlan | None = None


@dataclass(frozen=True)
class Snoozed:
    """When a snoozed reminder comes again, and the zone to say it in."""

    due: datetime
    zone: str


async def loggable(work: Work, *, user_id: int, ref: SessionRef) -> PlanState:
    """The plan of a person logging a session of today or yesterday; refuse older sessions,
    and any while the plan is on hold."""
    state = await loadable_plan(work, user_id=user_id)
    today = work.today_in(state.timezone)
    if not today - timedelta(days=1) <= ref.day <= today:
        raise Refusal(Reason.TOO_OLD_TO_LOG, day=ref.day)
    return state


async def open_log(work: Work, *, user_id: int, ref: SessionRef, asked_in: int | None) -> PlanState:
    """Start logging a session: how did it go? (asked in message ``asked_in``)."""
    state = await loggable(work, user_id=user_id, ref=ref)
    question = OpenQuestion(Asked.OUTCOME, ref, asked_in)
    await open_questions.ask(work, user_id=user_id, question=question)
    return state


async def choose_outcome(
    work: Work, *, user_id: int, ref: SessionRef, outcome: SessionOutcome, asked_in: int | None
) -> PlanState:
    """Done or partly: ask how much it hurt (in message ``asked_in``)."""
    state = await loggable(work, user_id=user_id, ref=ref)
    question = OpenQuestion(Asked.PAIN, ref, asked_in, outcome)
    await open_questions.ask(work, user_id=user_id, question=question)
    return state


async def save_check_in(
    work: Work,
    *,
    user_id: int,
    ref: SessionRef,
    outcome: SessionOutcome,
    pain: int | None,
    red_flag: bool = False,
    asked_in: int | None = None,
) -> SavedCheckIn:
    """Store how a session went and apply the pain rules; a repeat of the same is refused.

    Then endurance minutes are asked (in message ``asked_in``), unless the plan is on hold.
    """
    state = await loggable(work, user_id=user_id, ref=ref)
    result = await check_ins.record_check_in(
        work.session,
        user_id=user_id,
        local_date=ref.day,
        session_number=ref.session,
        outcome=outcome,
        pain=pain,
        now=work.now,
    )
    if result is SaveResult.UNCHANGED and not red_flag:
        raise Refusal(Reason.ALREADY_SAVED)
    feedback = await _judge(work, state, ref=ref, pain=pain, red_flag=red_flag)
    if feedback.word is None and not red_flag:
        word = await check_in_word(work, state, ref=ref, outcome=outcome, verdict=feedback.verdict)
        feedback = replace(feedback, word=word)
    after = await plan_after_change(work, state)
    following = None
    if feedback.stepped_back_to is not None:
        # Shown now, so without the next morning's question, which waits for its morning.
        shown = replace(after, morning_check=False)
        following = await session_plan(
            work, shown, session_after(ref, sessions_per_day=after.sessions_per_day)
        )
    if after.on_hold:
        await open_questions.close(work, user_id=user_id)
    else:
        question = OpenQuestion(Asked.ENDURANCE, ref, asked_in)
        await open_questions.ask(work, user_id=user_id, question=question)
    return SavedCheckIn(
        outcome,
        pain,
        red_flag,
        updated=result is SaveResult.UPDATED,
        feedback=feedback,
        state=after,
        next_session=following,
    )


async def add_endurance(work: Work, *, user_id: int, ref: SessionRef, minutes: int) -> None:
    """Add endurance minutes to a logged session; refuse if the session is not logged."""
    await loggable(work, user_id=user_id, ref=ref)
    stored = await check_ins.record_endurance(
        work.session,
        user_id=user_id,
        local_date=ref.day,
        session_number=ref.session,
        minutes=minutes,
    )
    if not stored:
        raise Refusal(Reason.EXPIRED)
    await open_questions.close(work, user_id=user_id)


async def add_typed_endurance(
    work: Work, *, user_id: int, minutes: int
) -> tuple[LoggedSession, int]:
    """Add endurance minutes to the latest session logged today or yesterday; return it (as it
    was) and the person's sessions a day."""
    state = await plan_of(work, user_id=user_id)
    today = work.today_in(state.timezone)
    latest = await check_ins.latest_check_in(
        work.session, user_id=user_id, since=today - timedelta(days=1)
    )
    if latest is None:
        raise Refusal(Reason.NO_SESSION_FOR_ENDURANCE)
    await check_ins.record_endurance(
        work.session,
        user_id=user_id,
        local_date=latest.local_date,
        session_number=latest.session,
        minutes=minutes,
    )
    return latest, state.sessions_per_day


async def snooze(work: Work, *, user_id: int, ref: SessionRef) -> Snoozed:
    """Plan today's reminder again in an hour (kept in the database, so a restart keeps it)."""
    state = await _today_only(work, user_id=user_id, ref=ref)
    due = work.now + SNOOZE
    planned = await reminders.add_pending(
        work.session,
        user_id=user_id,
        kind=reminders.MessageKind.SNOOZED,
        slot=reminders.slot_key(ref.day, ref.session),
        due_at=due,
    )
    if not planned:
        raise Refusal(Reason.ALREADY_SNOOZED)
    return Snoozed(due, state.timezone)


async def skip_today(work: Work, *, user_id: int, ref: SessionRef) -> Word | None:
    """Log every session of today not logged yet as skipped; return the word it earns."""
    state = await _today_only(work, user_id=user_id, ref=ref)
    logged = {
        entry.session
        for entry in await check_ins.check_ins_on(work.session, user_id=user_id, local_date=ref.day)
    }
    for number in range(1, state.sessions_per_day + 1):
        if number not in logged:
            await check_ins.record_check_in(
                work.session,
                user_id=user_id,
                local_date=ref.day,
                session_number=number,
                outcome=SessionOutcome.SKIPPED,
                pain=None,
                now=work.now,
            )
    last = SessionRef(ref.day, state.sessions_per_day)
    return await check_in_word(work, state, ref=last, outcome=SessionOutcome.SKIPPED)


async def _today_only(work: Work, *, user_id: int, ref: SessionRef) -> PlanState:
    """The plan, if the session is today's: snoozing and skipping work on today only."""
    state = await loggable(work, user_id=user_id, ref=ref)
    if ref.day != work.today_in(state.timezone):
        raise Refusal(Reason.NOT_TODAY)
    return state


async def _judge(
    work: Work, state: PlanState, *, ref: SessionRef, pain: int | None, red_flag: bool
) -> PainFeedback:
    """Apply the pain rules to a logged session and record any flag or step back."""
    limit = pain_limit(state)
    previous = await check_ins.previous_pain(
        work.session,
        user_id=state.user_id,
        # Pain from before the last phase change does not count twice.
        logged_after=state.phase_changed_at,
        before=(ref.day, ref.session),
    )
    verdict = judge_session(pain, limit=limit, previous_pain=previous, red_flag=red_flag)
    today = work.today_in(state.timezone)
    if verdict is Verdict.STOP:
        kind = FlagKind.RED_FLAG if red_flag else FlagKind.PAIN_STOP
        await plans.record_flag(
            work.session, user_id=state.user_id, kind=kind, local_date=today, now=work.now
        )
        reason = HoldReason.WARNING_SIGN if red_flag else HoldReason.PAIN
        await open_hold(work, state, reason=reason)
    return await step_back_if(work, state, PainFeedback(verdict, limit), cause=StepCause.PAIN_TWICE)


async def step_back_if(
    work: Work, state: PlanState, feedback: PainFeedback, *, cause: StepCause
) -> PainFeedback:
    """Hold progression and ease the load on a STEP_BACK verdict: one phase back, or in
    phase 1 the same phase held (its days go on) with eased routines."""
    if feedback.verdict is not Verdict.STEP_BACK:
        return feedback
    to_phase = phase_after(feedback.verdict, track_of(state), state.phase)
    today = work.today_in(state.timezone)
    if to_phase != state.phase:
        await plans.change_phase(
            work.session,
            user_id=state.user_id,
            to_phase=to_phase,
            reason=PhaseChangeReason.STEP_BACK,
            local_date=today,
            now=work.now,
        )
    await plans.record_flag(
        work.session,
        user_id=state.user_id,
        kind=FlagKind.STEP_BACK,
        local_date=today,
        now=work.now,
        detail=cause,
    )
    await plans.save_ease_until(work.session, user_id=state.user_id, day=eased_until(today))
    return PainFeedback(
        feedback.verdict,
        feedback.limit,
        stepped_back_to=to_phase,
        stepped_back_from=state.phase,
        cause=cause,
        word=await step_back_word(work, user_id=state.user_id),
    )
