"""The reminder ledger: due slots are claimed before sending and completed after (DESIGN 2-3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rehab.injury import Onset
from storage.models import Delivery, DeliveryStatus, Schedule, User, UserStatus

REMINDER = "reminder"


@dataclass(frozen=True)
class DueSlot:
    """A reminder slot whose time has come, with what is needed to plan and send it."""

    schedule_id: int
    user_id: int
    chat_id: int
    session: int
    local_time: time
    timezone: str
    onset: Onset
    injury_date: date
    due_at: datetime


@dataclass(frozen=True)
class ClaimedReminder:
    """A claimed delivery that should now be sent."""

    delivery_id: int
    slot: DueSlot
    local_date: date


async def lock_due_slots(session: AsyncSession, *, now: datetime, limit: int) -> list[DueSlot]:
    """Return due slots of active people, locking them so another dispatcher skips them."""
    rows = await session.execute(
        select(Schedule, User)
        .join(User, User.id == Schedule.user_id)
        .where(Schedule.next_due_at <= now, User.status == UserStatus.ACTIVE)
        .order_by(Schedule.next_due_at)
        .limit(limit)
        .with_for_update(of=Schedule, skip_locked=True)
    )
    slots = [_due_slot(schedule, user, schedule.next_due_at) for schedule, user in rows]
    return [slot for slot in slots if slot is not None]


async def claim_slot(
    session: AsyncSession,
    *,
    slot: DueSlot,
    local_date: date,
    next_due_at: datetime,
    missed: bool,
    now: datetime,
) -> int | None:
    """Write the ledger row for a slot and move its schedule on; None if it was claimed before."""
    await move_slot(session, schedule_id=slot.schedule_id, next_due_at=next_due_at)
    key = slot_key(local_date, slot.session)
    existing = await session.scalar(
        select(Delivery.id).where(
            Delivery.user_id == slot.user_id, Delivery.kind == REMINDER, Delivery.slot == key
        )
    )
    if existing is not None:
        return None
    delivery = Delivery(
        user_id=slot.user_id,
        kind=REMINDER,
        slot=key,
        status=DeliveryStatus.MISSED if missed else DeliveryStatus.CLAIMED,
        due_at=slot.due_at,
        claimed_at=now,
        completed_at=now if missed else None,
        attempts=0,
    )
    session.add(delivery)
    await session.flush()
    return None if missed else delivery.id


async def move_slot(session: AsyncSession, *, schedule_id: int, next_due_at: datetime) -> None:
    """Set when a reminder slot is next due."""
    await session.execute(
        update(Schedule).where(Schedule.id == schedule_id).values(next_due_at=next_due_at)
    )


async def reclaim_abandoned(
    session: AsyncSession,
    *,
    claimed_before: datetime,
    due_after: datetime,
    now: datetime,
    limit: int,
) -> list[ClaimedReminder]:
    """Return claims a crashed dispatcher never completed, still within their grace window."""
    rows = await session.execute(
        select(Delivery, Schedule, User)
        .join(User, User.id == Delivery.user_id)
        .join(Schedule, (Schedule.user_id == Delivery.user_id))
        .where(
            Delivery.kind == REMINDER,
            Delivery.status == DeliveryStatus.CLAIMED,
            Delivery.claimed_at < claimed_before,
            Delivery.due_at >= due_after,
            User.status == UserStatus.ACTIVE,
        )
        .order_by(Delivery.due_at)
        .limit(limit)
        .with_for_update(of=Delivery, skip_locked=True)
    )
    claims = []
    for delivery, schedule, user in rows:
        local_date, session_number = parse_slot_key(delivery.slot)
        slot = _due_slot(schedule, user, delivery.due_at)
        if slot is None or schedule.session != session_number:
            continue
        delivery.claimed_at = now
        claims.append(ClaimedReminder(delivery_id=delivery.id, local_date=local_date, slot=slot))
    return claims


async def complete_delivery(
    session: AsyncSession,
    *,
    delivery_id: int,
    message_id: int | None,
    error: str | None,
    now: datetime,
) -> None:
    """Record how sending a claimed delivery ended."""
    await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(
            status=DeliveryStatus.SENT if error is None else DeliveryStatus.FAILED,
            telegram_message_id=message_id,
            error=None if error is None else error[:200],
            completed_at=now,
            attempts=Delivery.attempts + 1,
        )
    )


def slot_key(local_date: date, session_number: int) -> str:
    """Name a person's reminder slot by its local date and session number."""
    return f"{local_date.isoformat()}/{session_number}"


def parse_slot_key(key: str) -> tuple[date, int]:
    """Split a slot key back into its local date and session number."""
    day, _, number = key.partition("/")
    return date.fromisoformat(day), int(number)


def _due_slot(schedule: Schedule, user: User, due_at: datetime) -> DueSlot | None:
    """Describe a slot for sending; None while the person's setup is incomplete."""
    if user.onset is None or user.injury_date is None or user.timezone is None:
        return None
    return DueSlot(
        schedule_id=schedule.id,
        user_id=user.id,
        chat_id=user.chat_id,
        session=schedule.session,
        local_time=schedule.local_time,
        timezone=user.timezone,
        onset=user.onset,
        injury_date=user.injury_date,
        due_at=due_at,
    )
