"""The protocol's storage: phase, pain history, mornings and flags, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Connection, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from coach import day_record
from rehab.injury import SessionOutcome
from rehab.pain import MorningResponse
from storage import activity, check_ins, plans, reminders
from storage.engine import create_engine
from storage.history import person_history
from storage.migrations import alembic_config, upgrade_to_head
from storage.models import FlagKind, PhaseChangeReason, Schedule
from tests.conftest import MakeDatabaseUrl
from tests.factories import onboarded_user

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
DAY = date(2026, 11, 25)


async def log(
    sessionmaker: async_sessionmaker[AsyncSession],
    user_id: int,
    day: date,
    number: int,
    *,
    outcome: SessionOutcome,
    pain: int | None,
    at: datetime,
) -> None:
    async with sessionmaker.begin() as session:
        await check_ins.record_check_in(
            session,
            user_id=user_id,
            local_date=day,
            session_number=number,
            outcome=outcome,
            pain=pain,
            now=at,
        )


async def test_onboarding_starts_phase_1_and_phase_changes_are_kept(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """A new plan starts in phase 1 today; advancing moves it, completing only records it."""
    user_id = await onboarded_user(sessionmaker, now=NOW)
    async with sessionmaker() as session:
        state = await plans.plan_state(session, user_id=user_id)
    assert state is not None
    assert (state.phase, state.phase_started_on, state.sessions_per_day) == (1, DAY, 1)
    assert (state.pain_limit, state.phase_changed_at) == (None, NOW)

    later = NOW + timedelta(days=6)
    async with sessionmaker.begin() as session:
        for reason, to_phase in ((PhaseChangeReason.ADVANCE, 2), (PhaseChangeReason.COMPLETE, 2)):
            await plans.change_phase(
                session,
                user_id=user_id,
                to_phase=to_phase,
                reason=reason,
                local_date=later.date(),
                now=later,
            )
    async with sessionmaker() as session:
        state = await plans.plan_state(session, user_id=user_id)
        history = await person_history(session, user_id=user_id)
    assert state is not None
    assert (state.phase, state.phase_started_on, state.phase_changed_at) == (
        2,
        later.date(),
        later,
    )
    assert history is not None
    assert [(step.from_phase, step.to_phase, step.reason) for step in history.phase_steps] == [
        (None, 1, PhaseChangeReason.START),
        (1, 2, PhaseChangeReason.ADVANCE),
        (2, 2, PhaseChangeReason.COMPLETE),
    ]


async def test_previous_pain_is_the_last_session_before_logged_after_an_instant(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Sessions order by day then number; those logged before the instant do not count."""
    user_id = await onboarded_user(sessionmaker, now=NOW)
    yesterday = DAY - timedelta(days=1)
    await log(sessionmaker, user_id, yesterday, 1, outcome=SessionOutcome.DONE, pain=2, at=NOW)
    await log(sessionmaker, user_id, yesterday, 2, outcome=SessionOutcome.DONE, pain=5, at=NOW)
    await log(sessionmaker, user_id, DAY, 1, outcome=SessionOutcome.SKIPPED, pain=None, at=NOW)
    await log(sessionmaker, user_id, DAY, 2, outcome=SessionOutcome.DONE, pain=6, at=NOW)
    async with sessionmaker() as session:
        before_today_2 = await check_ins.previous_pain(
            session, user_id=user_id, logged_after=NOW - timedelta(hours=1), before=(DAY, 2)
        )
        before_yesterday_2 = await check_ins.previous_pain(
            session, user_id=user_id, logged_after=NOW - timedelta(hours=1), before=(yesterday, 2)
        )
        after_now = await check_ins.previous_pain(
            session, user_id=user_id, logged_after=NOW, before=(DAY, 2)
        )
    assert (before_today_2, before_yesterday_2, after_now) == (5, 2, None)


async def test_full_session_days_count_first_sessions_done_or_partly(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Only a done or partly first session marks a day as done, within the range asked."""
    user_id = await onboarded_user(sessionmaker, now=NOW)
    other = await onboarded_user(sessionmaker, now=NOW)
    days = [DAY + timedelta(days=n) for n in range(5)]
    await log(sessionmaker, user_id, days[0], 1, outcome=SessionOutcome.DONE, pain=1, at=NOW)
    await log(sessionmaker, user_id, days[1], 1, outcome=SessionOutcome.PARTLY, pain=1, at=NOW)
    await log(sessionmaker, user_id, days[2], 1, outcome=SessionOutcome.SKIPPED, pain=None, at=NOW)
    await log(sessionmaker, user_id, days[3], 2, outcome=SessionOutcome.DONE, pain=1, at=NOW)
    await log(sessionmaker, user_id, days[4], 1, outcome=SessionOutcome.DONE, pain=1, at=NOW)
    await log(sessionmaker, other, days[3], 1, outcome=SessionOutcome.DONE, pain=1, at=NOW)
    async with sessionmaker() as session:
        states = await plans.plan_states(session, [user_id, other])
        records = await day_record.day_records(
            session, [(states[user_id], days[4]), (states[other], days[2])]
        )
    mine, theirs = records[user_id, days[4]], records[other, days[2]]
    assert mine.full_session_days(since=days[0]) == {days[0], days[1]}
    assert mine.full_session_days(since=days[1]) == {days[1]}
    assert [(e.local_date, e.session) for e in mine.on(days[4])] == [(days[4], 1)]
    assert theirs.full_session_days(since=days[0]) == set(), "another person's days stay theirs"
    assert theirs.on(days[3]) == [], "nothing after the record's day"


async def test_a_day_record_holds_the_phase_so_far_and_the_day_before(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Check-ins from before the current phase are left out, except the day before."""
    early, moved = (
        await onboarded_user(sessionmaker, now=NOW),
        await onboarded_user(sessionmaker, now=NOW),
    )
    days = [DAY + timedelta(days=n) for n in range(6)]
    for person in (early, moved):
        for day in days:
            await log(sessionmaker, person, day, 1, outcome=SessionOutcome.DONE, pain=1, at=NOW)
    async with sessionmaker.begin() as session:
        await plans.change_phase(
            session,
            user_id=moved,
            to_phase=2,
            reason=PhaseChangeReason.ADVANCE,
            local_date=days[3],
            now=NOW + timedelta(days=3),
        )
    async with sessionmaker() as session:
        states = await plans.plan_states(session, [early, moved])
        records = await day_record.day_records(
            session, [(states[early], days[5]), (states[moved], days[5]), (states[moved], days[3])]
        )
    logged_days = {key: [e.local_date for e in r.logged] for key, r in records.items()}
    assert logged_days[early, days[5]] == days
    assert logged_days[moved, days[5]] == days[3:]
    assert logged_days[moved, days[3]] == days[2:4], "the day before the phase began, and the day"


async def test_endurance_minutes_attach_to_a_logged_session_only(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Minutes need a logged session and stay within 0-300."""
    user_id = await onboarded_user(sessionmaker, now=NOW)
    await log(sessionmaker, user_id, DAY, 1, outcome=SessionOutcome.DONE, pain=1, at=NOW)
    async with sessionmaker.begin() as session:
        assert await check_ins.record_endurance(
            session, user_id=user_id, local_date=DAY, session_number=1, minutes=35
        )
        assert not await check_ins.record_endurance(
            session, user_id=user_id, local_date=DAY, session_number=2, minutes=35
        )
        with pytest.raises(ValueError, match="0-300"):
            await check_ins.record_endurance(
                session, user_id=user_id, local_date=DAY, session_number=1, minutes=301
            )
    async with sessionmaker() as session:
        latest = await check_ins.latest_check_in(session, user_id=user_id, since=DAY)
    assert latest is not None
    assert (latest.session, latest.endurance_minutes) == (1, 35)


async def test_a_morning_answer_is_one_row_per_day_and_can_be_corrected(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Answering twice on a day keeps the last answer; older answers can be filtered by time."""
    user_id = await onboarded_user(sessionmaker, now=NOW)
    for day, response, at in (
        (DAY, MorningResponse.WORSE, NOW),
        (DAY + timedelta(days=1), MorningResponse.SAME, NOW + timedelta(days=1)),
        (DAY + timedelta(days=1), MorningResponse.BETTER, NOW + timedelta(days=1, minutes=1)),
    ):
        async with sessionmaker.begin() as session:
            await check_ins.record_morning(
                session, user_id=user_id, local_date=day, response=response, now=at
            )
    async with sessionmaker() as session:
        every = await check_ins.mornings_since(session, user_id=user_id, since=DAY)
        recent = await check_ins.mornings_since(
            session, user_id=user_id, since=DAY, answered_after=NOW
        )
    assert [(r.day, r.response) for r in every] == [
        (DAY, MorningResponse.WORSE),
        (DAY + timedelta(days=1), MorningResponse.BETTER),
    ]
    assert [r.response for r in recent] == [MorningResponse.BETTER]


async def test_safety_flags_are_kept_with_their_detail(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """A flag is stored with its kind, day and detail."""
    user_id = await onboarded_user(sessionmaker, now=NOW)
    async with sessionmaker.begin() as session:
        await plans.record_flag(
            session, user_id=user_id, kind=FlagKind.RED_FLAG, local_date=DAY, now=NOW, detail="x"
        )
    async with sessionmaker() as session:
        row = (
            await session.execute(
                text("SELECT kind, detail FROM safety_flags WHERE user_id = :u"), {"u": user_id}
            )
        ).one()
    assert tuple(row) == ("red_flag", "x")


def _upgrade_to(connection: Connection, revision: str) -> None:
    command.upgrade(alembic_config(connection), revision)


async def test_people_set_up_before_the_protocol_start_in_phase_1(
    make_database_url: MakeDatabaseUrl,
) -> None:
    """Upgrading from the first schema puts set-up people in phase 1 from their setup day."""
    engine: AsyncEngine = create_engine(await make_database_url())
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade_to, "0001")
            await connection.execute(
                text(
                    "INSERT INTO users (id, chat_id, status, created_at, onboarded_at) VALUES "
                    "(1, 1, 'active', :at, :at), (2, 2, 'onboarding', :at, NULL)"
                ),
                {"at": NOW},
            )
        await upgrade_to_head(engine)
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    text("SELECT id, phase, phase_started_on FROM users ORDER BY id")
                )
            ).all()
    finally:
        await engine.dispose()
    assert [(r[0], r[1], str(r[2]) if r[2] else None) for r in rows] == [
        (1, 1, "2026-11-25"),
        (2, None, None),
    ]


async def test_paused_and_lapsed_people_leave_nothing_due(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Pausing or lapsing parks a person's slots, so an idle dispatcher pass finds nothing."""
    paused = await onboarded_user(sessionmaker, now=NOW)
    lapsed = await onboarded_user(sessionmaker, now=NOW)
    later = NOW + timedelta(days=30)
    async with sessionmaker.begin() as session:
        await activity.pause(session, user_id=paused, now=NOW, until=None)
        await activity.set_next_look(session, user_id=lapsed, at=None, lapsed_at=NOW)
        due = await reminders.due_work(session, now=later, claimed_before=later)
        parked = await session.scalars(select(Schedule.next_due_at))
        assert set(parked) == {reminders.PARKED}
    assert not due
