"""The migrations: they build exactly the models' schema, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, delete, func, insert, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from rehab.injury import SessionOutcome
from storage.engine import create_engine
from storage.migrations import alembic_config, migrating, upgrade_to_head
from storage.models import (
    Base,
    CheckIn,
    ConversationState,
    Delivery,
    DeliveryStatus,
    Schedule,
    User,
    UserStatus,
)
from tests.conftest import MakeDatabaseUrl

NOW = datetime(2026, 4, 1, 6, 0, tzinfo=UTC)
PROJECT_ROOT = Path(__file__).resolve().parents[2]

# What each application process does at start-up, run in a separate interpreter: Alembic keeps
# per-command state in module globals, so only separate processes show real concurrency.
UPGRADE_PROCESS = """
import asyncio, sys
from storage.engine import create_engine
from storage.migrations import upgrade_to_head

async def main() -> None:
    engine = create_engine(sys.argv[1])
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()

asyncio.run(main())
"""


@pytest.fixture
async def empty_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """Give an engine on a database no migration has touched."""
    engine = create_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


def _head() -> str | None:
    """Return the newest revision shipped in the package."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _current_revision(connection: Connection) -> str | None:
    """Return the revision the database is stamped with."""
    return MigrationContext.configure(connection).get_current_revision()


def _table_names(connection: Connection) -> set[str]:
    """Return the names of the tables in the database."""
    return set(inspect(connection).get_table_names())


def _schema_differences(connection: Connection) -> list[Any]:
    """Return what autogenerate would change to make the database match the models."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _normalise_sql(sql: str) -> str:
    """Drop whitespace and outer parentheses, which backends add or keep as they please."""
    return re.sub(r"[\s()]", "", sql).lower()


def _named_constraints(connection: Connection) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """Describe each model table's named constraints and indexes as the database reports them."""
    inspector = inspect(connection)
    described: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
    for table in sorted(Base.metadata.tables):
        foreign_keys = inspector.get_foreign_keys(table)
        described[table] = {
            "primary key": [(inspector.get_pk_constraint(table)["name"],)],
            "checks": sorted(
                (check["name"], _normalise_sql(check["sqltext"]))
                for check in inspector.get_check_constraints(table)
            ),
            "uniques": sorted(
                (unique["name"], tuple(unique["column_names"]))
                for unique in inspector.get_unique_constraints(table)
            ),
            "foreign keys": sorted(
                (
                    key["name"],
                    tuple(key["constrained_columns"]),
                    key["referred_table"],
                    key["options"].get("ondelete"),
                )
                for key in foreign_keys
            ),
            "indexes": sorted(
                (index["name"], tuple(index["column_names"]), index["unique"])
                for index in inspector.get_indexes(table)
            ),
        }
    return described


def _create_all(connection: Connection) -> None:
    """Build the models' schema directly, without migrations."""
    Base.metadata.create_all(connection)


def _rebuild_users_table(connection: Connection) -> None:
    """Copy the users table into a new one and drop the old, as SQLite batch migrations do."""
    operations = Operations(MigrationContext.configure(connection))
    with operations.batch_alter_table("users", recreate="always"):
        pass


def _downgrade_to_base(connection: Connection) -> None:
    """Undo every migration."""
    command.downgrade(alembic_config(connection), "base")


async def test_upgrade_creates_every_model_table(empty_engine: AsyncEngine) -> None:
    """Upgrading an empty database creates every table of the models and stamps the head."""
    await upgrade_to_head(empty_engine)

    async with empty_engine.connect() as connection:
        tables = await connection.run_sync(_table_names)
        revision = await connection.run_sync(_current_revision)
    assert tables == {*Base.metadata.tables, "alembic_version"}
    assert revision == _head()


async def test_upgrade_twice_keeps_schema_and_rows(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """Upgrading an already migrated database changes nothing and keeps its rows."""
    async with sessionmaker.begin() as session:
        session.add(User(id=1, chat_id=1, status=UserStatus.ACTIVE, created_at=NOW))

    await upgrade_to_head(engine)

    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1
    async with engine.connect() as connection:
        assert await connection.run_sync(_current_revision) == _head()


async def test_two_processes_upgrading_at_once_both_succeed(database_url: str) -> None:
    """Two processes upgrading the same empty database at once both end at head without errors."""
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            UPGRADE_PROCESS,
            database_url,
            cwd=PROJECT_ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        for _ in range(2)
    ]
    outputs = await asyncio.gather(*(process.communicate() for process in processes))

    for process, (output, _) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, output.decode()
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_current_revision) == _head()
            assert await connection.run_sync(_schema_differences) == []
    finally:
        await engine.dispose()


async def test_migrations_match_models(engine: AsyncEngine) -> None:
    """Autogenerate finds no difference between the migrated database and the models."""
    async with engine.connect() as connection:
        assert await connection.run_sync(_schema_differences) == []


async def test_migrations_name_constraints_like_the_models(
    engine: AsyncEngine, make_database_url: MakeDatabaseUrl
) -> None:
    """Checks, keys and indexes carry the same names and rules as the models would create."""
    reference = create_engine(await make_database_url())
    try:
        async with reference.begin() as connection:
            await connection.run_sync(_create_all)
        async with reference.connect() as connection:
            expected = await connection.run_sync(_named_constraints)
    finally:
        await reference.dispose()

    async with engine.connect() as connection:
        migrated = await connection.run_sync(_named_constraints)

    assert migrated == expected
    # Autogenerate does not compare checks, so make sure they exist at all.
    assert [name for name, _ in migrated["check_ins"]["checks"]] == [
        "ck_check_ins_endurance_range",
        "ck_check_ins_pain_range",
        "ck_check_ins_session_outcome",
    ]


async def test_downgrade_removes_everything_and_upgrade_rebuilds(engine: AsyncEngine) -> None:
    """Downgrading to base drops every model table, and upgrading again restores them."""
    async with engine.begin() as connection:
        await connection.run_sync(_downgrade_to_base)
    async with engine.connect() as connection:
        assert await connection.run_sync(_table_names) == {"alembic_version"}

    await upgrade_to_head(engine)

    async with engine.connect() as connection:
        assert await connection.run_sync(_table_names) == {*Base.metadata.tables, "alembic_version"}


async def test_deleting_a_user_cascades_to_their_rows(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Deleting a user removes their schedules, check-ins and deliveries, and no one else's."""
    async with sessionmaker.begin() as session:
        for user_id in (1, 2):
            session.add(User(id=user_id, chat_id=user_id, status=UserStatus.ACTIVE, created_at=NOW))
        await session.flush()
        for user_id in (1, 2):
            session.add_all(
                [
                    Schedule(user_id=user_id, session=1, local_time=time(7), next_due_at=NOW),
                    CheckIn(
                        user_id=user_id,
                        local_date=date(2026, 4, 1),
                        session=1,
                        outcome=SessionOutcome.DONE,
                        pain=2,
                        created_at=NOW,
                        updated_at=NOW,
                    ),
                    Delivery(
                        user_id=user_id,
                        kind="routine",
                        slot="2026-04-01/1",
                        status=DeliveryStatus.SENT,
                        due_at=NOW,
                        claimed_at=NOW,
                    ),
                ]
            )
        session.add(ConversationState(name="checkin", key="1", state="{}", updated_at=NOW))

    async with sessionmaker.begin() as session:
        await session.execute(delete(User).where(User.id == 1))

    async with sessionmaker() as session:
        for model in (Schedule, CheckIn, Delivery):
            owners = (await session.scalars(select(model.user_id))).all()
            assert owners == [2], model.__name__
        # Conversation states are keyed by name and key, not tied to a user row.
        assert await session.scalar(select(func.count()).select_from(ConversationState)) == 1


async def test_sqlite_table_rebuild_in_a_migration_keeps_child_rows(tmp_path: Path) -> None:
    """Rebuilding a parent table inside a migration keeps its children, and checks come back on."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'rehab.sqlite3'}")
    try:
        await upgrade_to_head(engine)
        async with engine.begin() as connection:
            await connection.execute(
                insert(User).values(id=1, chat_id=1, status=UserStatus.ACTIVE, created_at=NOW)
            )
            await connection.execute(
                insert(Schedule).values(user_id=1, session=1, local_time=time(7), next_due_at=NOW)
            )

        # With foreign keys on, dropping the old users table would cascade to schedules.
        async with migrating(engine) as connection:
            await connection.run_sync(_rebuild_users_table)

        async with engine.connect() as connection:
            assert await connection.scalar(select(func.count()).select_from(Schedule)) == 1
            foreign_keys = await connection.exec_driver_sql("PRAGMA foreign_keys")
            assert foreign_keys.scalar() == 1
    finally:
        await engine.dispose()


def _upgrade_to_0006(connection: Connection) -> None:
    """Build the schema as it was before setup drafts."""
    command.upgrade(alembic_config(connection), "0006")


def _downgrade_to_0006(connection: Connection) -> None:
    """Undo the setup drafts."""
    command.downgrade(alembic_config(connection), "0006")


async def test_a_half_done_first_setup_moves_into_a_draft_and_back(
    empty_engine: AsyncEngine,
) -> None:
    """Answers given before 0007 carry on as a draft (with the parked first time), and go back
    into the users row on a downgrade; someone set up gets no draft."""
    async with migrating(empty_engine) as connection:
        await connection.run_sync(_upgrade_to_0006)
    async with empty_engine.begin() as connection:
        await connection.exec_driver_sql(
            "INSERT INTO users (id, chat_id, status, onset, timezone, pain_limit, created_at) "
            "VALUES (1, 1, 'onboarding', 'gradual', 'Europe/Paris', 4, '2026-04-01 06:00:00')"
        )
        await connection.exec_driver_sql(
            "INSERT INTO users (id, chat_id, status, onset, timezone, created_at, onboarded_at) "
            "VALUES (2, 2, 'active', 'sudden', 'Europe/London', "
            "'2026-04-01 06:00:00', '2026-04-01 06:00:00')"
        )
        await connection.exec_driver_sql(
            "INSERT INTO schedules (user_id, session, local_time, next_due_at) "
            "VALUES (1, 1, '07:15:00', '9999-12-31 00:00:00')"
        )

    await upgrade_to_head(empty_engine)
    async with empty_engine.connect() as connection:
        drafts = (
            await connection.exec_driver_sql(
                "SELECT user_id, onset, timezone, pain_limit, first_time FROM setup_drafts"
            )
        ).all()
    assert [tuple(str(value) for value in row) for row in drafts] == [
        ("1", "gradual", "Europe/Paris", "4", "07:15:00")
    ]

    async with empty_engine.begin() as connection:
        await connection.exec_driver_sql(
            "UPDATE setup_drafts SET timezone = 'Asia/Tokyo', injury_date = '2026-03-30'"
        )
    async with migrating(empty_engine) as connection:
        await connection.run_sync(_downgrade_to_0006)
    async with empty_engine.connect() as connection:
        assert "setup_drafts" not in await connection.run_sync(_table_names)
        rows = (
            await connection.exec_driver_sql(
                "SELECT id, timezone, injury_date FROM users ORDER BY id"
            )
        ).all()
    assert [tuple(str(value) for value in row) for row in rows] == [
        ("1", "Asia/Tokyo", "2026-03-30"),
        ("2", "Europe/London", "None"),
    ]


def _upgrade_to_0007(connection: Connection) -> None:
    """Build the schema as it was before pauses were kept."""
    command.upgrade(alembic_config(connection), "0007")


async def test_a_running_pause_is_kept_as_history(empty_engine: AsyncEngine) -> None:
    """Someone paused when 0008 runs gets a pause row ending when their pause ends; nobody
    else gets one."""
    async with migrating(empty_engine) as connection:
        await connection.run_sync(_upgrade_to_0007)
    async with empty_engine.begin() as connection:
        for user_id, status, until in (
            (1, "paused", datetime(2026, 4, 9, 6, tzinfo=UTC)),
            (2, "paused", None),
            (3, "active", None),
        ):
            await connection.execute(
                text(
                    "INSERT INTO users (id, chat_id, status, paused_until, created_at) "
                    "VALUES (:id, :id, :status, :until, :created)"
                ),
                {"id": user_id, "status": status, "until": until, "created": NOW},
            )

    await upgrade_to_head(empty_engine)
    async with empty_engine.connect() as connection:
        rows = (
            await connection.exec_driver_sql(
                "SELECT user_id, ends_at IS NULL, started_at IS NOT NULL FROM pauses "
                "ORDER BY user_id"
            )
        ).all()
    assert [tuple(bool(value) if i else value for i, value in enumerate(row)) for row in rows] == [
        (1, False, True),
        (2, True, True),
    ]
