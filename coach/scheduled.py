"""What scheduled messages need: each claimed reminder, summary or nudge, read in few statements."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from coach.day_record import DayRecord, SessionRef, day_records, session_before
from coach.days_off import days_off, hold_spans
from coach.plan_position import day_in_phase, pain_limit, phase_of, track_of
from coach.today import SessionPlan
from rehab.encouragement import Situation, Word, day_by_day, in_run, week_word
from rehab.protocol import Phase, Track
from rehab.weekly import Logged, WeekSummary, summarize, week_start
from scheduler.nudges import NudgeKind, missed_word_due
from storage import check_ins, history, plans, reminders
from storage.plans import PlanState
from storage.reminders import Claim, MessageKind

log = logging.getLogger(__name__)

WEEK = timedelta(weeks=1)
# How long the weekly summary reminds someone without a physio why one helps.
PROVIDER_SUGGESTED_FOR = timedelta(weeks=6)
ROUTINE_KINDS = (MessageKind.REMINDER, MessageKind.SNOOZED, MessageKind.MAINTENANCE)


@dataclass(frozen=True)
class RoutineDue:
    """A reminder of one session: its routine, whether it was snoozed, and the missed word."""

    session: SessionPlan
    snoozed: bool
    # Which word about missed sessions the reminder carries (an ordinal: the view cycles its
    # lines by it), or None for none.
    missed_word: Word | None
    # The weekly maintenance session after the programme.
    weekly: bool = False


@dataclass(frozen=True)
class SummaryDue:
    """A weekly summary: the week's numbers and where the person is in their plan."""

    summary: WeekSummary
    track: Track
    phase: Phase
    day_in_phase: int
    on_hold: bool
    # In the first weeks, someone with no physio hears why one helps.
    suggest_provider: bool
    limit: int | None = None
    # The summary's word for the numbers (rehab.encouragement.week_word), if any.
    word: Word | None = None


@dataclass(frozen=True)
class HoldCheckDue:
    """While the plan is on hold: ask whether a professional has seen the person."""


@dataclass(frozen=True)
class NudgeDue:
    """A note of the nudge ladder."""

    kind: NudgeKind


Due = RoutineDue | SummaryDue | NudgeDue | HoldCheckDue


async def prepare(session: AsyncSession, claims: Sequence[Claim]) -> dict[int, Due]:
    """Read what each claimed message needs, by delivery id.

    A claim that cannot be prepared is logged and left out; the others go out all the same.
    """
    routines = [claim for claim in claims if claim.kind in ROUTINE_KINDS]
    states = await plans.plan_states(session, {claim.user_id for claim in routines})
    planned = [(states[claim.user_id], claim) for claim in routines if claim.user_id in states]
    records = await day_records(
        session, {(state, claim.session_ref[0]) for state, claim in planned}
    )
    reminded = await reminders.reminded_slots(
        session,
        {_slot_before(state, claim) for state, claim in planned}
        | {slot for state, _ in planned for slot in _setup_slots(state)},
    )
    prepared: dict[int, Due] = {}
    for claim in claims:
        try:
            rung = claim.kind.rung
            if rung is not None:
                due: Due = NudgeDue(NudgeKind(rung))
            elif claim.kind is MessageKind.HOLD_CHECK:
                due = HoldCheckDue()
            elif claim.kind is MessageKind.SUMMARY:
                due = await _summary(session, claim)
            else:
                state = states[claim.user_id]  # a KeyError if the person has no plan
                if state.on_hold:
                    # Claimed just before the hold began: the question goes instead.
                    due = HoldCheckDue()
                else:
                    record = records[state.user_id, claim.session_ref[0]]
                    due = _routine(
                        claim,
                        state,
                        record,
                        previous_reminded=_slot_before(state, claim) in reminded,
                        setup_day_reminded=not reminded.isdisjoint(_setup_slots(state)),
                    )
        except Exception:
            log.exception("preparing message %d failed", claim.delivery_id)
            continue
        prepared[claim.delivery_id] = due
    return prepared


def _routine(
    claim: Claim,
    state: PlanState,
    record: DayRecord,
    *,
    previous_reminded: bool,
    setup_day_reminded: bool,
) -> RoutineDue:
    """The session's routine, and whether the session before it was missed."""
    ref = SessionRef(*claim.session_ref)
    previous = session_before(ref, sessions_per_day=state.sessions_per_day)
    outcome = {entry.session: entry.outcome for entry in record.on(previous.day)}.get(
        previous.session
    )
    snoozed = claim.kind is MessageKind.SNOOZED
    # Weekly maintenance has no daily sessions to miss; a snoozed reminder said it already.
    missed = (
        not snoozed
        and state.maintenance_since is None
        and missed_word_due(
            previous_slot_planned=previous_reminded or outcome is not None, previous_outcome=outcome
        )
    )
    return RoutineDue(
        SessionPlan(state, record, ref),
        snoozed=snoozed,
        weekly=claim.kind is MessageKind.MAINTENANCE,
        missed_word=(
            in_run(Situation.MISSED, _missed_in_phase(state, record, ref, setup_day_reminded))
            if missed
            else None
        ),
    )


def _missed_in_phase(
    state: PlanState, record: DayRecord, ref: SessionRef, setup_day_reminded: bool
) -> list[bool]:
    """The sessions of the phase before ``ref`` (since setup, if later), oldest first: True for
    one missed or skipped. A day missed whole counts once: "Skip today" is one miss. The day of
    setup counts only if it was reminded or logged: a routine that came with the setup alone is
    no session missed, so the first miss is the next day's."""
    first_day = max(state.phase_started_on, state.onboarded_on)
    done = {
        (entry.local_date, entry.session)
        for entry in record.logged
        if entry.outcome in check_ins.DONE_OUTCOMES
    }
    logged_on = {entry.local_date for entry in record.logged}
    days: dict[date, list[bool]] = {}
    earlier = session_before(ref, sessions_per_day=state.sessions_per_day)
    while earlier.day >= first_day:
        if earlier.day != state.onboarded_on or setup_day_reminded or earlier.day in logged_on:
            days.setdefault(earlier.day, []).insert(0, (earlier.day, earlier.session) not in done)
        earlier = session_before(earlier, sessions_per_day=state.sessions_per_day)
    return day_by_day(days)


def _setup_slots(state: PlanState) -> set[tuple[int, str]]:
    """The person and slot keys of the sessions of their setup day."""
    return {
        (state.user_id, reminders.slot_key(state.onboarded_on, session))
        for session in range(1, state.sessions_per_day + 1)
    }


def _slot_before(state: PlanState, claim: Claim) -> tuple[int, str]:
    """The person and slot key of the session before the claimed one."""
    ref = SessionRef(*claim.session_ref)
    previous = session_before(ref, sessions_per_day=state.sessions_per_day)
    return state.user_id, reminders.slot_key(previous.day, previous.session)


async def _summary(session: AsyncSession, claim: Claim) -> SummaryDue:
    """The weekly summary of the ISO week named by the slot, e.g. 2026-W48."""
    state = await plans.plan_state(session, user_id=claim.user_id)
    if state is None:
        raise LookupError(f"user {claim.user_id} has a summary but no plan")
    year, week = claim.slot.split("-W")
    monday = date.fromisocalendar(int(year), int(week), 1)
    logged = await check_ins.logged_between(
        session, user_id=state.user_id, since=monday - timedelta(weeks=2), until=monday + WEEK
    )
    sunday = monday + WEEK - timedelta(days=1)
    holds = hold_spans(
        await history.flag_records(session, user_id=state.user_id), open_since=state.hold_day
    )
    summary = summarize(
        [Logged(entry.local_date, entry.outcome, entry.pain) for entry in logged],
        week_of=monday,
        sessions_per_day=state.sessions_per_day,
        started_on=state.onboarded_on,
        limit=pain_limit(state),
        off_days=days_off(
            holds,
            await history.pause_records(session, user_id=state.user_id),
            zone=state.timezone,
            until=sunday,
        ),
    )
    early = sunday - state.onboarded_on < PROVIDER_SUGGESTED_FOR
    return SummaryDue(
        summary,
        track_of(state),
        phase_of(state),
        day_in_phase(state, sunday),
        state.on_hold,
        suggest_provider=early and not state.has_provider,
        limit=pain_limit(state),
        word=week_word(summary.praise, week=(monday - week_start(state.onboarded_on)).days // 7),
    )
