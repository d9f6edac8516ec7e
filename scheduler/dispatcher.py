"""The dispatcher job: claims due reminder slots, sends them, records the outcome (DESIGN 2-3)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scheduler.clock import Clock
from scheduler.due import next_due_after, slot_date
from scheduler.sending import MessageSender, OutgoingMessage, SendStatus
from storage import reminders, users
from storage.reminders import ClaimedReminder

log = logging.getLogger(__name__)

# Renders a claimed reminder, reading what it needs in the session it is given.
ComposeReminder = Callable[[AsyncSession, ClaimedReminder], Awaitable[OutgoingMessage]]


@dataclass(frozen=True)
class DispatchReport:
    """What one dispatcher pass did."""

    sent: int = 0
    missed: int = 0
    failed: int = 0


class ReminderDispatcher:
    """Turns due schedule rows into exactly one delivered reminder per slot."""

    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        clock: Clock,
        sender: MessageSender,
        compose: ComposeReminder,
        grace: timedelta,
        batch_size: int = 100,
        claim_lease: timedelta = timedelta(minutes=5),
    ) -> None:
        self._sessionmaker = sessionmaker
        self._clock = clock
        self._sender = sender
        self._compose = compose
        self._grace = grace
        # Small batches keep each claim far younger than the lease while it is being sent.
        self._batch_size = batch_size
        self._lease = claim_lease

    async def run_once(self) -> DispatchReport:
        """Send everything due now, batch by batch, then retry claims a crash left behind."""
        sent = missed = failed = 0
        # Each pass moves every slot it sees to its next day, so this ends once all are current.
        while True:
            claimed, batch_missed, seen = await self._claim_batch()
            missed += batch_missed
            ok, bad = await self._deliver_all(claimed)
            sent, failed = sent + ok, failed + bad
            if not seen:
                break
        ok, bad = await self._deliver_all(await self._reclaim())
        return DispatchReport(sent=sent + ok, missed=missed, failed=failed + bad)

    async def _claim_batch(self) -> tuple[list[ClaimedReminder], int, int]:
        now = self._clock.now()
        claimed: list[ClaimedReminder] = []
        missed = 0
        async with self._sessionmaker() as session, session.begin():
            due = await reminders.lock_due_slots(session, now=now, limit=self._batch_size)
            for slot in due:
                zone = ZoneInfo(slot.timezone)
                local_date = slot_date(slot.due_at, slot.local_time, zone)
                too_late = now - slot.due_at > self._grace
                delivery_id = await reminders.claim_slot(
                    session,
                    slot=slot,
                    local_date=local_date,
                    next_due_at=next_due_after(slot.local_time, zone, slot.due_at),
                    missed=too_late,
                    now=now,
                )
                if too_late:
                    missed += 1
                elif delivery_id is not None:
                    claimed.append(ClaimedReminder(delivery_id, slot, local_date))
        return claimed, missed, len(due)

    async def _reclaim(self) -> list[ClaimedReminder]:
        now = self._clock.now()
        async with self._sessionmaker() as session, session.begin():
            return await reminders.reclaim_abandoned(
                session,
                claimed_before=now - self._lease,
                due_after=now - self._grace,
                now=now,
                limit=self._batch_size,
            )

    async def _deliver_all(self, claimed: list[ClaimedReminder]) -> tuple[int, int]:
        ok = bad = 0
        for claim in claimed:
            try:
                delivered = await self._deliver(claim)
            except Exception:
                # One bad recipient never stops the batch; the claim stays and is retried.
                log.exception("delivering reminder %d failed", claim.delivery_id)
                delivered = False
            ok, bad = (ok + 1, bad) if delivered else (ok, bad + 1)
        return ok, bad

    async def _deliver(self, claim: ClaimedReminder) -> bool:
        async with self._sessionmaker() as session:
            message = await self._compose(session, claim)
        result = await self._sender.send(claim.slot.chat_id, message)
        async with self._sessionmaker() as session, session.begin():
            await reminders.complete_delivery(
                session,
                delivery_id=claim.delivery_id,
                message_id=result.message_id,
                error=result.error,
                now=self._clock.now(),
            )
            if result.status is SendStatus.BLOCKED:
                await users.mark_blocked(session, user_id=claim.slot.user_id)
        if result.status is not SendStatus.SENT:
            log.warning("reminder %d not delivered: %s", claim.delivery_id, result.status)
        return result.status is SendStatus.SENT
