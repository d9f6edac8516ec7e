"""Storage queries on a real database (SQLite file, and PostgreSQL when configured)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rehab.injury import Onset, SessionOutcome
from storage import check_ins, conversations, users
from storage.check_ins import SaveResult
from storage.models import CheckIn, Schedule, UserStatus
from tests.factories import new_user_id, onboarded_user

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
DAY = date(2026, 11, 25)


async def test_onboarding_answers_are_kept_and_finish_activates(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Each onboarding answer is stored as given, and finishing creates one schedule row."""
    user_id = new_user_id()
    async with sessionmaker() as session, session.begin():
        await users.start_onboarding(session, user_id=user_id, chat_id=user_id, now=NOW)
        await users.save_onset(session, user_id=user_id, onset=Onset.GRADUAL)
        await users.save_timezone(session, user_id=user_id, zone_name="Asia/Kolkata")
        await users.save_injury_date(session, user_id=user_id, day=date(2026, 11, 1))
        await users.finish_onboarding(
            session,
            user_id=user_id,
            slots=[(time(7, 30), NOW)],
            today=NOW.date(),
            now=NOW,
        )
    async with sessionmaker() as session:
        user = await users.get_user(session, user_id)
        times = await users.reminder_times(session, user_id=user_id)
    assert user is not None
    assert (user.status, user.onset, user.timezone) == (
        UserStatus.ACTIVE,
        Onset.GRADUAL,
        "Asia/Kolkata",
    )
    assert user.injury_date == date(2026, 11, 1)
    assert user.onboarded_at == NOW
    assert times == [time(7, 30)]


async def test_finishing_without_answers_is_refused(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Onboarding cannot finish while a question is unanswered."""
    user_id = new_user_id()
    async with sessionmaker() as session, session.begin():
        await users.start_onboarding(session, user_id=user_id, chat_id=user_id, now=NOW)
        with pytest.raises(LookupError):
            await users.finish_onboarding(
                session,
                user_id=user_id,
                slots=[(time(7), NOW)],
                today=NOW.date(),
                now=NOW,
            )


async def test_starting_over_clears_the_plan(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Starting onboarding again forgets the old answers and reminder slots."""
    user_id = await onboarded_user(sessionmaker, now=NOW)
    async with sessionmaker() as session, session.begin():
        await users.start_onboarding(session, user_id=user_id, chat_id=user_id, now=NOW)
    async with sessionmaker() as session:
        user = await users.get_user(session, user_id)
        schedules = await session.scalar(
            select(func.count()).select_from(Schedule).where(Schedule.user_id == user_id)
        )
    assert user is not None
    assert (user.status, user.onset, user.timezone) == (UserStatus.ONBOARDING, None, None)
    assert schedules == 0


async def test_a_check_in_is_one_row_per_day_and_session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Logging the same session again updates its row; identical input changes nothing."""
    user_id = await onboarded_user(sessionmaker, now=NOW)
    results = []
    for outcome, pain in [
        (SessionOutcome.PARTLY, 4),
        (SessionOutcome.DONE, 2),
        (SessionOutcome.DONE, 2),
    ]:
        async with sessionmaker() as session, session.begin():
            results.append(
                await check_ins.record_check_in(
                    session,
                    user_id=user_id,
                    local_date=DAY,
                    session_number=1,
                    outcome=outcome,
                    pain=pain,
                    now=NOW,
                )
            )
    async with sessionmaker() as session:
        logged = await check_ins.check_ins_on(session, user_id=user_id, local_date=DAY)
        rows = await session.scalar(select(func.count()).select_from(CheckIn))
    assert results == [SaveResult.CREATED, SaveResult.UPDATED, SaveResult.UNCHANGED]
    assert rows == 1
    assert [(x.outcome, x.pain) for x in logged] == [(SessionOutcome.DONE, 2)]


async def test_pain_outside_the_scale_is_refused(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """A pain value outside 0-10 never reaches the table."""
    user_id = await onboarded_user(sessionmaker, now=NOW)
    async with sessionmaker() as session, session.begin():
        with pytest.raises(ValueError, match="0-10"):
            await check_ins.record_check_in(
                session,
                user_id=user_id,
                local_date=DAY,
                session_number=1,
                outcome=SessionOutcome.DONE,
                pain=11,
                now=NOW,
            )


async def test_blocking_and_coming_back(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """A person who blocked the bot is active again after they return."""
    user_id = await onboarded_user(sessionmaker, now=NOW)
    async with sessionmaker() as session, session.begin():
        await users.mark_blocked(session, user_id=user_id)
    async with sessionmaker() as session:
        blocked = await users.get_user(session, user_id)
    async with sessionmaker() as session, session.begin():
        await users.reactivate(session, user_id=user_id, chat_id=user_id)
    async with sessionmaker() as session:
        back = await users.get_user(session, user_id)
    assert blocked is not None
    assert blocked.status is UserStatus.BLOCKED
    assert back is not None
    assert back.status is UserStatus.ACTIVE


async def test_conversation_states_round_trip_and_end(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """A stored conversation state is read back, and ending the conversation removes it."""
    async with sessionmaker() as session, session.begin():
        await conversations.save_state(
            session, name="onboarding", key="[1, 1]", state='"zone"', now=NOW
        )
        await conversations.save_state(
            session, name="onboarding", key="[2, 2]", state='"onset"', now=NOW
        )
    async with sessionmaker() as session, session.begin():
        await conversations.save_state(
            session, name="onboarding", key="[1, 1]", state='"injury_date"', now=NOW
        )
        await conversations.save_state(
            session, name="onboarding", key="[2, 2]", state=None, now=NOW
        )
    async with sessionmaker() as session:
        states = await conversations.load_states(session, name="onboarding")
    assert states == {"[1, 1]": '"injury_date"'}
