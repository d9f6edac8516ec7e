"""The dispatcher job: claims what is due, sends it, records the outcome (DESIGN 2-3).

One pass, every few seconds: pauses that ran out end; the nudge ladder looks at silent people;
due reminder slots and one-off messages (snoozed reminders, weekly summaries) are claimed;
everything claimed is sent; then what no pass is sending is taken up: sends that certainly
failed, once their retry time has come (with backoff, for as long as the grace window is open),
claims a crash or a stop left unsent (at once after a restart), and marks a crash left (in doubt).
Each step reads only rows that are due, through an index.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scheduler.clock import Clock
from scheduler.due import next_due_after, slot_date
from scheduler.message_budget import next_allowed
from scheduler.nudges import (
    LAPSE_AFTER,
    TWO_DAYS_AFTER,
    Activity,
    NudgeKind,
    SentNudge,
    due_nudge,
    next_look_at,
)
from scheduler.planning import plan_maintenance, replan_from
from scheduler.quiet_hours import QuietHours
from scheduler.sending import MessageSender, OutgoingMessage, SendResult, SendStatus
from scheduler.summaries import SUMMARY, plan_summary, plan_summary_for
from storage import activity, maintenance, reminders, safety_holds, users
from storage.activity import Silence
from storage.models import DeliveryStatus
from storage.reminders import Claim, MessageKind, SendingOutcome

log = logging.getLogger(__name__)

# A nudge due shortly before a reminder waits until this long after it: two messages within the
# hour would be spam, and the reminder itself already carries a word about the missed session.
REMINDER_CLEARANCE = timedelta(hours=3)
# How long an unanswered "have you been seen?" waits before it is asked again.
HOLD_ASK_AGAIN = timedelta(days=7) - timedelta(hours=1)
WAIT_FOR_REMINDER = (NudgeKind.TWO_DAYS, NudgeKind.OFFER_PAUSE)

# Renders claimed messages by delivery id, reading what they need in the session it is given;
# a claim it cannot render is left out.
ComposeMessages = Callable[[AsyncSession, Sequence[Claim]], Awaitable[dict[int, OutgoingMessage]]]

NOT_RENDERED = "could not be rendered"
# A send that certainly failed is tried again after this, then after twice as long each time,
# at most RETRY_AT_MOST apart, and a last time as its grace window closes.
RETRY_FIRST = timedelta(seconds=30)
RETRY_AT_MOST = timedelta(minutes=10)
NOT_SENT_IN_TIME = "not sent within its grace window"


@dataclass(frozen=True)
class DispatchReport:
    """What one dispatcher pass did."""

    sent: int = 0
    missed: int = 0
    # Certainly not delivered and not tried again (blocked, refused, grace window closed).
    failed: int = 0
    # Sent, maybe: the outcome is unknown, so never sent again.
    in_doubt: int = 0
    # Certainly not delivered, to be tried again in a later pass.
    retrying: int = 0

    def __add__(self, other: DispatchReport) -> DispatchReport:
        return DispatchReport(
            self.sent + other.sent,
            self.missed + other.missed,
            self.failed + other.failed,
            self.in_doubt + other.in_doubt,
            self.retrying + other.retrying,
        )


def retry_time(claim: Claim, *, now: datetime, grace: timedelta) -> datetime | None:
    """When to try a send that certainly failed again; None once its grace window has closed."""
    backoff = min(RETRY_FIRST * 2 ** min(claim.attempts, 16), RETRY_AT_MOST)
    closes = claim.due_at + grace
    at = min(now + backoff, closes)
    return at if at > now else None


class ReminderDispatcher:
    """Turns due rows into exactly one delivered message per (person, kind, slot)."""

    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        clock: Clock,
        sender: MessageSender,
        compose: ComposeMessages,
        grace: timedelta,
        quiet_hours: QuietHours | None = None,
        batch_size: int = 100,
        claim_lease: timedelta = timedelta(minutes=5),
    ) -> None:
        self._sessionmaker = sessionmaker
        self._clock = clock
        self._sender = sender
        self._compose = compose
        self._grace = grace
        self._quiet_hours = quiet_hours or QuietHours()
        # Small batches keep each claim far younger than the lease while it is being sent.
        self._batch_size = batch_size
        self._lease = claim_lease
        # Claims older than this process belong to no running pass of this process: a crash or
        # a stop left them, and they are taken up at once.
        self._started = clock.now()
        self._stopping = False
        # Set in a pass once a send certainly failed for want of Telegram: the pass ends early.
        self._unreachable = False

    def stop(self) -> None:
        """Make a running pass end after the message on its way, so the bot can stop at once.

        What the pass claimed and did not send is handed back and goes at once after the restart.
        """
        self._stopping = True

    @property
    def _ending(self) -> bool:
        return self._stopping or self._unreachable

    def _claimed_before(self, now: datetime) -> datetime:
        """Claims this old are no running pass's: older than the lease, or than this process."""
        return max(self._started, now - self._lease)

    async def run_once(self) -> DispatchReport:
        """Send everything due now, batch by batch, then take up what no pass is sending."""
        self._unreachable = False
        now = self._clock.now()
        async with self._sessionmaker() as session, session.begin():
            due = await reminders.due_work(
                session, now=now, claimed_before=self._claimed_before(now)
            )
        report = DispatchReport()
        if not due:
            return report
        if due.ended_pauses:
            await self._end_pauses()
        steps = (
            (due.silences, self._claim_nudges),
            (due.slots, self._claim_reminders),
            (due.pending, self._claim_pending),
        )
        # Each step moves every row it sees past now, so each loop ends once all are current.
        for needed, claim_batch in steps:
            more = needed
            while more and not self._ending:
                claimed, missed, seen = await claim_batch()
                report += await self._deliver_all(claimed) + DispatchReport(missed=missed)
                more = seen > 0
        # Each round completes, re-plans or sends every row it looks at, so a short one is last.
        more = due.abandoned
        while more and not self._ending:
            taken = await self._reclaim()
            report += DispatchReport(failed=taken.failed, in_doubt=taken.in_doubt)
            report += await self._deliver_all(taken.claims)
            more = taken.seen >= self._batch_size
        return report

    async def maintain(self) -> int:
        """Daily upkeep: drop one-off messages that can no longer be sent in time, and plan a
        weekly summary for everyone who wants one and has none planned (after a pause, say)."""
        now = self._clock.now()
        async with self._sessionmaker() as session, session.begin():
            dropped = await reminders.drop_stale_pending(session, due_before=now - self._grace)
            targets = await reminders.summaries_to_plan(session, kind=SUMMARY)
            for target in targets:
                await self._plan_summary(session, target, after=now)
        log.info(
            "maintenance: %d stale messages dropped, %d summaries planned", dropped, len(targets)
        )
        return dropped

    async def _plan_summary(
        self, session: AsyncSession, target: reminders.SummaryTarget, *, after: datetime
    ) -> None:
        await plan_summary(session, target, after=after, default_quiet=self._quiet_hours)

    async def _end_pauses(self) -> None:
        now = self._clock.now()
        async with self._sessionmaker() as session, session.begin():
            for user_id, zone in await activity.ended_pauses(session, now=now):
                await activity.resume(
                    session, user_id=user_id, now=now, first_look=now + TWO_DAYS_AFTER
                )
                # Slots that passed during the pause are not owed.
                await replan_from(session, user_id=user_id, zone_name=zone, now=now)

    async def _claim_reminders(self) -> tuple[list[Claim], int, int]:
        now = self._clock.now()
        async with self._sessionmaker() as session, session.begin():
            due = await reminders.lock_due_slots(session, now=now, limit=self._batch_size)
            moves: dict[int, datetime] = {}
            wanted: list[reminders.Wanted] = []
            for slot in due:
                zone = ZoneInfo(slot.timezone)
                moves[slot.schedule_id] = next_due_after(slot.local_time, zone, slot.due_at)
                if slot.last_active_at is not None and now - slot.last_active_at >= LAPSE_AFTER:
                    # Silent long enough to lapse: the ladder marks it (after quiet hours, say);
                    # no daily reminder goes out meanwhile.
                    continue
                key = reminders.slot_key(
                    slot_date(slot.due_at, slot.local_time, zone), slot.session
                )
                too_late = now - slot.due_at > self._grace
                wanted.append(
                    reminders.Wanted(slot.user_id, MessageKind.REMINDER, key, slot.due_at, too_late)
                )
            await reminders.move_slots(session, moves)
            # A session already logged needs no reminder.
            logged = await reminders.logged_slots(session, [(w.user_id, w.slot) for w in wanted])
            wanted = [w for w in wanted if (w.user_id, w.slot) not in logged]
            ids = await reminders.claim_all(session, wanted, now=now)
        chats = {slot.user_id: slot.chat_id for slot in due}
        claimed = [
            Claim(ids[w.key], w.user_id, chats[w.user_id], w.kind, w.slot, w.due_at)
            for w in wanted
            if w.key in ids
        ]
        return claimed, sum(w.missed for w in wanted), len(due)

    async def _claim_pending(self) -> tuple[list[Claim], int, int]:
        now = self._clock.now()
        claimed: list[Claim] = []
        missed = 0
        async with self._sessionmaker() as session, session.begin():
            due = await reminders.take_due_pending(session, now=now, limit=self._batch_size)
            for pending in due:
                if not await self._still_wanted(session, pending):
                    continue
                too_late = now - pending.due_at > self._grace
                delivery_id = await reminders.claim(
                    session,
                    user_id=pending.user_id,
                    kind=pending.kind,
                    slot=pending.slot,
                    due_at=pending.due_at,
                    now=now,
                    missed=too_late,
                )
                missed += int(too_late)
                if delivery_id is not None:
                    claimed.append(
                        Claim(
                            delivery_id,
                            pending.user_id,
                            pending.chat_id,
                            pending.kind,
                            pending.slot,
                            pending.due_at,
                        )
                    )
        return claimed, missed, len(due)

    async def _still_wanted(self, session: AsyncSession, pending: reminders.PendingDue) -> bool:
        """A summary goes if still switched on (and plans next week's); a snooze if not logged;
        the question of a hold while the plan is still on hold."""
        if pending.kind == SUMMARY:
            if not await reminders.wants_summary(session, user_id=pending.user_id):
                return False
            await plan_summary_for(
                session,
                user_id=pending.user_id,
                now=pending.due_at,
                default_quiet=self._quiet_hours,
            )
            return True
        if pending.kind is MessageKind.MAINTENANCE:
            wanted = await maintenance.weekly_wanted(session, user_id=pending.user_id)
            zone_name = await activity.zone_of(session, user_id=pending.user_id)
            if wanted and zone_name is not None:
                # The next week's session is planned as this one goes.
                await plan_maintenance(
                    session, user_id=pending.user_id, zone_name=zone_name, after=pending.due_at
                )
            return wanted
        if pending.kind is MessageKind.HOLD_CHECK:
            zone = await safety_holds.hold_zone(session, user_id=pending.user_id)
            if zone is not None:
                # Unanswered, the question comes again a week later.
                again = next_due_after(
                    pending.due_at.astimezone(zone).time(), zone, pending.due_at + HOLD_ASK_AGAIN
                )
                await safety_holds.plan_question(
                    session, user_id=pending.user_id, due=again, zone=zone
                )
            return zone is not None
        snoozed = (pending.user_id, pending.slot)
        return snoozed not in await reminders.logged_slots(session, [snoozed])

    async def _claim_nudges(self) -> tuple[list[Claim], int, int]:
        now = self._clock.now()
        claimed: list[Claim] = []
        async with self._sessionmaker() as session, session.begin():
            silences = await activity.lock_silences(session, now=now, limit=self._batch_size)
            for silence in silences:
                claim = await self._climb(session, silence, now)
                if claim is not None:
                    claimed.append(claim)
        return claimed, 0, len(silences)

    async def _budget_allows(
        self, session: AsyncSession, silence: Silence, now: datetime
    ) -> datetime:
        """When the message budget lets one more unsolicited message go to the person."""
        sent = await reminders.sent_since(
            session, user_id=silence.user_id, since=now - timedelta(days=1)
        )
        planned = await reminders.planned_for(session, user_id=silence.user_id)
        return next_allowed(
            sent,
            now=now,
            zone=ZoneInfo(silence.timezone),
            # A schedule row per reminder time: as many as sessions a day.
            sessions_per_day=len(planned.reminders),
            planned=planned.all,
        )

    async def _climb(self, session: AsyncSession, silence: Silence, now: datetime) -> Claim | None:
        """Send the ladder's next rung if it is due and the person's quiet hours allow."""
        allowed = self._quiet_for(silence).next_allowed(now, ZoneInfo(silence.timezone))
        if allowed > now:
            await activity.set_next_look(session, user_id=silence.user_id, at=allowed)
            return None
        sent = [
            SentNudge(NudgeKind(kind), at)
            for kind, at in await activity.nudges_since(
                session, user_id=silence.user_id, since=silence.last_active_at
            )
        ]
        ladder = Activity(silence.last_active_at, sent, silence.lapsed_at)
        kind = due_nudge(ladder, now=now)
        if kind is None:
            await activity.set_next_look(
                session, user_id=silence.user_id, at=next_look_at(ladder, now=now)
            )
            return None
        budget = await self._budget_allows(session, silence, now)
        if budget > now:
            await activity.set_next_look(session, user_id=silence.user_id, at=budget)
            return None
        if kind in WAIT_FOR_REMINDER:
            upcoming = await reminders.next_reminder_at(session, user_id=silence.user_id)
            if upcoming is not None and upcoming - now < REMINDER_CLEARANCE:
                # The reminder speaks first (a late one goes out later in this very pass); the
                # nudge follows only if it goes unanswered.
                await activity.set_next_look(
                    session, user_id=silence.user_id, at=max(upcoming, now) + REMINDER_CLEARANCE
                )
                return None
        lapsed_at = now if kind is NudgeKind.LAPSED else silence.lapsed_at
        climbed = Activity(silence.last_active_at, [*sent, SentNudge(kind, now)], lapsed_at)
        await activity.set_next_look(
            session,
            user_id=silence.user_id,
            at=next_look_at(climbed, now=now),
            lapsed_at=now if kind is NudgeKind.LAPSED else None,
        )
        # One slot per silence (and per weekly note after a lapse): a second process finds it.
        slot = f"{silence.last_active_at:%Y%m%dT%H%M%S}/{len(sent)}"
        delivery_id = await reminders.claim(
            session,
            user_id=silence.user_id,
            kind=MessageKind.nudge(kind),
            slot=slot,
            due_at=now,
            now=now,
        )
        if delivery_id is None:
            return None
        return Claim(
            delivery_id, silence.user_id, silence.chat_id, MessageKind.nudge(kind), slot, now
        )

    def _quiet_for(self, silence: Silence) -> QuietHours:
        if silence.quiet_start is None or silence.quiet_end is None:
            return self._quiet_hours
        return QuietHours(silence.quiet_start, silence.quiet_end)

    async def _reclaim(self) -> reminders.TakenUp:
        now = self._clock.now()
        async with self._sessionmaker() as session, session.begin():
            return await reminders.reclaim_abandoned(
                session,
                claimed_before=self._claimed_before(now),
                due_after=now - self._grace,
                now=now,
                limit=self._batch_size,
            )

    async def _deliver_all(self, claimed: list[Claim]) -> DispatchReport:
        """Render the batch, then send it one message at a time (see _send_in_turn)."""
        if not claimed:
            return DispatchReport()
        async with self._sessionmaker() as session:
            messages = await self._compose(session, claimed)
        unrendered = [
            SendingOutcome(claim.delivery_id, None, NOT_RENDERED)
            for claim in claimed
            if claim.delivery_id not in messages
        ]
        ready = [(c, messages[c.delivery_id]) for c in claimed if c.delivery_id in messages]
        report = await self._send_in_turn(ready, unrendered)
        return report + DispatchReport(failed=len(unrendered))

    async def _send_in_turn(
        self, ready: list[tuple[Claim, OutgoingMessage]], unrendered: list[SendingOutcome]
    ) -> DispatchReport:
        """Send one message at a time, each marked in the ledger just before it goes.

        The transaction that runs while a message travels records the outcome of the one
        before and marks the one after: at any moment at most two messages are marked and not
        completed, so a crash leaves at most two in doubt (the next process records them so;
        DESIGN 3). A mark is a compare-and-set, so a claim another process marked first is
        skipped, never sent twice. A stop (stop(), or a cancelled job) records what it knows
        and takes the marks back from what did not leave, which goes at once after the
        restart. When a send certainly failed for want of Telegram, the pass ends: the rest of
        the batch is handed back, to be tried again with the one that failed.
        """
        ids = [claim.delivery_id for claim, _ in ready]
        marked = await self._record(unrendered, [], starting=ids[:1])
        report = DispatchReport()
        done: list[SendingOutcome] = []
        blocked: list[int] = []
        for position, (claim, message) in enumerate(ready):
            following = ids[position + 1 : position + 2]
            if claim.delivery_id not in marked:
                marked = await self._record(done, blocked, starting=following)
                done, blocked = [], []
                continue
            if self._stopping:
                await self._record(done, blocked, starting=[], not_started=[claim.delivery_id])
                return report
            recording = asyncio.create_task(self._record(done, blocked, starting=following))
            done, blocked = [], []
            try:
                result = await self._send(claim, message)
            except asyncio.CancelledError:
                # Cancelled while this one travels: its fate is unknown, the next one's is not.
                await recording
                await self._record([], [], starting=[], not_started=following)
                raise
            outcome = self._outcome(claim, result)
            done.append(outcome)
            if result.status is SendStatus.BLOCKED:
                blocked.append(claim.user_id)
            report += _counted(outcome)
            marked = await recording
            if result.status is SendStatus.NOT_SENT:
                self._unreachable = True
                rest = ids[position + 1 :]
                retry_at = outcome.retry_at or self._clock.now() + RETRY_FIRST
                await self._record(
                    done, blocked, starting=[], not_started=rest, retry_not_started_at=retry_at
                )
                return report + DispatchReport(retrying=len(rest))
        await self._record(done, blocked, starting=[])
        return report

    def _outcome(self, claim: Claim, result: SendResult) -> SendingOutcome:
        """What the ledger records for a send that ended."""
        if result.status is SendStatus.SENT:
            return SendingOutcome(claim.delivery_id, result.message_id, None)
        log.warning("message %d not delivered: %s", claim.delivery_id, result.status)
        if result.status is SendStatus.IN_DOUBT:
            return SendingOutcome(claim.delivery_id, None, result.error, DeliveryStatus.IN_DOUBT)
        if result.status is SendStatus.NOT_SENT:
            again = retry_time(claim, now=self._clock.now(), grace=self._grace)
            if again is not None:
                return SendingOutcome(
                    claim.delivery_id, None, result.error, DeliveryStatus.CLAIMED, again
                )
            return SendingOutcome(claim.delivery_id, None, f"{NOT_SENT_IN_TIME}: {result.error}")
        return SendingOutcome(claim.delivery_id, None, result.error or str(result.status))

    async def _send(self, claim: Claim, message: OutgoingMessage) -> SendResult:
        try:
            return await self._sender.send(claim.chat_id, message)
        except Exception as error:
            # One bad recipient never stops the batch. Nothing says the message did not leave.
            log.exception("sending message %d failed", claim.delivery_id)
            return SendResult(SendStatus.IN_DOUBT, error=f"unexpected {type(error).__name__}")

    async def _record(
        self,
        finished: list[SendingOutcome],
        blocked: list[int],
        *,
        starting: list[int],
        not_started: list[int] | None = None,
        retry_not_started_at: datetime | None = None,
    ) -> set[int]:
        """Complete the sends that ended, mark the next ones as started, block who blocked us.

        Returns the ids this call marked.
        """
        async with self._sessionmaker() as session, session.begin():
            marked = await reminders.record_sending(
                session,
                finished=finished,
                starting=starting,
                not_started=not_started or [],
                retry_not_started_at=retry_not_started_at,
                now=self._clock.now(),
            )
            for user_id in blocked:
                await users.mark_blocked(session, user_id=user_id)
        return marked


def _counted(outcome: SendingOutcome) -> DispatchReport:
    status = outcome.final_status
    return DispatchReport(
        sent=int(status is DeliveryStatus.SENT),
        failed=int(status is DeliveryStatus.FAILED),
        in_doubt=int(status is DeliveryStatus.IN_DOUBT),
        retrying=int(status is DeliveryStatus.CLAIMED),
    )
