"""A person's data read out and deleted on a real database (SQLite, and PostgreSQL when set)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import Column, Integer, Table, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rehab.injury import SessionOutcome
from rehab.pain import MorningResponse
from storage import personal_data
from storage.models import (
    Base,
    CheckIn,
    ConversationState,
    Delivery,
    DeliveryStatus,
    FlagKind,
    MorningCheck,
    PainLimitChange,
    Pause,
    PendingMessage,
    PhaseCheck,
    SafetyFlag,
    SetupDraft,
)
from tests.factories import new_user_id, onboarded_user
from tests.ownership import counts, rows_of

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
DAY = date(2026, 11, 25)

Maker = async_sessionmaker[AsyncSession]


async def person_everywhere(sessionmaker: Maker, *, user_id: int | None = None) -> int:
    """Onboard a person and give them rows in every table the bot has."""
    user_id = await onboarded_user(sessionmaker, now=NOW, zone="America/New_York", user_id=user_id)
    async with sessionmaker() as session, session.begin():
        session.add_all(
            [
                CheckIn(
                    user_id=user_id,
                    local_date=DAY,
                    session=1,
                    outcome=SessionOutcome.DONE,
                    pain=4,
                    endurance_minutes=20,
                    created_at=NOW,
                    updated_at=NOW + timedelta(minutes=5),
                ),
                MorningCheck(
                    user_id=user_id,
                    local_date=DAY + timedelta(days=1),
                    response=MorningResponse.SAME,
                    created_at=NOW + timedelta(days=1),
                ),
                SafetyFlag(
                    user_id=user_id,
                    local_date=DAY,
                    kind=FlagKind.PAIN_STOP,
                    detail="pain 7",
                    at=NOW,
                ),
                PendingMessage(
                    user_id=user_id,
                    kind="snooze",
                    slot="20261125-1",
                    due_at=NOW + timedelta(hours=1),
                ),
                Delivery(
                    user_id=user_id,
                    kind="reminder",
                    slot="20261125-1",
                    status=DeliveryStatus.SENT,
                    due_at=NOW,
                    claimed_at=NOW,
                    completed_at=NOW,
                    attempts=1,
                    telegram_message_id=77,
                ),
                SetupDraft(user_id=user_id, timezone="Europe/Paris", started_at=NOW),
                Pause(user_id=user_id, started_at=NOW, ends_at=NOW + timedelta(days=3)),
                PainLimitChange(user_id=user_id, local_date=DAY, pain_limit=2, at=NOW),
                PhaseCheck(
                    user_id=user_id,
                    local_date=DAY,
                    phase=1,
                    answers="walks_pain_free=yes",
                    outcome="advanced",
                    at=NOW,
                ),
                ConversationState(
                    name="onboarding",
                    key=json.dumps([user_id, user_id]),
                    state='"zone"',
                    updated_at=NOW,
                ),
                ConversationState(
                    name="settings",
                    key=json.dumps([user_id, user_id]),
                    state='"quiet"',
                    updated_at=NOW,
                ),
            ]
        )
    return user_id


async def test_every_table_is_tied_to_a_person_or_declared_impersonal(
    sessionmaker: Maker,
) -> None:
    """Each table of the schema is covered, and the test person has rows in all the covered ones."""
    ana = await person_everywhere(sessionmaker)
    covered = {table.name for table in personal_data.personal_tables()}
    for table in Base.metadata.sorted_tables:
        assert table.name in covered or table.name in personal_data.NOT_PERSONAL, table.name
    async with sessionmaker() as session:
        counts = await personal_data.count_rows(session, user_id=ana)
    assert set(counts) == covered
    empty = [name for name, count in counts.items() if count == 0]
    assert empty == [], "give the test person rows in every table, so forget is checked there"


async def test_export_returns_exactly_the_persons_rows(sessionmaker: Maker) -> None:
    """Every row about the person and none about anyone else, values as stored."""
    ana = await person_everywhere(sessionmaker)
    bo = await person_everywhere(sessionmaker)
    async with sessionmaker() as session:
        exported = await personal_data.export_rows(session, user_id=ana)
    assert exported == await rows_of(sessionmaker, ana)
    assert exported != await rows_of(sessionmaker, bo)
    check_in = exported["check_ins"][0]
    assert (check_in["pain"], check_in["outcome"], check_in["updated_at"]) == (
        4,
        SessionOutcome.DONE,
        NOW + timedelta(minutes=5),
    )
    assert exported["users"][0]["timezone"] == "America/New_York"
    assert exported["schedules"][0]["local_time"] == time(8, 0)
    assert [row["name"] for row in exported["conversation_states"]] == ["onboarding", "settings"]
    assert personal_data.table_columns()["check_ins"][:3] == ["id", "user_id", "local_date"]


async def test_forget_leaves_nothing_of_the_person_and_keeps_everyone_else(
    sessionmaker: Maker,
) -> None:
    """After forget the person has zero rows in every table; the other person has all theirs."""
    ana = await person_everywhere(sessionmaker)
    bo = await person_everywhere(sessionmaker)
    before_ana = await rows_of(sessionmaker, ana)
    before_bo = await rows_of(sessionmaker, bo)
    async with sessionmaker() as session, session.begin():
        deleted = await personal_data.forget(session, user_id=ana)
    assert deleted == counts(before_ana)
    assert counts(await rows_of(sessionmaker, ana)) == dict.fromkeys(before_ana, 0)
    assert await rows_of(sessionmaker, bo) == before_bo
    async with sessionmaker() as session:
        assert not any((await personal_data.count_rows(session, user_id=ana)).values())
    async with sessionmaker() as session, session.begin():
        again = await personal_data.forget(session, user_id=ana)
    assert not any(again.values()), "a second forget finds nothing and does not fail"


async def test_conversation_keys_match_whole_ids_only(sessionmaker: Maker) -> None:
    """A key naming a longer id that starts with the person's digits is not theirs."""
    ana = new_user_id()
    longer = ana * 10 + 7
    async with sessionmaker() as session, session.begin():
        for key in (json.dumps([longer, longer]), json.dumps([ana, ana]), "not json"):
            session.add(ConversationState(name="onboarding", key=key, state="1", updated_at=NOW))
    async with sessionmaker() as session:
        exported = await personal_data.export_rows(session, user_id=ana)
        in_progress = await personal_data.has_conversation_in_progress(session, user_id=ana)
        other = await personal_data.has_conversation_in_progress(session, user_id=new_user_id())
    assert [row["key"] for row in exported["conversation_states"]] == [json.dumps([ana, ana])]
    assert (in_progress, other) == (True, False)
    async with sessionmaker() as session, session.begin():
        deleted = await personal_data.forget(session, user_id=ana)
    assert deleted["conversation_states"] == 1
    async with sessionmaker() as session:
        left = await session.scalars(select(ConversationState.key).order_by(ConversationState.key))
        assert list(left) == [json.dumps([longer, longer]), "not json"]


async def test_a_table_nobody_said_is_personal_or_not_stops_export_and_forget(
    sessionmaker: Maker,
) -> None:
    """Rather than leave data behind while saying it is gone, forget refuses to run."""
    ana = await person_everywhere(sessionmaker)
    notes = Table("notes", Base.metadata, Column("id", Integer, primary_key=True))
    try:
        async with sessionmaker() as session:
            with pytest.raises(personal_data.UncoveredTableError, match="notes"):
                await personal_data.forget(session, user_id=ana)
            with pytest.raises(personal_data.UncoveredTableError):
                await personal_data.export_rows(session, user_id=ana)
            await session.commit()
    finally:
        Base.metadata.remove(notes)
    async with sessionmaker() as session:
        assert all((await personal_data.count_rows(session, user_id=ana)).values())
