"""Reading and writing people and their onboarding answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from rehab.injury import Onset
from storage.models import PhaseChangeReason, Schedule, SetupDraft, User, UserStatus
from storage.plans import change_phase
from storage.reminders import park_slots


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    """Return the person with this Telegram id, if they ever started."""
    return await session.get(User, user_id)


async def start_onboarding(
    session: AsyncSession, *, user_id: int, chat_id: int, now: datetime
) -> User:
    """Create the person, or reset their answers so onboarding starts over."""
    user = await session.get(User, user_id)
    if user is None:
        user = User(id=user_id, chat_id=chat_id, status=UserStatus.ONBOARDING, created_at=now)
        session.add(user)
    user.chat_id = chat_id
    user.status = UserStatus.ONBOARDING
    user.onset = None
    user.injury_date = None
    user.timezone = None
    user.has_provider = None
    user.pain_limit = None
    user.onboarded_at = None
    await session.execute(delete(Schedule).where(Schedule.user_id == user_id))
    await session.flush()
    return user


async def save_onset(session: AsyncSession, *, user_id: int, onset: Onset) -> None:
    """Record how the strain came on."""
    (await _onboarding_user(session, user_id)).onset = onset


async def save_provider(session: AsyncSession, *, user_id: int, has_provider: bool) -> None:
    """Record whether a physio or sports physician is looking after the injury."""
    (await _onboarding_user(session, user_id)).has_provider = has_provider


async def save_pain_limit(session: AsyncSession, *, user_id: int, limit: int) -> None:
    """Record the highest pain during exercise the person and their provider agreed on."""
    (await _onboarding_user(session, user_id)).pain_limit = limit


async def save_timezone(session: AsyncSession, *, user_id: int, zone_name: str) -> None:
    """Record the person's IANA time zone."""
    (await _onboarding_user(session, user_id)).timezone = zone_name


async def save_injury_date(session: AsyncSession, *, user_id: int, day: date) -> None:
    """Record the local date the injury happened."""
    (await _onboarding_user(session, user_id)).injury_date = day


async def take_setup_answers(session: AsyncSession, *, user_id: int, draft: SetupDraft) -> User:
    """Make a finished setup's answers the person's own."""
    user = await _onboarding_user(session, user_id)
    user.onset = draft.onset
    user.injury_date = draft.injury_date
    user.timezone = draft.timezone
    user.has_provider = draft.has_provider
    user.pain_limit = draft.pain_limit
    return user


async def finish_onboarding(
    session: AsyncSession,
    *,
    user_id: int,
    slots: Sequence[tuple[time, datetime]],
    today: date,
    now: datetime,
    keep_phase: bool = False,
) -> User:
    """Store the reminder slots (time, next due) and make the person active, starting phase 1
    today unless they keep the phase they are in (and its history)."""
    user = await _onboarding_user(session, user_id)
    if user.onset is None or user.injury_date is None or user.timezone is None:
        raise LookupError(f"user {user_id} has unanswered onboarding questions")
    if len(slots) not in (1, 2):
        raise ValueError("one or two reminder slots a day")
    if keep_phase and user.phase is None:
        raise LookupError(f"user {user_id} has no phase to keep")
    await session.execute(delete(Schedule).where(Schedule.user_id == user_id))
    await session.flush()
    session.add_all(
        Schedule(user_id=user_id, session=number, local_time=at, next_due_at=due)
        for number, (at, due) in enumerate(slots, start=1)
    )
    user.last_active_at = now
    # Setting up again, with new reminder times, ends a pause or a lapse.
    user.status = UserStatus.ACTIVE
    user.paused_until = None
    user.lapsed_at = None
    # A plan set up before keeps its start: its history counts from then.
    if user.onboarded_at is None:
        user.onboarded_at = now
    if keep_phase:
        return user
    user.maintenance_since = None
    user.maintenance_weekly = True
    await change_phase(
        session,
        user_id=user_id,
        to_phase=1,
        reason=PhaseChangeReason.START,
        local_date=today,
        now=now,
    )
    return user


async def reactivate(session: AsyncSession, *, user_id: int, chat_id: int) -> bool:
    """Mark a person who had blocked the bot as reachable again; False if they were not blocked."""
    user = await session.get(User, user_id)
    if user is None or user.status is not UserStatus.BLOCKED:
        return False
    user.status = UserStatus.ACTIVE if user.onboarded_at else UserStatus.ONBOARDING
    user.chat_id = chat_id
    return True


async def mark_blocked(session: AsyncSession, *, user_id: int) -> None:
    """Stop sending to a person who blocked the bot, until they come back."""
    user = await session.get(User, user_id)
    if user is not None:
        user.status = UserStatus.BLOCKED
        user.next_nudge_at = None
        await park_slots(session, user_id=user_id)


async def reminder_times(session: AsyncSession, *, user_id: int) -> list[time]:
    """Return the person's daily reminder times in session order."""
    return [schedule.local_time for schedule in await schedules_of(session, user_id=user_id)]


async def schedules_of(session: AsyncSession, *, user_id: int) -> list[Schedule]:
    """Return the person's reminder slots in session order, for re-planning."""
    rows = await session.scalars(
        select(Schedule).where(Schedule.user_id == user_id).order_by(Schedule.session)
    )
    return list(rows)


async def _onboarding_user(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise LookupError(f"user {user_id} has not started onboarding")
    return user


@dataclass(frozen=True)
class PersonalSettings:
    """What a set-up person can change in /settings, detached from the session."""

    timezone: str
    onset: Onset
    reminder_times: tuple[time, ...]
    pain_limit: int | None
    quiet_start: time | None
    quiet_end: time | None
    weekly_summary: bool
    morning_check: bool


async def personal_settings(session: AsyncSession, *, user_id: int) -> PersonalSettings | None:
    """Return the person's settings, or None until they have finished setting up."""
    user = await session.get(User, user_id)
    if user is None or user.onboarded_at is None or user.timezone is None or user.onset is None:
        return None
    return PersonalSettings(
        timezone=user.timezone,
        onset=user.onset,
        reminder_times=tuple(await reminder_times(session, user_id=user_id)),
        pain_limit=user.pain_limit,
        quiet_start=user.quiet_start,
        quiet_end=user.quiet_end,
        weekly_summary=user.weekly_summary,
        morning_check=user.morning_check,
    )


async def set_reminder_times(
    session: AsyncSession, *, user_id: int, slots: Sequence[tuple[time, datetime]]
) -> None:
    """Replace the person's daily slots with sessions 1..n at these (time, next due) pairs."""
    if len(slots) not in (1, 2):
        raise ValueError("one or two reminder slots a day")
    await _onboarding_user(session, user_id)
    current = {
        schedule.session: schedule for schedule in await schedules_of(session, user_id=user_id)
    }
    for number, (at, due) in enumerate(slots, start=1):
        schedule = current.pop(number, None)
        if schedule is None:
            session.add(Schedule(user_id=user_id, session=number, local_time=at, next_due_at=due))
        else:
            schedule.local_time = at
            schedule.next_due_at = due
    for dropped in current.values():
        await session.delete(dropped)
    await session.flush()


async def save_quiet_hours(session: AsyncSession, *, user_id: int, start: time, end: time) -> None:
    """Record the person's own quiet hours (the same start and end: none at all)."""
    user = await _onboarding_user(session, user_id)
    user.quiet_start = start
    user.quiet_end = end


async def save_weekly_summary(session: AsyncSession, *, user_id: int, on: bool) -> None:
    """Switch the weekly summary on or off."""
    (await _onboarding_user(session, user_id)).weekly_summary = on


async def save_morning_check(session: AsyncSession, *, user_id: int, on: bool) -> None:
    """Switch the next-morning check on or off."""
    (await _onboarding_user(session, user_id)).morning_check = on


async def save_display_name(session: AsyncSession, *, user_id: int, name: str | None) -> None:
    """Record the name for the top of the person's report (None: no name)."""
    (await _onboarding_user(session, user_id)).display_name = name


async def display_name_of(session: AsyncSession, *, user_id: int) -> str | None:
    """The name on the person's report, if they chose one."""
    return await session.scalar(select(User.display_name).where(User.id == user_id))
