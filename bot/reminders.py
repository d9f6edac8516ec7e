"""How scheduled messages read: reminders with the day's routine, and the nudge ladder's notes."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup

from bot import keyboards
from bot.coaching import DayRecord, day_in_phase, day_records, phase_of, track_of
from bot.keyboards import SessionRef
from bot.rendering import MAX_MESSAGE_LENGTH, telegram_length
from bot.routines import render_routine
from bot.texts import nudge as nudge_texts
from bot.texts import weekly as weekly_texts
from rehab.weekly import Logged, summarize
from scheduler.nudges import NudgeKind, missed_word_due
from scheduler.sending import OutgoingMessage
from scheduler.summaries import SUMMARY
from storage import check_ins, plans, reminders
from storage.plans import PlanState
from storage.reminders import NUDGE, Claim

log = logging.getLogger(__name__)

WEEK = timedelta(weeks=1)
ROUTINE_KINDS = (reminders.REMINDER, reminders.SNOOZED)


async def compose(session: AsyncSession, claims: Sequence[Claim]) -> dict[int, OutgoingMessage]:
    """Render claimed messages, by delivery id, reading what they need in a few statements.

    A claim that cannot be rendered is logged and left out; the others go out all the same.
    """
    routines = [claim for claim in claims if claim.kind in ROUTINE_KINDS]
    states = await plans.plan_states(session, {claim.user_id for claim in routines})
    planned = [(states[claim.user_id], claim) for claim in routines if claim.user_id in states]
    records = await day_records(
        session, {(state, claim.session_ref[0]) for state, claim in planned}
    )
    reminded = await reminders.reminded_slots(
        session, {_slot_before(state, claim) for state, claim in planned}
    )
    messages: dict[int, OutgoingMessage] = {}
    for claim in claims:
        try:
            if claim.kind.startswith(NUDGE):
                message = _nudge(NudgeKind(claim.kind.removeprefix(NUDGE)))
            elif claim.kind == SUMMARY:
                message = await _summary(session, claim)
            else:
                state = states[claim.user_id]  # a KeyError if the person has no plan
                record = records[state.user_id, claim.session_ref[0]]
                reminded_before = _slot_before(state, claim) in reminded
                message = _reminder(claim, state, record, previous_reminded=reminded_before)
        except Exception:
            log.exception("composing message %d failed", claim.delivery_id)
            continue
        messages[claim.delivery_id] = message
    return messages


def _reminder(
    claim: Claim, state: PlanState, record: DayRecord, *, previous_reminded: bool
) -> OutgoingMessage:
    """The routine of the session, under a heading with a word if the one before was missed."""
    ref = SessionRef(*claim.session_ref)
    html, markup = render_routine(state, record, ref)
    heading = nudge_texts.SNOOZED if claim.kind == reminders.SNOOZED else nudge_texts.REMINDER
    previous = _session_before(state, ref)
    outcome = {entry.session: entry.outcome for entry in record.on(previous.day)}.get(
        previous.session
    )
    if missed_word_due(
        previous_slot_planned=previous_reminded or outcome is not None, previous_outcome=outcome
    ):
        heading += "\n" + nudge_texts.MISSED_WORD
    html = f"{heading}\n\n{html}"
    if telegram_length(html) > MAX_MESSAGE_LENGTH:
        raise ValueError("a reminder must fit one message")
    return OutgoingMessage(html, _with_reminder_buttons(markup, ref))


def _slot_before(state: PlanState, claim: Claim) -> tuple[int, str]:
    """The person and slot key of the session before the claimed one."""
    previous = _session_before(state, SessionRef(*claim.session_ref))
    return state.user_id, reminders.slot_key(previous.day, previous.session)


def _session_before(state: PlanState, ref: SessionRef) -> SessionRef:
    """The session before this one: the day's first, or the last of the day before."""
    if ref.session == 2:
        return SessionRef(ref.day, 1)
    return SessionRef(ref.day - timedelta(days=1), state.sessions_per_day)


def _with_reminder_buttons(markup: InlineKeyboardMarkup, ref: SessionRef) -> InlineKeyboardMarkup:
    """Add snooze and skip-today under a reminder's routine buttons."""
    return InlineKeyboardMarkup([*markup.inline_keyboard, keyboards.snooze_row(ref)])


async def _summary(session: AsyncSession, claim: Claim) -> OutgoingMessage:
    """The weekly summary of the ISO week named by the slot, e.g. 2026-W48."""
    state = await plans.plan_state(session, user_id=claim.user_id)
    if state is None:
        raise LookupError(f"user {claim.user_id} has a summary but no plan")
    year, week = claim.slot.split("-W")
    monday = date.fromisocalendar(int(year), int(week), 1)
    logged = await check_ins.logged_between(
        session, user_id=state.user_id, since=monday - timedelta(weeks=2), until=monday + WEEK
    )
    summary = summarize(
        [Logged(entry.local_date, entry.outcome, entry.pain) for entry in logged],
        week_of=monday,
        sessions_per_day=state.sessions_per_day,
        started_on=state.onboarded_on,
    )
    sunday = monday + WEEK - timedelta(days=1)
    html = weekly_texts.weekly_summary(
        summary,
        track=track_of(state),
        phase=phase_of(state),
        day_in_phase=day_in_phase(state, sunday),
    )
    return OutgoingMessage(html, None)


def _nudge(kind: NudgeKind) -> OutgoingMessage:
    markup = keyboards.offer_pause_keyboard() if kind is NudgeKind.OFFER_PAUSE else None
    return OutgoingMessage(nudge_texts.NUDGES[kind], markup)
