"""Setting a person up: each onboarding answer stored as it comes, then the plan started."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from coach.day_record import SessionRef
from coach.plan_position import pain_limit, plan_of, refuse_if_on_hold
from coach.refusals import Reason, Refusal
from coach.today import SessionPlan, session_plan
from coach.work import Work
from rehab.injury import Onset
from rehab.pain import DEFAULT_PAIN_LIMIT
from scheduler.due import far_enough, next_due_after
from scheduler.planning import replan_from
from scheduler.summaries import plan_summary_for
from storage import plans, users
from storage.models import FlagKind, User, UserStatus


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


async def begin(work: Work, *, user_id: int, chat_id: int) -> AlreadySetUp | None:
    """Start the setup questions, or recognise someone already set up (None: questions start)."""
    known = await users.get_user(work.session, user_id)
    if known is None or known.onboarded_at is None:
        await users.start_onboarding(work.session, user_id=user_id, chat_id=chat_id, now=work.now)
        return None
    came_back = await users.reactivate(work.session, user_id=user_id, chat_id=chat_id)
    if came_back and known.timezone is not None:
        # Slots that passed while the bot could not write to them are not owed.
        await replan_from(work.session, user_id=user_id, zone_name=known.timezone, now=work.now)
    times = await users.reminder_times(work.session, user_id=user_id)
    state = await plans.plan_state(work.session, user_id=user_id)
    held = state.hold_day if state is not None else None
    return AlreadySetUp(times[0] if times else None, known.timezone, held)


async def start_over(work: Work, *, user_id: int, chat_id: int) -> None:
    """Clear the setup answers of someone set up before, to ask them again (not while on hold:
    a new plan would load the leg before a professional has seen it)."""
    state = await plans.plan_state(work.session, user_id=user_id)
    if state is not None:
        refuse_if_on_hold(state)
    await users.start_onboarding(work.session, user_id=user_id, chat_id=chat_id, now=work.now)


async def save_onset(work: Work, *, user_id: int, onset: Onset) -> None:
    """Store how the strain started."""
    await users.save_onset(work.session, user_id=user_id, onset=onset)


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


async def save_provider(work: Work, *, user_id: int, has_provider: bool) -> int:
    """Store whether a professional is involved; return the usual pain limit of their track."""
    await users.save_provider(work.session, user_id=user_id, has_provider=has_provider)
    user = await _in_setup(work, user_id)
    if user.onset is None:
        raise LookupError(f"user {user_id} has no onset yet")
    return DEFAULT_PAIN_LIMIT[user.onset]


async def save_pain_limit(work: Work, *, user_id: int, limit: int) -> None:
    """Store the pain limit agreed with a professional (or the usual one)."""
    await users.save_pain_limit(work.session, user_id=user_id, limit=limit)


async def save_zone(work: Work, *, user_id: int, zone: ZoneInfo) -> None:
    """Store the person's time zone."""
    await users.save_timezone(work.session, user_id=user_id, zone_name=zone.key)


async def save_injury_date(work: Work, *, user_id: int, read: Callable[[date], date]) -> InjuryDay:
    """Store the injury date that ``read`` makes of the answer, given the person's today.

    ``read`` may raise to refuse the answer; nothing is stored then.
    """
    user = await _in_setup(work, user_id)
    if user.timezone is None:
        raise LookupError(f"user {user_id} has no time zone yet")
    today = work.today_in(user.timezone)
    day = read(today)
    await users.save_injury_date(work.session, user_id=user_id, day=day)
    return InjuryDay(day, today)


async def save_first_time(work: Work, *, user_id: int, at: time) -> None:
    """Keep the first of two reminder times until the second comes."""
    await users.save_first_time(work.session, user_id=user_id, reminder_time=at)


async def finish_with_second_time(work: Work, *, user_id: int, at: time) -> SetUp:
    """Finish with two sessions a day, if the second time leaves room after the first."""
    times = await users.reminder_times(work.session, user_id=user_id)
    if not times:
        raise LookupError(f"user {user_id} has no first reminder time")
    first = times[0]
    if not far_enough(first, at):
        raise Refusal(Reason.SESSIONS_TOO_CLOSE, after=first)
    return await finish(work, user_id=user_id, times=(first, at))


async def finish(work: Work, *, user_id: int, times: tuple[time, ...]) -> SetUp:
    """Plan the reminder slots and the weekly summary, and start phase 1 today."""
    user = await _in_setup(work, user_id)
    if user.timezone is None or user.onset is None or user.injury_date is None:
        raise LookupError(f"user {user_id} finished onboarding without answers")
    today = work.today_in(user.timezone)
    zone = ZoneInfo(user.timezone)
    await users.finish_onboarding(
        work.session,
        user_id=user_id,
        slots=[(at, next_due_after(at, zone, work.now)) for at in times],
        today=today,
        now=work.now,
    )
    await plan_summary_for(
        work.session, user_id=user_id, now=work.now, default_quiet=work.default_quiet
    )
    signs = await plans.flag_details_since(
        work.session, user_id=user_id, kind=FlagKind.RED_FLAG, since=work.now - SIGNS_COUNT_FOR
    )
    gentle = any(detail.startswith(AT_SETUP) for detail in signs)
    if gentle:
        until = today + timedelta(days=GENTLE_START_DAYS - 1)
        await plans.save_ease_until(work.session, user_id=user_id, day=until)
    state = await plan_of(work, user_id=user_id)
    return SetUp(
        onset=state.onset,
        injury_date=user.injury_date,
        zone=state.timezone,
        reminders=times,
        pain_limit=pain_limit(state),
        today=today,
        first_session=await session_plan(work, state, SessionRef(today, 1)),
        gentle_start=gentle,
    )


async def found_a_provider(work: Work, *, user_id: int) -> None:
    """Note that a physio or sports physician now looks after the injury."""
    await plan_of(work, user_id=user_id)
    await users.save_provider(work.session, user_id=user_id, has_provider=True)


async def _in_setup(work: Work, user_id: int) -> User:
    user = await users.get_user(work.session, user_id)
    if user is None or user.status is not UserStatus.ONBOARDING:
        raise LookupError(f"user {user_id} is not in the setup")
    return user
