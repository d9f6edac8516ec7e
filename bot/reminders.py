"""How scheduled messages read: reminders with the day's routine, and the nudge ladder's notes."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup

from bot import keyboards
from bot.coaching import day_in_phase, phase_of, track_of
from bot.keyboards import SessionRef
from bot.rendering import MAX_MESSAGE_LENGTH, telegram_length
from bot.routines import routine_message
from bot.texts import nudge as nudge_texts
from bot.texts import weekly as weekly_texts
from rehab.weekly import Logged, summarize
from scheduler.nudges import NudgeKind, missed_word_due
from scheduler.sending import OutgoingMessage
from scheduler.summaries import SUMMARY
from storage import check_ins, plans, reminders
from storage.plans import PlanState
from storage.reminders import NUDGE, Claim

WEEK = timedelta(weeks=1)


async def compose(session: AsyncSession, claim: Claim) -> OutgoingMessage:
    """Render one claimed message by its kind."""
    if claim.kind.startswith(NUDGE):
        return _nudge(NudgeKind(claim.kind.removeprefix(NUDGE)))
    if claim.kind == SUMMARY:
        return await _summary(session, claim)
    state = await plans.plan_state(session, user_id=claim.user_id)
    if state is None:
        raise LookupError(f"user {claim.user_id} has a reminder but no plan")
    day, number = claim.session_ref
    ref = SessionRef(day, number)
    html, markup = await routine_message(session, state, ref)
    heading = nudge_texts.SNOOZED if claim.kind == reminders.SNOOZED else nudge_texts.REMINDER
    if await _previous_session_missed(session, state, ref):
        heading += "\n" + nudge_texts.MISSED_WORD
    html = f"{heading}\n\n{html}"
    if telegram_length(html) > MAX_MESSAGE_LENGTH:
        raise ValueError("a reminder must fit one message")
    return OutgoingMessage(html, _with_reminder_buttons(markup, ref))


async def _previous_session_missed(
    session: AsyncSession, state: PlanState, ref: SessionRef
) -> bool:
    """Whether the session before this one was skipped, or reminded and then not logged."""
    if ref.session == 2:
        previous = SessionRef(ref.day, 1)
    else:
        previous = SessionRef(ref.day - timedelta(days=1), state.sessions_per_day)
    planned = await reminders.was_reminded(
        session, user_id=state.user_id, slot=reminders.slot_key(previous.day, previous.session)
    )
    logged = {
        entry.session: entry.outcome
        for entry in await check_ins.check_ins_on(
            session, user_id=state.user_id, local_date=previous.day
        )
    }
    outcome = logged.get(previous.session)
    return missed_word_due(
        previous_slot_planned=planned or outcome is not None, previous_outcome=outcome
    )


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
