"""One person's history for /progress and /report, read back on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rehab.injury import SessionOutcome
from rehab.pain import MorningReport, MorningResponse
from rehab.progress_rules import PhaseMove, SessionLog, Slot
from storage import check_ins, history, plans, reminders, users
from storage.history import FlagRecord
from storage.models import FlagKind, PhaseChangeReason
from tests.factories import onboarded_user

# 23:30 UTC is already the next day in Auckland: the set-up day is the person's local date.
NOW = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
DAY = date(2026, 11, 25)
ZONE = "Pacific/Auckland"


async def test_history_holds_sessions_mornings_phases_flags_and_unanswered_reminders(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Reminders sent or missed with nothing logged are unanswered; failed or logged ones not."""
    user_id = await onboarded_user(
        sessionmaker, now=NOW, zone=ZONE, reminder=time(7, 0), injury_date=DAY - timedelta(days=2)
    )
    later = NOW + timedelta(days=2)
    async with sessionmaker.begin() as session:
        for day, number, outcome, pain in (
            (DAY, 1, SessionOutcome.DONE, 2),
            (DAY + timedelta(days=1), 1, SessionOutcome.SKIPPED, None),
        ):
            await check_ins.record_check_in(
                session,
                user_id=user_id,
                local_date=day,
                session_number=number,
                outcome=outcome,
                pain=pain,
                now=later,
            )
        await check_ins.record_endurance(
            session, user_id=user_id, local_date=DAY, session_number=1, minutes=30
        )
        await check_ins.record_morning(
            session,
            user_id=user_id,
            local_date=DAY + timedelta(days=1),
            response=MorningResponse.WORSE,
            now=later,
        )
        await plans.change_phase(
            session,
            user_id=user_id,
            to_phase=1,
            reason=PhaseChangeReason.COMPLETE,
            local_date=DAY + timedelta(days=1),
            now=later,
        )
        await plans.record_flag(
            session,
            user_id=user_id,
            kind=FlagKind.STEP_BACK,
            local_date=DAY + timedelta(days=1),
            now=later,
            detail="morning",
        )
        slots = {
            "sent, logged": (DAY, False, None),
            "missed, not logged": (DAY + timedelta(days=2), True, None),
            "sent, not logged": (DAY + timedelta(days=3), False, None),
            "failed": (DAY + timedelta(days=4), False, "Forbidden"),
            "claimed, not sent yet": (DAY + timedelta(days=5), False, "-"),
        }
        for day, missed, error in slots.values():
            delivery = await reminders.claim(
                session,
                user_id=user_id,
                kind=reminders.MessageKind.REMINDER,
                slot=reminders.slot_key(day, 1),
                due_at=later,
                now=later,
                missed=missed,
            )
            if delivery is not None and error != "-":
                await reminders.record_sending(
                    session, finished=[reminders.SendingOutcome(delivery, 1, error)], now=later
                )
    async with sessionmaker() as session:
        past = await history.person_history(session, user_id=user_id)
    assert past is not None
    activity = past.activity
    assert activity.started_on == DAY
    assert past.injury_date == DAY - timedelta(days=2)
    assert activity.sessions == (
        SessionLog(DAY, 1, SessionOutcome.DONE, 2, 30),
        SessionLog(DAY + timedelta(days=1), 1, SessionOutcome.SKIPPED, None, None),
    )
    assert activity.mornings == (MorningReport(DAY + timedelta(days=1), MorningResponse.WORSE),)
    assert activity.phase_moves == (PhaseMove(DAY, 1),), "a completion is not a move"
    assert [step.reason for step in past.phase_steps] == [
        PhaseChangeReason.START,
        PhaseChangeReason.COMPLETE,
    ]
    assert activity.unanswered == (
        Slot(DAY + timedelta(days=2), 1),
        Slot(DAY + timedelta(days=3), 1),
    )
    assert past.flags == (FlagRecord(DAY + timedelta(days=1), FlagKind.STEP_BACK, "morning"),)


async def test_no_history_before_set_up_is_finished(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Someone unknown, or still answering the setup questions, has no history yet."""
    async with sessionmaker.begin() as session:
        await users.start_onboarding(session, user_id=424242, chat_id=424242, now=NOW)
    async with sessionmaker() as session:
        assert await history.person_history(session, user_id=424242) is None
        assert await history.person_history(session, user_id=424243) is None
