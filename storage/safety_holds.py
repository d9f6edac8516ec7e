"""Safety holds: a plan on hold loads nothing (no slots due, no nudges) until it is closed."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FlagKind, HoldReason, PendingMessage, SafetyFlag, User
from storage.reminders import MessageKind, add_pending, stand_down


async def open_hold(
    session: AsyncSession, *, user_id: int, since: datetime, reason: HoldReason
) -> bool:
    """Put the plan on hold: slots parked, nudges and snoozes dropped. False if already held."""
    user = await session.get(User, user_id)
    if user is None or user.hold_since is not None:
        return False
    user.hold_since = since
    user.hold_reason = reason
    user.ease_until = None
    await stand_down(session, user, drop=(MessageKind.SNOOZED, MessageKind.HOLD_CHECK))
    return True


async def close_hold(
    session: AsyncSession, *, user_id: int, ease_until: date, first_look: datetime
) -> None:
    """End the hold; routines ask to ease back in until ``ease_until``; the ladder looks again."""
    user = await session.get(User, user_id)
    if user is None:
        raise LookupError(f"user {user_id} is unknown")
    user.hold_since = None
    user.hold_reason = None
    user.ease_until = ease_until
    # Weekly maintenance has no daily sessions to nudge about.
    user.next_nudge_at = None if user.maintenance_since is not None else first_look
    await session.execute(
        delete(PendingMessage).where(
            PendingMessage.user_id == user_id, PendingMessage.kind == MessageKind.HOLD_CHECK
        )
    )


async def plan_question(
    session: AsyncSession, *, user_id: int, due: datetime, zone: ZoneInfo
) -> bool:
    """Plan "have you been seen?" (and drop any planned before); False if not on hold.

    Its slot names the hold and the local day, so each hold asks at most once a day.
    """
    user = await session.get(User, user_id)
    if user is None or user.hold_since is None:
        return False
    await session.execute(
        delete(PendingMessage).where(
            PendingMessage.user_id == user_id, PendingMessage.kind == MessageKind.HOLD_CHECK
        )
    )
    slot = f"{due.astimezone(zone):%Y%m%d}-{user.hold_since.astimezone(zone):%Y%m%d%H%M}"
    return await add_pending(
        session, user_id=user_id, kind=MessageKind.HOLD_CHECK, slot=slot, due_at=due
    )


async def hold_zone(session: AsyncSession, *, user_id: int) -> ZoneInfo | None:
    """The person's zone while their plan is on hold; None when it is not."""
    row = (
        await session.execute(select(User.hold_since, User.timezone).where(User.id == user_id))
    ).one_or_none()
    if row is None or row.hold_since is None or row.timezone is None:
        return None
    return ZoneInfo(row.timezone)


async def on_hold(session: AsyncSession, *, user_id: int) -> bool:
    """Whether the person's plan is on hold."""
    since = await session.scalar(select(User.hold_since).where(User.id == user_id))
    return since is not None


async def no_daily_sessions(session: AsyncSession, *, user_id: int) -> bool:
    """Whether the person gets no daily reminders: on hold, or on weekly maintenance."""
    row = (
        await session.execute(
            select(User.hold_since, User.maintenance_since).where(User.id == user_id)
        )
    ).one_or_none()
    return row is not None and (row.hold_since is not None or row.maintenance_since is not None)


async def answers_since(
    session: AsyncSession, *, user_id: int, since: datetime, kinds: tuple[FlagKind, ...]
) -> int:
    """How many answers of these kinds the person gave since an instant."""
    count = await session.scalar(
        select(func.count()).where(
            SafetyFlag.user_id == user_id, SafetyFlag.kind.in_(kinds), SafetyFlag.at >= since
        )
    )
    return int(count or 0)
