"""Setting a person up: each answer kept in a draft as it comes, then the plan started.

Someone who already has a plan keeps it (phase, history, reminders) while they answer the
questions again: the draft is applied only when the setup finishes, where they choose to keep
their phase or start over, and stopping the setup drops the draft and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from coach.day_record import SessionRef
from coach.plan_position import day_in_phase, pain_limit, plan_of, refuse_if_on_hold
from coach.preferences import refuse_if_too_late_for_two
from coach.refusals import Reason, Refusal
from coach.safety_hold import open_hold
from coach.today import SessionPlan, session_plan
from coach.work import Work
from rehab.injury import Onset
from rehab.pain import DEFAULT_PAIN_LIMIT
from scheduler.due import far_enough, next_due_after
from scheduler.planning import replan_from
from scheduler.summaries import plan_summary_for
from storage import history, plans, setup_drafts, users
from storage.models import FlagKind, HoldReason, SetupDraft
from storage.plans import PlanState


@dataclass(frozen=True)
class AlreadySetUp:
    """Someone who finished the setup before: their first reminder time and zone."""

    first_reminder: time | None
    zone: str | None
    on_hold_since: date | None


@dataclass(frozen=True)
class InjuryDay:
    """The injury date as understood, and the person's today it was read against."""

    day: date
    today: date


@dataclass(frozen=True)
class SetUp:
    """The finished setup: what the summary repeats, and the first routine."""

    onset: Onset
    injury_date: date
    zone: str
    reminders: tuple[time, ...]
    pain_limit: int
    today: date
    first_session: SessionPlan
    # Warning signs at setup: the first week's doses are eased.
    gentle_start: bool = False
    # Set up again: the phase kept, or the phase the person left to start over (from_phase).
    kept_phase: int | None = None
    from_phase: int | None = None
    # Set up again with the other onset: a different track, so it starts from phase 1.
    new_track: bool = False


@dataclass(frozen=True)
class PlanPlace:
    """Where someone with a plan stands in it: the phase, and its day (1 on the first)."""

    phase: int
    day: int


async def begin(work: Work, *, user_id: int, chat_id: int) -> AlreadySetUp | None:
    """Start the setup questions, or recognise someone already set up (None: questions start).

    Someone set up who was answering the questions again is back at their plan as it is.
    """
    known = await users.get_user(work.session, user_id)
    if known is None or known.onboarded_at is None:
        await users.start_onboarding(work.session, user_id=user_id, chat_id=chat_id, now=work.now)
        await setup_drafts.open_draft(work.session, user_id=user_id, now=work.now)
        return None
    await setup_drafts.drop_draft(work.session, user_id=user_id)
    came_back = await users.reactivate(work.session, user_id=user_id, chat_id=chat_id)
    if came_back and known.timezone is not None:
        # Slots that passed while the bot could not write to them are not owed.
        await replan_from(work.session, user_id=user_id, zone_name=known.timezone, now=work.now)
    times = await users.reminder_times(work.session, user_id=user_id)
    state = await plans.plan_state(work.session, user_id=user_id)
    held = state.hold_day if state is not None else None
    return AlreadySetUp(times[0] if times else None, known.timezone, held)


async def start_over(work: Work, *, user_id: int, chat_id: int) -> None:
    """Open a new setup for someone set up before; their plan goes on until it is finished
    (not while on hold: a new plan would load the leg before a professional has seen it)."""
    state = await plans.plan_state(work.session, user_id=user_id)
    if state is not None:
        refuse_if_on_hold(state)
    if await users.get_user(work.session, user_id) is None:
        await users.start_onboarding(work.session, user_id=user_id, chat_id=chat_id, now=work.now)
    await setup_drafts.open_draft(work.session, user_id=user_id, now=work.now)


async def stop(work: Work, *, user_id: int) -> PlanPlace | None:
    """Drop the setup in progress; where the plan, untouched, stands (None: no plan yet)."""
    await setup_drafts.drop_draft(work.session, user_id=user_id)
    state = await plans.plan_state(work.session, user_id=user_id)
    return None if state is None else _place(work, state)


async def save_onset(work: Work, *, user_id: int, onset: Onset) -> None:
    """Keep how the strain started."""
    await setup_drafts.save_onset(work.session, user_id=user_id, onset=onset)


# Warning signs reported at setup are kept as flags whose detail starts with this.
AT_SETUP = "at setup: "
# A plan set up after warning signs (checked and cleared by a professional) starts gentler: the
# routines of its first week come with eased doses. Signs reported this long before count.
GENTLE_START_DAYS = 7
SIGNS_COUNT_FOR = timedelta(days=30)


async def note_warning_signs(work: Work, *, user_id: int, keys: Sequence[str]) -> None:
    """Record each warning sign reported at the safety check, by its key."""
    await _in_setup(work, user_id)
    for key in keys:
        # The zone is not known yet, so the flag is dated in UTC.
        await plans.record_flag(
            work.session,
            user_id=user_id,
            kind=FlagKind.RED_FLAG,
            local_date=work.now.date(),
            now=work.now,
            detail=f"{AT_SETUP}{key}",
        )


async def wait_for_a_check(work: Work, *, user_id: int) -> date | None:
    """End the setup until a professional has checked the warning signs just reported.

    Someone who already has a plan has it put on hold (the day it began is returned): it must
    not go on loading the leg meanwhile.
    """
    await setup_drafts.drop_draft(work.session, user_id=user_id)
    state = await plans.plan_state(work.session, user_id=user_id)
    if state is None:
        return None
    await open_hold(work, state, reason=HoldReason.WARNING_SIGN)
    held = await plans.plan_state(work.session, user_id=user_id)
    return held.hold_day if held is not None else None


async def save_provider(work: Work, *, user_id: int, has_provider: bool) -> int:
    """Keep whether a professional is involved; return the usual pain limit of their track."""
    draft = await setup_drafts.save_provider(
        work.session, user_id=user_id, has_provider=has_provider
    )
    if draft.onset is None:
        raise LookupError(f"user {user_id} has no onset yet")
    return DEFAULT_PAIN_LIMIT[draft.onset]


async def save_pain_limit(work: Work, *, user_id: int, limit: int) -> None:
    """Keep the pain limit agreed with a professional (or the usual one)."""
    await setup_drafts.save_pain_limit(work.session, user_id=user_id, limit=limit)


async def save_zone(work: Work, *, user_id: int, zone: ZoneInfo) -> Onset | None:
    """Keep the person's time zone; return the onset chosen earlier, which words the next
    question (when did it happen, or start)."""
    await setup_drafts.save_timezone(work.session, user_id=user_id, zone_name=zone.key)
    return (await _in_setup(work, user_id)).onset


async def save_injury_date(work: Work, *, user_id: int, read: Callable[[date], date]) -> InjuryDay:
    """Store the injury date that ``read`` makes of the answer, given the person's today.

    ``read`` may raise to refuse the answer; nothing is stored then.
    """
    draft = await _in_setup(work, user_id)
    if draft.timezone is None:
        raise LookupError(f"user {user_id} has no time zone yet")
    today = work.today_in(draft.timezone)
    day = read(today)
    await setup_drafts.save_injury_date(work.session, user_id=user_id, day=day)
    return InjuryDay(day, today)


async def save_first_time(work: Work, *, user_id: int, at: time) -> None:
    """Keep the first of two reminder times until the second comes, if it leaves room for it."""
    refuse_if_too_late_for_two(at)
    await setup_drafts.save_times(work.session, user_id=user_id, first=at, second=None)


async def finish_with_second_time(work: Work, *, user_id: int, at: time) -> SetUp | PlanPlace:
    """Finish with two sessions a day, if the second time leaves room after the first."""
    first = (await _in_setup(work, user_id)).first_time
    if first is None:
        raise LookupError(f"user {user_id} has no first reminder time")
    if not far_enough(first, at):
        raise Refusal(Reason.SESSIONS_TOO_CLOSE, after=first)
    return await finish(work, user_id=user_id, times=(first, at))


async def finish(work: Work, *, user_id: int, times: tuple[time, ...]) -> SetUp | PlanPlace:
    """Take the last answer: start the plan in phase 1 today, or, for someone whose plan goes
    on in the same track, say where they are so they choose to keep it or start over."""
    draft = await setup_drafts.save_times(
        work.session, user_id=user_id, first=times[0], second=times[1] if times[1:] else None
    )
    state = await plans.plan_state(work.session, user_id=user_id)
    if state is not None:
        refuse_if_on_hold(state)
        if draft.onset is state.onset:
            return _place(work, state)
    return await _apply(work, user_id=user_id, keep_phase=False, before=state)


async def keep_or_start_over(work: Work, *, user_id: int, keep_phase: bool) -> SetUp:
    """Finish a new setup of someone with a plan, keeping their phase or starting over."""
    state = await plan_of(work, user_id=user_id)
    refuse_if_on_hold(state)
    return await _apply(work, user_id=user_id, keep_phase=keep_phase, before=state)


async def _apply(work: Work, *, user_id: int, keep_phase: bool, before: PlanState | None) -> SetUp:
    """Make the draft the person's setup, plan the reminder slots and the weekly summary."""
    draft = await _in_setup(work, user_id)
    times = tuple(at for at in (draft.first_time, draft.second_time) if at is not None)
    if draft.timezone is None or draft.onset is None or draft.injury_date is None or not times:
        raise LookupError(f"user {user_id} finished onboarding without answers")
    onset, started, injured = draft.onset, draft.started_at, draft.injury_date
    user = await users.take_setup_answers(work.session, user_id=user_id, draft=draft)
    await setup_drafts.drop_draft(work.session, user_id=user_id)
    zone_name = user.timezone or ""
    today = work.today_in(zone_name)
    zone = ZoneInfo(zone_name)
    await users.finish_onboarding(
        work.session,
        user_id=user_id,
        slots=[(at, next_due_after(at, zone, work.now)) for at in times],
        today=today,
        now=work.now,
        keep_phase=keep_phase,
    )
    # Weekly maintenance, kept, has no daily slots.
    await replan_from(work.session, user_id=user_id, zone_name=zone_name, now=work.now)
    await plan_summary_for(
        work.session, user_id=user_id, now=work.now, default_quiet=work.default_quiet
    )
    # A phase kept goes gently only after signs reported in this setup; a new start also after
    # signs of a setup stopped for a check not long ago.
    since = started if keep_phase else work.now - SIGNS_COUNT_FOR
    signs = await plans.flag_details_since(
        work.session, user_id=user_id, kind=FlagKind.RED_FLAG, since=since
    )
    gentle = any(detail.startswith(AT_SETUP) for detail in signs)
    if gentle:
        until = today + timedelta(days=GENTLE_START_DAYS - 1)
        await plans.save_ease_until(work.session, user_id=user_id, day=until)
    state = await plan_of(work, user_id=user_id)
    await history.record_limit_change(
        work.session, user_id=user_id, day=today, limit=pain_limit(state), now=work.now
    )
    return SetUp(
        onset=state.onset,
        injury_date=injured,
        zone=state.timezone,
        reminders=times,
        pain_limit=pain_limit(state),
        today=today,
        first_session=await session_plan(work, state, SessionRef(today, 1)),
        gentle_start=gentle,
        kept_phase=state.phase if keep_phase else None,
        from_phase=before.phase if before is not None and not keep_phase else None,
        new_track=before is not None and before.onset is not onset,
    )


def _place(work: Work, state: PlanState) -> PlanPlace:
    today = work.today_in(state.timezone)
    return PlanPlace(state.phase, day_in_phase(state, today) + 1)


async def found_a_provider(work: Work, *, user_id: int) -> None:
    """Note that a physio or sports physician now looks after the injury."""
    await plan_of(work, user_id=user_id)
    await users.save_provider(work.session, user_id=user_id, has_provider=True)


async def _in_setup(work: Work, user_id: int) -> SetupDraft:
    draft = await setup_drafts.draft_of(work.session, user_id=user_id)
    if draft is None:
        raise LookupError(f"user {user_id} is not in the setup")
    return draft
