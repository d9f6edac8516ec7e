"""The delivery ledger: every scheduled message is claimed before sending and completed after.

One row per (person, kind, slot), ever (DESIGN 2-3). Kinds: the daily ``reminder`` of a session,
a ``snoozed`` reminder the person asked for, and ``nudge:<rung>`` messages of the nudge ladder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    CheckIn,
    Delivery,
    DeliveryStatus,
    PendingMessage,
    Schedule,
    User,
    UserStatus,
)

# Where the slots of people who get no reminders wait (paused, lapsed, blocked, in setup), so
# the due index never holds rows the dispatcher would only skip; re-planning brings them back.
PARKED = datetime(3000, 1, 1, tzinfo=UTC)

REMINDER = "reminder"
SNOOZED = "snoozed"
NUDGE = "nudge:"
# People who get messages: active ones, and lapsed ones for the few "ready when you are" notes.
REACHABLE = (UserStatus.ACTIVE, UserStatus.LAPSED)


@dataclass(frozen=True)
class DueSlot:
    """A reminder slot whose time has come, with what is needed to plan and send it."""

    schedule_id: int
    user_id: int
    chat_id: int
    session: int
    local_time: time
    timezone: str
    last_active_at: datetime | None
    due_at: datetime


@dataclass(frozen=True)
class Claim:
    """A claimed delivery that should now be sent."""

    delivery_id: int
    user_id: int
    chat_id: int
    kind: str
    slot: str

    @property
    def session_ref(self) -> tuple[date, int]:
        """The local day and session a reminder or snoozed reminder is about."""
        return parse_slot_key(self.slot)


@dataclass(frozen=True)
class PendingDue:
    """A one-off message whose time has come."""

    pending_id: int
    user_id: int
    chat_id: int
    kind: str
    slot: str
    due_at: datetime


@dataclass(frozen=True)
class DueWork:
    """Which of the dispatcher's steps have rows due; all False costs one query."""

    ended_pauses: bool
    silences: bool
    slots: bool
    pending: bool
    abandoned: bool

    def __bool__(self) -> bool:
        return any((self.ended_pauses, self.silences, self.slots, self.pending, self.abandoned))


async def due_work(session: AsyncSession, *, now: datetime, claimed_before: datetime) -> DueWork:
    """Look, through the indexes and in one statement, whether anything at all is due."""
    row = (
        await session.execute(
            select(
                exists().where(User.paused_until <= now, User.status == UserStatus.PAUSED),
                exists().where(User.next_nudge_at <= now, User.status.in_(REACHABLE)),
                exists().where(
                    Schedule.next_due_at <= now,
                    Schedule.user_id == User.id,
                    User.status == UserStatus.ACTIVE,
                ),
                exists().where(
                    PendingMessage.due_at <= now,
                    PendingMessage.user_id == User.id,
                    User.status == UserStatus.ACTIVE,
                ),
                exists().where(
                    Delivery.status == DeliveryStatus.CLAIMED,
                    Delivery.claimed_at < claimed_before,
                    Delivery.user_id == User.id,
                    User.status.in_(REACHABLE),
                ),
            )
        )
    ).one()
    return DueWork(*(bool(flag) for flag in row))


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
    slots = [_due_slot(schedule, user) for schedule, user in rows]
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
    """Move the schedule on and write the slot's ledger row.

    Returns the delivery to send, or None: claimed before, too late (recorded as missed), or
    the session is already logged, which needs no reminder.
    """
    await move_slot(session, schedule_id=slot.schedule_id, next_due_at=next_due_at)
    if await is_logged(session, user_id=slot.user_id, local_date=local_date, number=slot.session):
        return None
    return await claim(
        session,
        user_id=slot.user_id,
        kind=REMINDER,
        slot=slot_key(local_date, slot.session),
        due_at=slot.due_at,
        now=now,
        missed=missed,
    )


async def claim(
    session: AsyncSession,
    *,
    user_id: int,
    kind: str,
    slot: str,
    due_at: datetime,
    now: datetime,
    missed: bool = False,
) -> int | None:
    """Write a ledger row; return its id to send, or None if it exists or was missed."""
    existing = await session.scalar(
        select(Delivery.id).where(
            Delivery.user_id == user_id, Delivery.kind == kind, Delivery.slot == slot
        )
    )
    if existing is not None:
        return None
    delivery = Delivery(
        user_id=user_id,
        kind=kind,
        slot=slot,
        status=DeliveryStatus.MISSED if missed else DeliveryStatus.CLAIMED,
        due_at=due_at,
        claimed_at=now,
        completed_at=now if missed else None,
        attempts=0,
    )
    session.add(delivery)
    await session.flush()
    return None if missed else delivery.id


async def next_reminder_at(session: AsyncSession, *, user_id: int) -> datetime | None:
    """When the person's next daily reminder is due."""
    return await session.scalar(
        select(func.min(Schedule.next_due_at)).where(Schedule.user_id == user_id)
    )


async def is_logged(session: AsyncSession, *, user_id: int, local_date: date, number: int) -> bool:
    """Tell whether the person logged this session already."""
    return bool(
        await session.scalar(
            select(
                exists().where(
                    CheckIn.user_id == user_id,
                    CheckIn.local_date == local_date,
                    CheckIn.session == number,
                )
            )
        )
    )


async def was_reminded(session: AsyncSession, *, user_id: int, slot: str) -> bool:
    """Tell whether a reminder for this slot went out, or was due while the bot was down."""
    return bool(
        await session.scalar(
            select(
                exists().where(
                    Delivery.user_id == user_id,
                    Delivery.kind == REMINDER,
                    Delivery.slot == slot,
                    Delivery.status.in_((DeliveryStatus.SENT, DeliveryStatus.MISSED)),
                )
            )
        )
    )


async def park_slots(session: AsyncSession, *, user_id: int) -> None:
    """Take a person's slots out of the due index until they are re-planned."""
    await session.execute(
        update(Schedule).where(Schedule.user_id == user_id).values(next_due_at=PARKED)
    )


async def move_slot(session: AsyncSession, *, schedule_id: int, next_due_at: datetime) -> None:
    """Set when a reminder slot is next due."""
    await session.execute(
        update(Schedule).where(Schedule.id == schedule_id).values(next_due_at=next_due_at)
    )


async def add_pending(
    session: AsyncSession, *, user_id: int, kind: str, slot: str, due_at: datetime
) -> bool:
    """Plan a one-off message; False if the same one is already planned or was sent."""
    planned = await session.scalar(
        select(
            exists().where(
                PendingMessage.user_id == user_id,
                PendingMessage.kind == kind,
                PendingMessage.slot == slot,
            )
        )
    )
    sent = await session.scalar(
        select(
            exists().where(
                Delivery.user_id == user_id, Delivery.kind == kind, Delivery.slot == slot
            )
        )
    )
    if planned or sent:
        return False
    session.add(PendingMessage(user_id=user_id, kind=kind, slot=slot, due_at=due_at))
    await session.flush()
    return True


async def take_due_pending(session: AsyncSession, *, now: datetime, limit: int) -> list[PendingDue]:
    """Remove and return due one-off messages of active people, locked against other passes."""
    rows = await session.execute(
        select(PendingMessage, User.chat_id)
        .join(User, User.id == PendingMessage.user_id)
        .where(PendingMessage.due_at <= now, User.status == UserStatus.ACTIVE)
        .order_by(PendingMessage.due_at)
        .limit(limit)
        .with_for_update(of=PendingMessage, skip_locked=True)
    )
    due = [
        PendingDue(row.id, row.user_id, chat_id, row.kind, row.slot, row.due_at)
        for row, chat_id in rows
    ]
    if due:
        await session.execute(
            delete(PendingMessage).where(PendingMessage.id.in_([d.pending_id for d in due]))
        )
    return due


@dataclass(frozen=True)
class SummaryTarget:
    """A person who wants weekly summaries and has none planned."""

    user_id: int
    timezone: str
    quiet_start: time | None
    quiet_end: time | None


async def summaries_to_plan(
    session: AsyncSession, *, kind: str, user_id: int | None = None
) -> list[SummaryTarget]:
    """Return active people (or one person) with summaries on and none planned."""
    planned = exists().where(PendingMessage.user_id == User.id, PendingMessage.kind == kind)
    who = [] if user_id is None else [User.id == user_id]
    rows = await session.execute(
        select(User.id, User.timezone, User.quiet_start, User.quiet_end).where(
            User.status == UserStatus.ACTIVE,
            User.weekly_summary.is_(True),
            User.onboarded_at.is_not(None),
            User.timezone.is_not(None),
            ~planned,
            *who,
        )
    )
    return [
        SummaryTarget(user_id, zone, start, end)
        for user_id, zone, start, end in rows
        if zone is not None
    ]


async def wants_summary(session: AsyncSession, *, user_id: int) -> bool:
    """Whether the person still has weekly summaries switched on."""
    return bool(await session.scalar(select(User.weekly_summary).where(User.id == user_id)))


async def drop_pending(session: AsyncSession, *, user_id: int, kind: str) -> None:
    """Forget a person's planned one-off messages of a kind (to plan them anew)."""
    await session.execute(
        delete(PendingMessage).where(PendingMessage.user_id == user_id, PendingMessage.kind == kind)
    )


async def drop_stale_pending(session: AsyncSession, *, due_before: datetime) -> int:
    """Delete one-off messages left unsent long past their time (e.g. snoozed before a pause)."""
    result = await session.execute(delete(PendingMessage).where(PendingMessage.due_at < due_before))
    return int(getattr(result, "rowcount", 0) or 0)


async def mark_attempted(session: AsyncSession, *, delivery_id: int) -> None:
    """Record that sending starts: from now on a crash leaves the outcome unknown."""
    await session.execute(
        update(Delivery).where(Delivery.id == delivery_id).values(attempts=Delivery.attempts + 1)
    )


async def reclaim_abandoned(
    session: AsyncSession,
    *,
    claimed_before: datetime,
    due_after: datetime,
    now: datetime,
    limit: int,
) -> list[Claim]:
    """Return claims a crashed dispatcher never sent, still within their grace window.

    A claim whose sending had started is not sent again: the message may well have arrived, and
    a reminder twice is worse than one lost. It is recorded as failed instead.
    """
    rows = await session.execute(
        select(Delivery, User.chat_id)
        .join(User, User.id == Delivery.user_id)
        .where(
            Delivery.status == DeliveryStatus.CLAIMED,
            Delivery.claimed_at < claimed_before,
            User.status.in_(REACHABLE),
        )
        .order_by(Delivery.due_at)
        .limit(limit)
        .with_for_update(of=Delivery, skip_locked=True)
    )
    claims = []
    for delivery, chat_id in rows:
        if delivery.attempts > 0 or delivery.due_at < due_after:
            delivery.status = DeliveryStatus.FAILED
            delivery.completed_at = now
            delivery.error = (
                "interrupted while sending; not sent again"
                if delivery.attempts
                else "abandoned past its grace window"
            )
            continue
        delivery.claimed_at = now
        claims.append(Claim(delivery.id, delivery.user_id, chat_id, delivery.kind, delivery.slot))
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
        )
    )


def slot_key(local_date: date, session_number: int) -> str:
    """Name a person's reminder slot by its local date and session number."""
    return f"{local_date.isoformat()}/{session_number}"


def parse_slot_key(key: str) -> tuple[date, int]:
    """Split a slot key back into its local date and session number."""
    day, _, number = key.partition("/")
    return date.fromisoformat(day), int(number)


def _due_slot(schedule: Schedule, user: User) -> DueSlot | None:
    """Describe a slot for sending; None while the person's setup is incomplete."""
    if user.onset is None or user.timezone is None:
        return None
    return DueSlot(
        schedule_id=schedule.id,
        user_id=user.id,
        chat_id=user.chat_id,
        session=schedule.session,
        local_time=schedule.local_time,
        timezone=user.timezone,
        last_active_at=user.last_active_at,
        due_at=schedule.next_due_at,
    )
