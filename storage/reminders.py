"""The delivery ledger: every scheduled message is claimed before sending and completed after.

One row per (person, kind, slot), ever (DESIGN 2-3). ``MessageKind`` names the kinds: the daily
reminder of a session, a snoozed reminder the person asked for, the weekly summary, and the
notes of the nudge ladder.

The life of a row: claimed, then marked as sending just before its send (one at a time, by
compare-and-set, so two processes never both send it), then sent, failed, in doubt (the outcome
is unknown: it may have arrived, so it is never sent again) or, after a send that certainly
failed, claimed again with a time to retry at. A crash leaves the marked rows sending; the next
process records them in doubt. Claimed rows that were never marked (a crash, a clean stop that
handed them back) are taken up at once by the next process.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
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

NUDGE_PREFIX = "nudge:"


class MessageKind(StrEnum):
    """What a scheduled message is; its value is what the ledger and pending rows store."""

    REMINDER = "reminder"
    SNOOZED = "snoozed"
    SUMMARY = "summary"
    # While a plan is on hold: "have you been seen by a professional?"
    HOLD_CHECK = "hold_check"
    # After the last phase: the weekly maintenance session.
    MAINTENANCE = "maintenance"
    NUDGE_TWO_DAYS = "nudge:two_days"
    NUDGE_OFFER_PAUSE = "nudge:offer_pause"
    NUDGE_LAPSED = "nudge:lapsed"
    NUDGE_READY_WHEN_YOU_ARE = "nudge:ready_when_you_are"

    @classmethod
    def nudge(cls, rung: str) -> MessageKind:
        """The kind of a nudge ladder's note (ValueError for a rung with no message)."""
        return cls(NUDGE_PREFIX + rung)

    @property
    def rung(self) -> str | None:
        """The nudge ladder's rung of a nudge; None for every other kind."""
        return (
            self.value.removeprefix(NUDGE_PREFIX) if self.value.startswith(NUDGE_PREFIX) else None
        )


NUDGES = tuple(kind for kind in MessageKind if kind.rung is not None)
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
    kind: MessageKind
    slot: str
    due_at: datetime
    # Sends tried before, each certainly failed (the backoff grows with them).
    attempts: int = 0

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
    kind: MessageKind
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
    """Look, through the indexes and in one statement, whether anything at all is due.

    ``claimed_before``: claims this old or older belong to no running pass (see reclaim).
    """
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
                    _left_behind(now=now, claimed_before=claimed_before),
                    Delivery.user_id == User.id,
                    User.status.in_(REACHABLE),
                ),
            )
        )
    ).one()
    return DueWork(*(bool(flag) for flag in row))


async def next_work_at(session: AsyncSession, *, after: datetime) -> datetime | None:
    """The first instant after ``after`` at which something comes due: a pause ending, a look
    at a silence, a reminder slot, a one-off message or a retry; None if nothing is planned."""
    firsts = [
        select(func.min(User.paused_until)).where(
            User.paused_until > after, User.status == UserStatus.PAUSED
        ),
        select(func.min(User.next_nudge_at)).where(
            User.next_nudge_at > after, User.status.in_(REACHABLE)
        ),
        select(func.min(Schedule.next_due_at)).where(
            Schedule.next_due_at > after,
            Schedule.user_id == User.id,
            User.status == UserStatus.ACTIVE,
        ),
        select(func.min(PendingMessage.due_at)).where(
            PendingMessage.due_at > after,
            PendingMessage.user_id == User.id,
            User.status == UserStatus.ACTIVE,
        ),
        select(func.min(Delivery.retry_at)).where(
            Delivery.status == DeliveryStatus.CLAIMED,
            Delivery.retry_at > after,
            Delivery.user_id == User.id,
            User.status.in_(REACHABLE),
        ),
    ]
    row = (await session.execute(select(*(first.scalar_subquery() for first in firsts)))).one()
    instants = [instant for instant in row if instant is not None]
    return min(instants) if instants else None


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


@dataclass(frozen=True)
class Wanted:
    """A ledger row to write: one message for a person, kind and slot."""

    user_id: int
    kind: MessageKind
    slot: str
    due_at: datetime
    missed: bool = False

    @property
    def key(self) -> tuple[int, str, str]:
        """The ledger's unique key."""
        return self.user_id, self.kind, self.slot


async def claim_all(
    session: AsyncSession, wanted: Sequence[Wanted], *, now: datetime
) -> dict[tuple[int, str, str], int]:
    """Write the ledger rows not written before, missed ones as missed, in two statements.

    Returns the new claims to send, by key; rows that exist already and missed ones are not.
    """
    fresh = {w.key: w for w in wanted}
    if not fresh:
        return {}
    written = await session.execute(
        select(Delivery.user_id, Delivery.kind, Delivery.slot).where(
            Delivery.user_id.in_({w.user_id for w in fresh.values()}),
            Delivery.slot.in_({w.slot for w in fresh.values()}),
        )
    )
    for user_id, kind, slot in written:
        fresh.pop((user_id, kind, slot), None)
    if not fresh:
        return {}
    rows = await session.execute(
        insert(Delivery).returning(Delivery.id, Delivery.user_id, Delivery.kind, Delivery.slot),
        [
            {
                "user_id": w.user_id,
                "kind": w.kind,
                "slot": w.slot,
                "status": DeliveryStatus.MISSED if w.missed else DeliveryStatus.CLAIMED,
                "due_at": w.due_at,
                "claimed_at": now,
                "completed_at": now if w.missed else None,
                "attempts": 0,
            }
            for w in fresh.values()
        ],
    )
    return {
        (user_id, kind, slot): delivery_id
        for delivery_id, user_id, kind, slot in rows
        if not fresh[user_id, kind, slot].missed
    }


async def claim(
    session: AsyncSession,
    *,
    user_id: int,
    kind: MessageKind,
    slot: str,
    due_at: datetime,
    now: datetime,
    missed: bool = False,
) -> int | None:
    """Write one ledger row; return its id to send, or None if it exists or was missed."""
    wanted = Wanted(user_id, kind, slot, due_at, missed)
    return (await claim_all(session, [wanted], now=now)).get(wanted.key)


async def sent_since(session: AsyncSession, *, user_id: int, since: datetime) -> list[datetime]:
    """When each message to the person since an instant went out (or may have: in doubt)."""
    rows = await session.scalars(
        select(Delivery.completed_at).where(
            Delivery.user_id == user_id,
            Delivery.status.in_((DeliveryStatus.SENT, DeliveryStatus.IN_DOUBT)),
            Delivery.completed_at >= since,
        )
    )
    return [at for at in rows if at is not None]


async def next_reminder_at(session: AsyncSession, *, user_id: int) -> datetime | None:
    """When the person's next daily reminder is due."""
    return await session.scalar(
        select(func.min(Schedule.next_due_at)).where(Schedule.user_id == user_id)
    )


@dataclass(frozen=True)
class Planned:
    """What is planned for a person: each reminder time's next slot, and the one-off messages
    waiting (summaries, snoozed reminders, hold questions)."""

    reminders: tuple[datetime, ...]
    one_offs: tuple[datetime, ...]

    @property
    def all(self) -> tuple[datetime, ...]:
        """Every planned instant."""
        return self.reminders + self.one_offs


async def planned_for(session: AsyncSession, *, user_id: int) -> Planned:
    """When the messages already planned for the person are due."""
    reminders = await session.scalars(
        select(Schedule.next_due_at).where(Schedule.user_id == user_id)
    )
    pending = await session.scalars(
        select(PendingMessage.due_at).where(PendingMessage.user_id == user_id)
    )
    return Planned(tuple(reminders), tuple(pending))


async def logged_slots(
    session: AsyncSession, slots: Collection[tuple[int, str]]
) -> set[tuple[int, str]]:
    """Return which of these (person, slot key) sessions the person logged already."""
    wanted = {(user_id, *parse_slot_key(key)): (user_id, key) for user_id, key in slots}
    if not wanted:
        return set()
    rows = await session.execute(
        select(CheckIn.user_id, CheckIn.local_date, CheckIn.session).where(
            CheckIn.user_id.in_({user_id for user_id, _ in slots}),
            CheckIn.local_date.in_({day for _, day, _ in wanted}),
        )
    )
    found = {(user_id, day, number) for user_id, day, number in rows}
    return {slot for key, slot in wanted.items() if key in found}


# A reminder that went out, may have gone out (in doubt), or fell due while the bot was down:
# the person was asked for a session.
ASKED = (DeliveryStatus.SENT, DeliveryStatus.IN_DOUBT, DeliveryStatus.MISSED)


async def reminded_slots(
    session: AsyncSession, slots: Collection[tuple[int, str]]
) -> set[tuple[int, str]]:
    """Return which (person, slot key) reminders went out, or were due while the bot was down."""
    if not slots:
        return set()
    rows = await session.execute(
        select(Delivery.user_id, Delivery.slot).where(
            Delivery.user_id.in_({user_id for user_id, _ in slots}),
            Delivery.kind == MessageKind.REMINDER,
            Delivery.slot.in_({key for _, key in slots}),
            Delivery.status.in_(ASKED),
        )
    )
    return {(user_id, key) for user_id, key in rows} & set(slots)


async def park_slots(session: AsyncSession, *, user_id: int) -> None:
    """Take a person's slots out of the due index until they are re-planned."""
    await session.execute(
        update(Schedule).where(Schedule.user_id == user_id).values(next_due_at=PARKED)
    )


async def stand_down(session: AsyncSession, user: User, *, drop: Collection[MessageKind]) -> None:
    """Send the person nothing daily: slots parked, the nudge ladder stopped, and the planned
    one-off messages of these kinds dropped."""
    user.next_nudge_at = None
    await park_slots(session, user_id=user.id)
    await session.execute(
        delete(PendingMessage).where(
            PendingMessage.user_id == user.id, PendingMessage.kind.in_(drop)
        )
    )


async def move_slots(session: AsyncSession, moves: Mapping[int, datetime]) -> None:
    """Set when each reminder slot (by schedule id) is next due, in one statement."""
    if moves:
        await session.execute(
            update(Schedule), [{"id": id_, "next_due_at": at} for id_, at in moves.items()]
        )


async def add_pending(
    session: AsyncSession, *, user_id: int, kind: MessageKind, slot: str, due_at: datetime
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
        PendingDue(row.id, row.user_id, chat_id, MessageKind(row.kind), row.slot, row.due_at)
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
    session: AsyncSession, *, kind: MessageKind, user_id: int | None = None
) -> list[SummaryTarget]:
    """Return active people (or one person) with summaries on and none planned."""
    planned = exists().where(PendingMessage.user_id == User.id, PendingMessage.kind == kind)
    who = [] if user_id is None else [User.id == user_id]
    rows = await session.execute(
        select(User.id, User.timezone, User.quiet_start, User.quiet_end).where(
            User.status == UserStatus.ACTIVE,
            User.weekly_summary.is_(True),
            # After the programme the weekly session is the only message.
            User.maintenance_since.is_(None),
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


async def drop_pending(session: AsyncSession, *, user_id: int, kind: MessageKind) -> None:
    """Forget a person's planned one-off messages of a kind (to plan them anew)."""
    await session.execute(
        delete(PendingMessage).where(PendingMessage.user_id == user_id, PendingMessage.kind == kind)
    )


# Messages that plan their own next one as they go: dropping them would end the chain, so a late
# one is claimed as missed instead (and the next is planned then).
CHAINED = (MessageKind.HOLD_CHECK, MessageKind.MAINTENANCE)


async def drop_stale_pending(session: AsyncSession, *, due_before: datetime) -> int:
    """Delete one-off messages left unsent long past their time (e.g. snoozed before a pause)."""
    result = await session.execute(
        delete(PendingMessage).where(
            PendingMessage.due_at < due_before, PendingMessage.kind.not_in(CHAINED)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class SendingOutcome:
    """How sending one claimed delivery ended.

    Without a status: sent if there is no error, else failed. ``CLAIMED`` with ``retry_at``:
    the send certainly failed and is tried again then.
    """

    delivery_id: int
    message_id: int | None
    error: str | None
    status: DeliveryStatus | None = None
    retry_at: datetime | None = None

    @property
    def final_status(self) -> DeliveryStatus:
        """The status the ledger records."""
        if self.status is not None:
            return self.status
        return DeliveryStatus.SENT if self.error is None else DeliveryStatus.FAILED


INTERRUPTED = "interrupted while sending; it may have arrived, so it is not sent again"
ABANDONED = "not sent within its grace window"


async def record_sending(
    session: AsyncSession,
    *,
    finished: Sequence[SendingOutcome] = (),
    starting: Collection[int] = (),
    not_started: Collection[int] = (),
    retry_not_started_at: datetime | None = None,
    now: datetime,
) -> set[int]:
    """Complete deliveries whose sending ended, and mark the next ones as being sent.

    Returns which of ``starting`` this call marked: a claim another process marked first (or
    completed) is not this one's to send. From the mark on, a crash leaves a delivery's outcome
    unknown, so it is not sent again; ``not_started`` takes the mark back from deliveries
    certainly not sent (the bot stopped, Telegram could not be reached), and they are taken up
    again at ``retry_not_started_at``, or at once (by the next process, if this one stops).
    """
    connection = await session.connection()
    if finished:
        await connection.execute(
            update(Delivery)
            .where(Delivery.id == bindparam("delivery"))
            .values(
                status=bindparam("outcome"),
                telegram_message_id=bindparam("message"),
                error=bindparam("reason"),
                completed_at=bindparam("completed"),
                retry_at=bindparam("retry"),
            ),
            [
                {
                    "delivery": outcome.delivery_id,
                    "outcome": outcome.final_status,
                    "message": outcome.message_id,
                    "reason": None if outcome.error is None else outcome.error[:200],
                    "completed": None if outcome.final_status is DeliveryStatus.CLAIMED else now,
                    "retry": outcome.retry_at,
                }
                for outcome in finished
            ],
        )
    if not_started:
        # Marked or not, they never left: claimed again, without the attempt a mark counted.
        await connection.execute(
            update(Delivery)
            .where(
                Delivery.id.in_(not_started),
                Delivery.status.in_((DeliveryStatus.CLAIMED, DeliveryStatus.SENDING)),
            )
            .values(
                status=DeliveryStatus.CLAIMED,
                attempts=case(
                    (Delivery.status == DeliveryStatus.SENDING, Delivery.attempts - 1),
                    else_=Delivery.attempts,
                ),
                retry_at=retry_not_started_at,
            )
        )
    if not starting:
        return set()
    marked = await connection.execute(
        update(Delivery)
        .where(Delivery.id.in_(starting), Delivery.status == DeliveryStatus.CLAIMED)
        .values(status=DeliveryStatus.SENDING, attempts=Delivery.attempts + 1)
        .returning(Delivery.id)
    )
    return set(marked.scalars())


def _left_behind(*, now: datetime, claimed_before: datetime) -> ColumnElement[bool]:
    """Rows no running pass is sending: claims waiting for their retry time, claims and marks
    older than ``claimed_before``."""
    return or_(
        and_(Delivery.status == DeliveryStatus.CLAIMED, Delivery.retry_at <= now),
        and_(
            Delivery.status == DeliveryStatus.CLAIMED,
            Delivery.retry_at.is_(None),
            Delivery.claimed_at <= claimed_before,
        ),
        and_(Delivery.status == DeliveryStatus.SENDING, Delivery.claimed_at <= claimed_before),
    )


@dataclass(frozen=True)
class TakenUp:
    """What reclaim_abandoned found: claims to send again, and rows it completed."""

    claims: list[Claim]
    seen: int
    in_doubt: int
    failed: int


async def reclaim_abandoned(
    session: AsyncSession,
    *,
    claimed_before: datetime,
    due_after: datetime,
    now: datetime,
    limit: int,
) -> TakenUp:
    """Take up at most ``limit`` rows no running pass is sending.

    Claims whose retry time has come, and claims left unmarked by a crash or handed back by a
    stop, are sent again while their grace window is open, and recorded failed once it has
    closed. A mark left by a crash (the send may have started) is recorded in doubt: the message
    may well have arrived, and a reminder twice is worse than one in doubt.
    """
    rows = await session.execute(
        select(Delivery, User.chat_id)
        .join(User, User.id == Delivery.user_id)
        .where(_left_behind(now=now, claimed_before=claimed_before), User.status.in_(REACHABLE))
        .order_by(Delivery.due_at)
        .limit(limit)
        .with_for_update(of=Delivery, skip_locked=True)
    )
    claims = []
    seen = in_doubt = failed = 0
    for delivery, chat_id in rows:
        seen += 1
        if delivery.status is DeliveryStatus.SENDING:
            delivery.status = DeliveryStatus.IN_DOUBT
            delivery.completed_at = now
            delivery.error = INTERRUPTED
            in_doubt += 1
            continue
        if delivery.due_at < due_after:
            failed += 1
            delivery.status = DeliveryStatus.FAILED
            delivery.completed_at = now
            delivery.retry_at = None
            delivery.error = (
                ABANDONED if delivery.error is None else f"{ABANDONED}: {delivery.error}"
            )[:200]
            continue
        delivery.claimed_at = now
        delivery.retry_at = None
        claims.append(
            Claim(
                delivery.id,
                delivery.user_id,
                chat_id,
                MessageKind(delivery.kind),
                delivery.slot,
                delivery.due_at,
                delivery.attempts,
            )
        )
    return TakenUp(claims, seen, in_doubt, failed)


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
