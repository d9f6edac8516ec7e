"""When people were last active, their pauses and lapses: what the nudge ladder reads and writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery, Pause, User, UserStatus
from storage.reminders import NUDGES, MessageKind, park_slots


@dataclass(frozen=True)
class Silence:
    """A person whose nudge ladder needs a look now."""

    user_id: int
    chat_id: int
    timezone: str
    last_active_at: datetime
    lapsed_at: datetime | None
    quiet_start: time | None
    quiet_end: time | None


async def touch(
    session: AsyncSession, *, user_id: int, now: datetime, first_look: datetime
) -> UserStatus | None:
    """Note that the person did something now; a lapsed or blocked person is reachable again.

    Returns the status they had (None if unknown to the bot): after LAPSED or BLOCKED the caller
    re-plans their slots. ``first_look`` is when the ladder should next look at them; a paused
    person's ladder waits for the pause to end.
    """
    user = await session.get(User, user_id)
    if user is None:
        return None
    before = user.status
    user.last_active_at = now
    if before in (UserStatus.LAPSED, UserStatus.BLOCKED):
        user.status = UserStatus.ACTIVE if user.onboarded_at else UserStatus.ONBOARDING
        user.lapsed_at = None
    waiting = (
        user.status is UserStatus.PAUSED
        or user.hold_since is not None
        or user.maintenance_since is not None
    )
    if user.onboarded_at is not None and not waiting:
        user.next_nudge_at = first_look
    return before


async def is_paused(session: AsyncSession, *, user_id: int) -> bool:
    """Whether the person's reminders are paused (/pause)."""
    user = await session.get(User, user_id)
    return user is not None and user.status is UserStatus.PAUSED


async def zone_of(session: AsyncSession, *, user_id: int) -> str | None:
    """The person's time zone, if set."""
    return await session.scalar(select(User.timezone).where(User.id == user_id))


async def lock_silences(session: AsyncSession, *, now: datetime, limit: int) -> list[Silence]:
    """Return people whose ladder is due a look, locked against other dispatchers."""
    rows = await session.scalars(
        select(User)
        .where(
            User.next_nudge_at <= now,
            User.status.in_((UserStatus.ACTIVE, UserStatus.LAPSED)),
        )
        .order_by(User.next_nudge_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    silences = []
    for user in rows:
        last = user.last_active_at or user.onboarded_at
        if user.timezone is None or last is None:
            user.next_nudge_at = None
            continue
        silences.append(
            Silence(
                user_id=user.id,
                chat_id=user.chat_id,
                timezone=user.timezone,
                last_active_at=last,
                lapsed_at=user.lapsed_at,
                quiet_start=user.quiet_start,
                quiet_end=user.quiet_end,
            )
        )
    return silences


async def nudges_since(
    session: AsyncSession, *, user_id: int, since: datetime
) -> list[tuple[str, datetime]]:
    """Return the ladder's messages claimed for the person since an instant, as (rung, when)."""
    rows = await session.execute(
        select(Delivery.kind, Delivery.claimed_at)
        .where(
            Delivery.user_id == user_id,
            Delivery.kind.in_(NUDGES),
            Delivery.claimed_at >= since,
        )
        .order_by(Delivery.claimed_at)
    )
    return [(MessageKind(kind).rung or kind, at) for kind, at in rows]


async def set_next_look(
    session: AsyncSession, *, user_id: int, at: datetime | None, lapsed_at: datetime | None = None
) -> None:
    """Set when the ladder next looks at the person; mark them lapsed when told to."""
    values: dict[str, object] = {"next_nudge_at": at}
    if lapsed_at is not None:
        values |= {"status": UserStatus.LAPSED, "lapsed_at": lapsed_at}
        await park_slots(session, user_id=user_id)
    await session.execute(update(User).where(User.id == user_id).values(**values))


async def pause(
    session: AsyncSession, *, user_id: int, now: datetime, until: datetime | None
) -> bool:
    """Pause reminders and nudges until an instant (None: until resumed); False if not active.

    The pause is kept as history (a new one replaces one still running), so its days are not
    counted as planned.
    """
    user = await session.get(User, user_id)
    if user is None or user.status not in (UserStatus.ACTIVE, UserStatus.PAUSED, UserStatus.LAPSED):
        return False
    await _end_running_pause(session, user_id=user_id, now=now)
    session.add(Pause(user_id=user_id, started_at=now, ends_at=until))
    user.status = UserStatus.PAUSED
    user.paused_until = until
    user.lapsed_at = None
    user.next_nudge_at = None
    await park_slots(session, user_id=user_id)
    return True


async def resume(
    session: AsyncSession, *, user_id: int, now: datetime, first_look: datetime
) -> bool:
    """End a pause; False if the person was not paused.

    The pause was asked for, so it is not silence: the nudge ladder starts afresh from now.
    """
    user = await session.get(User, user_id)
    if user is None or user.status is not UserStatus.PAUSED:
        return False
    user.status = UserStatus.ACTIVE
    user.paused_until = None
    user.last_active_at = now
    await _end_running_pause(session, user_id=user_id, now=now)
    # A plan on hold sends no nudges about skipping; weekly maintenance has no daily sessions.
    quiet = user.hold_since is not None or user.maintenance_since is not None
    user.next_nudge_at = None if quiet else first_look
    return True


async def _end_running_pause(session: AsyncSession, *, user_id: int, now: datetime) -> None:
    await session.execute(
        update(Pause)
        .where(Pause.user_id == user_id, or_(Pause.ends_at.is_(None), Pause.ends_at > now))
        .values(ends_at=now)
    )


async def ended_pauses(session: AsyncSession, *, now: datetime) -> list[tuple[int, str]]:
    """Return (person, zone) of pauses that have run out."""
    rows = await session.execute(
        select(User.id, User.timezone).where(
            User.status == UserStatus.PAUSED,
            User.paused_until.is_not(None),
            User.paused_until <= now,
        )
    )
    return [(user_id, zone) for user_id, zone in rows if zone is not None]
