"""Putting many people into a migrated database at once, as onboarding would have left them.

A few template people are onboarded through the same storage calls the tests' factory uses, so
every row onboarding writes (user, schedule, phase history, ...) is there as the product writes
it. Their rows are then copied with core bulk inserts, one copy per person, each with its own
id, chat and due instant; the templates themselves are removed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, Table, delete, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from coach import setup
from coach.work import Work
from rehab.injury import Onset
from scheduler.quiet_hours import QuietHours
from storage import users
from storage.engine import create_sessionmaker
from storage.models import Base, ConversationState, Delivery, DeliveryStatus, User
from storage.reminders import MessageKind, slot_key

# The emulator hands out user ids from here, one after the other; a private chat has its
# user's id, so person i of the database is the emulator's i-th user.
FIRST_USER_ID = 100_000_001

# A spread of zones, with half- and quarter-hour offsets, in which 12:00 UTC (when the throughput
# benchmarks make everyone due) is a daytime hour people pick for their session.
ZONES = tuple(
    ZoneInfo(name)
    for name in (
        "America/New_York",
        "America/Halifax",
        "America/Sao_Paulo",
        "Europe/London",
        "Europe/Paris",
        "Africa/Lagos",
        "Europe/Helsinki",
        "Africa/Nairobi",
        "Asia/Dubai",
        "Asia/Kolkata",
        "Asia/Kathmandu",
        "Asia/Singapore",
    )
)
ONSETS = (Onset.SUDDEN, Onset.GRADUAL)
TEMPLATES = len(ZONES) * len(ONSETS)
_ABANDONED_TEMPLATE_ID = TEMPLATES + 1

SECOND_SESSION_LATER = timedelta(hours=8)

# Rows per INSERT call; SQLAlchemy splits further to respect each driver's parameter limits.
_CHUNK = 10_000

Row = dict[str, Any]

USERS = Base.metadata.tables[User.__tablename__]


async def load_people(
    engine: AsyncEngine,
    *,
    count: int,
    next_due: Callable[[int], datetime],
    now: datetime,
    history_days: int = 0,
    abandoned_onboardings: int = 0,
) -> None:
    """Insert `count` onboarded people whose one daily reminder i is next due at next_due(i).

    They finished onboarding history_days + 1 days before now, and the reminders of the last
    history_days days were sent. abandoned_onboardings adds people who stopped after the first
    onboarding question, whose conversation state the database keeps.
    """
    onboarded_at = now - timedelta(days=history_days + 1)
    await _onboard_templates(engine, onboarded_at)
    async with engine.begin() as connection:
        template_rows = await _rows_of(connection, list(range(1, _ABANDONED_TEMPLATE_ID + 1)))
        copies = _copies(template_rows, count, next_due)
        copies[Delivery.__tablename__] = _history(count, next_due, history_days)
        for name, rows in _abandoned(template_rows, count, abandoned_onboardings, now).items():
            copies.setdefault(name, []).extend(rows)
        await connection.execute(delete(User).where(User.id <= _ABANDONED_TEMPLATE_ID))
        for table in Base.metadata.sorted_tables:
            rows = copies.get(table.name, [])
            for start in range(0, len(rows), _CHUNK):
                await connection.execute(insert(table), rows[start : start + _CHUNK])
    if engine.dialect.name == "postgresql":
        # A real database gets its planner statistics from autovacuum long before it holds
        # this many rows; a bulk load right before measuring has not had that yet.
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("ANALYZE"))


async def _onboard_templates(engine: AsyncEngine, onboarded_at: datetime) -> None:
    """Onboard one template person per zone and onset, and one who stopped halfway."""
    sessionmaker = create_sessionmaker(engine)
    for index in range(TEMPLATES):
        zone = ZONES[index % len(ZONES)]
        local_day = onboarded_at.astimezone(zone).date()
        # Through the coach's own setup, as a person answering the questions would be set up.
        async with sessionmaker() as session, session.begin():
            work = Work(session, now=onboarded_at, default_quiet=QuietHours())
            person = index + 1
            injured = local_day - timedelta(days=index % 5)
            await setup.begin(work, user_id=person, chat_id=person)
            await setup.save_onset(work, user_id=person, onset=ONSETS[index // len(ZONES)])
            await setup.save_zone(work, user_id=person, zone=zone)
            await setup.save_injury_date(work, user_id=person, read=lambda _, day=injured: day)
            reminder = onboarded_at.astimezone(zone).time().replace(second=0, microsecond=0)
            await setup.finish(work, user_id=person, times=(reminder,))
    async with sessionmaker() as session, session.begin():
        await users.start_onboarding(
            session,
            user_id=_ABANDONED_TEMPLATE_ID,
            chat_id=_ABANDONED_TEMPLATE_ID,
            now=onboarded_at,
        )
        await users.save_onset(session, user_id=_ABANDONED_TEMPLATE_ID, onset=Onset.SUDDEN)


async def _rows_of(connection: AsyncConnection, user_ids: list[int]) -> dict[str, list[Row]]:
    """Return every row of the given people, by table: their user row and rows pointing to it."""
    rows: dict[str, list[Row]] = {}
    for table in _people_tables():
        key = table.c.id if table is USERS else table.c.user_id
        result = await connection.execute(select(table).where(key.in_(user_ids)))
        rows[table.name] = [dict(row._mapping) for row in result]
    return rows


def _copies(
    template_rows: dict[str, list[Row]], count: int, next_due: Callable[[int], datetime]
) -> dict[str, list[Row]]:
    """Copy template i % TEMPLATES's rows for each person i, with their own ids and due time."""
    copies: dict[str, list[Row]] = {}
    for table in _people_tables():
        by_template: dict[int, list[Row]] = {}
        for row in template_rows[table.name]:
            owner = row["id"] if table is USERS else row["user_id"]
            by_template.setdefault(owner, []).append(_without_generated_key(table, row))
        rows = copies.setdefault(table.name, [])
        for index in range(count):
            person = FIRST_USER_ID + index
            zone = ZONES[index % len(ZONES)]
            due = next_due(index)
            for row in by_template.get(index % TEMPLATES + 1, []):
                copy = _owned_by(table, row, person)
                if table.name == "schedules":
                    # A second daily session, if onboarding made one, comes later in the day.
                    at = due + SECOND_SESSION_LATER * (copy["session"] - 1)
                    copy["next_due_at"] = at
                    copy["local_time"] = at.astimezone(zone).time().replace(tzinfo=None)
                if table is USERS:
                    _active_yesterday(copy, due)
                rows.append(copy)
    return copies


def _active_yesterday(person: Row, due: datetime) -> None:
    """Make the person last seen an hour after yesterday's reminder, so no nudge is due."""
    if "last_active_at" in person:
        person["last_active_at"] = due - timedelta(days=1) + timedelta(hours=1)
        if "next_nudge_at" in person:
            # The nudge ladder first looks at a person two days after they were last seen.
            person["next_nudge_at"] = person["last_active_at"] + timedelta(hours=48)


def _history(count: int, next_due: Callable[[int], datetime], days: int) -> list[Row]:
    """Return the ledger rows of reminders sent on each of the last `days` days."""
    rows = []
    for index in range(count):
        zone = ZONES[index % len(ZONES)]
        for days_back in range(1, days + 1):
            earlier = next_due(index) - timedelta(days=days_back)
            rows.append(
                {
                    "user_id": FIRST_USER_ID + index,
                    "kind": MessageKind.REMINDER,
                    "slot": slot_key(_local_date(earlier, zone), 1),
                    "status": DeliveryStatus.SENT,
                    "due_at": earlier,
                    "claimed_at": earlier,
                    "completed_at": earlier + timedelta(seconds=1),
                    "attempts": 1,
                    "telegram_message_id": days_back,
                }
            )
    return rows


def _abandoned(
    template_rows: dict[str, list[Row]], first: int, count: int, now: datetime
) -> dict[str, list[Row]]:
    """Copy the half-onboarded template, with the conversation state PTB stored for each."""
    template = next(row for row in template_rows[USERS.name] if row["id"] == _ABANDONED_TEMPLATE_ID)
    people = []
    states = []
    for index in range(count):
        person = FIRST_USER_ID + first + index
        people.append(_owned_by(USERS, template, person))
        # PTB keys a conversation by (chat id, user id); the persistence stores both as JSON.
        states.append(
            {
                "name": "onboarding",
                "key": json.dumps([person, person]),
                "state": json.dumps("zone"),
                "updated_at": now,
            }
        )
    return {USERS.name: people, ConversationState.__tablename__: states}


def _people_tables() -> Sequence[Table]:
    """Return the users table and every table whose rows belong to one person."""
    return [
        table
        for table in Base.metadata.sorted_tables
        if table is USERS or ("user_id" in table.c and table.c.user_id.references(USERS.c.id))
    ]


def _owned_by(table: Table, row: Row, person: int) -> Row:
    if table is USERS:
        return row | {"id": person, "chat_id": person}
    return row | {"user_id": person}


def _without_generated_key(table: Table, row: Row) -> Row:
    """Drop a surrogate integer key the database numbers itself."""
    generated = {
        column.name
        for column in table.primary_key.columns
        if isinstance(column.type, Integer)
        and column.autoincrement in (True, "auto")
        and not column.foreign_keys
    }
    if table is USERS:
        generated.clear()
    return {name: value for name, value in row.items() if name not in generated}


def _local_date(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()
