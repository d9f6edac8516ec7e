"""How scheduled messages read: reminders with the day's routine, weekly summaries and nudges."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import encouragement
from bot.texts import maintenance as maintenance_texts
from bot.texts import nudge as nudge_texts
from bot.texts import safety as safety_texts
from bot.texts import weekly as weekly_texts
from bot.views import keyboards
from bot.views.routine_message import MAX_MESSAGE_LENGTH, render_routine, telegram_length
from coach.scheduled import Due, HoldCheckDue, NudgeDue, RoutineDue, SummaryDue, prepare
from scheduler.nudges import NudgeKind
from scheduler.sending import OutgoingMessage
from storage.reminders import Claim

log = logging.getLogger(__name__)


async def compose(session: AsyncSession, claims: Sequence[Claim]) -> dict[int, OutgoingMessage]:
    """Render claimed messages, by delivery id, reading what they need in a few statements.

    A claim that cannot be rendered is logged and left out; the others go out all the same.
    """
    messages: dict[int, OutgoingMessage] = {}
    for delivery_id, due in (await prepare(session, claims)).items():
        try:
            messages[delivery_id] = render(due)
        except Exception:
            log.exception("composing message %d failed", delivery_id)
    return messages


def render(due: Due) -> OutgoingMessage:
    """One scheduled message as it goes out."""
    if isinstance(due, RoutineDue):
        return _reminder(due)
    if isinstance(due, SummaryDue):
        html = weekly_texts.weekly_summary(
            due.summary,
            track=due.track,
            phase=due.phase,
            day_in_phase=due.day_in_phase,
            on_hold=due.on_hold,
            suggest_provider=due.suggest_provider,
            limit=due.limit,
            word=encouragement.say(due.word),
        )
        markup = keyboards.found_provider_keyboard() if due.suggest_provider else None
        return OutgoingMessage(html, markup)
    if isinstance(due, HoldCheckDue):
        return OutgoingMessage(safety_texts.ASK_SEEN, keyboards.seen_keyboard())
    return _nudge(due)


def _reminder(due: RoutineDue) -> OutgoingMessage:
    """The routine of the session, under a heading with a word if the one before was missed."""
    html, markup = render_routine(due.session, reminder=True)
    heading = nudge_texts.SNOOZED if due.snoozed else nudge_texts.REMINDER
    if due.weekly:
        heading = maintenance_texts.WEEKLY_HEADING
    if due.missed_word is not None:
        heading += "\n" + encouragement.say(due.missed_word)
    html = f"{heading}\n\n{html}"
    if telegram_length(html) > MAX_MESSAGE_LENGTH:
        raise ValueError("a reminder must fit one message")
    return OutgoingMessage(html, keyboards.with_snooze_row(markup, due.session.ref))


def _nudge(due: NudgeDue) -> OutgoingMessage:
    markup = keyboards.offer_pause_keyboard() if due.kind is NudgeKind.OFFER_PAUSE else None
    return OutgoingMessage(nudge_texts.NUDGES[due.kind], markup)
