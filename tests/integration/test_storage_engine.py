"""The engine: SQLite pragmas and locking, URL forms, and UTC instants on both backends."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import stat
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.engine import create_engine, create_sessionmaker, normalize_url
from storage.migrations import upgrade_to_head
from storage.models import User, UserStatus

CREATED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _user(user_id: int, *, created_at: datetime = CREATED) -> User:
    """Build a minimal user row."""
    return User(id=user_id, chat_id=user_id, status=UserStatus.ONBOARDING, created_at=created_at)


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """Give a migrated SQLite engine on a file in a folder that does not exist yet."""
    engine = create_engine(f"sqlite:///{tmp_path / 'missing' / 'folder' / 'rehab.sqlite3'}")
    try:
        await upgrade_to_head(engine)
        yield engine
    finally:
        await engine.dispose()


def _sqlite_path(engine: AsyncEngine) -> Path:
    """Return the file behind a SQLite engine."""
    assert engine.url.database is not None
    return Path(engine.url.database)


async def test_sqlite_file_is_in_wal_mode_with_foreign_keys(sqlite_engine: AsyncEngine) -> None:
    """A SQLite connection runs in WAL mode with foreign keys enforced and a busy timeout."""
    async with sqlite_engine.connect() as connection:
        journal_mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
        foreign_keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        busy_timeout = (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar()
    assert journal_mode == "wal"
    assert foreign_keys == 1
    assert busy_timeout == 5000
    assert _sqlite_path(sqlite_engine).is_file()


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """Run with the common umask 022, under which new files would be world-readable."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("permissive_umask")
async def test_sqlite_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    """The database file and its -wal and -shm companions are created 0600, its folder 0700."""
    database = tmp_path / "new-folder" / "rehab.sqlite3"
    engine = create_engine(f"sqlite:///{database}")
    try:
        await upgrade_to_head(engine)
        async with engine.begin() as connection:
            await connection.execute(
                insert(User).values(id=1, chat_id=1, status=UserStatus.ACTIVE, created_at=CREATED)
            )
        # The -wal and -shm files exist while a connection is open.
        async with engine.connect():
            modes = {
                path.name: stat.S_IMODE(path.stat().st_mode) for path in database.parent.iterdir()
            }
    finally:
        await engine.dispose()
    assert modes == {
        "rehab.sqlite3": 0o600,
        "rehab.sqlite3-wal": 0o600,
        "rehab.sqlite3-shm": 0o600,
    }
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700


@pytest.mark.usefixtures("permissive_umask")
async def test_an_existing_world_readable_database_is_reported_not_changed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A database file made before (0644) is left as it is, with a warning saying what to do."""
    database = tmp_path / "rehab.sqlite3"
    sqlite3.connect(database).close()
    database.chmod(0o644)
    engine = create_engine(f"sqlite:///{database}")
    await engine.dispose()
    assert stat.S_IMODE(database.stat().st_mode) == 0o644
    assert "can be read by other users (mode 644); `chmod 600` it" in caplog.text


async def test_a_transaction_waits_out_a_lock_held_past_the_busy_timeout(
    sqlite_engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    """Another connection holding the write lock longer than the busy timeout delays a
    transaction: it asks again and commits once the lock is let go."""
    caplog.set_level(logging.INFO, logger="storage.engine")
    other = sqlite3.connect(_sqlite_path(sqlite_engine), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    loop = asyncio.get_running_loop()
    refused = asyncio.Event()

    class OnRefusal(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "locked by another process" in record.getMessage():
                loop.call_soon_threadsafe(refused.set)

    watcher = OnRefusal()
    logging.getLogger("storage.engine").addHandler(watcher)
    try:
        writing = asyncio.create_task(_insert_user(sqlite_engine, 1))
        # The busy timeout ran out once; the transaction is still waiting, not failed.
        await asyncio.wait_for(refused.wait(), timeout=30)
        assert not writing.done()
    finally:
        other.execute("COMMIT")
        other.close()
        logging.getLogger("storage.engine").removeHandler(watcher)
    await asyncio.wait_for(writing, timeout=30)
    async with sqlite_engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(User)) == 1
    assert "the SQLite database is free again after" in caplog.text


async def _insert_user(engine: AsyncEngine, user_id: int) -> None:
    """Add one user in a transaction of its own."""
    async with engine.begin() as connection:
        await connection.execute(
            insert(User).values(
                id=user_id, chat_id=user_id, status=UserStatus.ACTIVE, created_at=CREATED
            )
        )


async def test_sqlite_transaction_takes_write_lock_at_begin(sqlite_engine: AsyncEngine) -> None:
    """Opening a SQLite transaction takes the write lock before any statement runs."""
    async with sqlite_engine.begin():
        # A second writer that refuses to wait finds the database already locked.
        other = sqlite3.connect(_sqlite_path(sqlite_engine), timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


async def test_concurrent_sqlite_writers_queue_instead_of_failing(
    sqlite_engine: AsyncEngine,
) -> None:
    """Two read-then-write transactions started together both succeed, one after the other."""
    start_together = asyncio.Barrier(2)

    async def add_next_user() -> int:
        """Read the number of users and insert the next one in the same transaction."""
        await start_together.wait()
        async with sqlite_engine.begin() as connection:
            count = await connection.scalar(select(func.count()).select_from(User))
            assert count is not None
            await connection.execute(
                insert(User).values(
                    id=count + 1, chat_id=count + 1, status=UserStatus.ACTIVE, created_at=CREATED
                )
            )
            return count + 1

    # Open two pooled connections first, so both transactions start in the same moment
    # instead of one finishing while the other is still connecting.
    async with sqlite_engine.connect(), sqlite_engine.connect():
        pass
    # With a deferred BEGIN both would read 0 and the later insert would fail; here the
    # second BEGIN waits on the busy timeout until the first commits, then reads 1.
    added = await asyncio.gather(add_next_user(), add_next_user())

    assert sorted(added) == [1, 2]
    async with sqlite_engine.connect() as connection:
        ids = (await connection.scalars(select(User.id).order_by(User.id))).all()
    assert ids == [1, 2]


async def test_utc_datetime_round_trips_aware_instants(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """An aware instant in any zone comes back as the same instant tagged UTC."""
    berlin = datetime(2026, 3, 29, 3, 30, 15, 123456, tzinfo=ZoneInfo("Europe/Berlin"))
    async with sessionmaker() as session, session.begin():
        user = _user(1, created_at=berlin)
        user.onboarded_at = datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)
        user.injury_date = date(2026, 3, 20)
        session.add(user)

    async with sessionmaker() as session:
        stored = await session.get_one(User, 1)

    assert stored.created_at == berlin
    assert stored.created_at.tzinfo is UTC
    assert stored.created_at == datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)
    assert stored.onboarded_at == datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert stored.onboarded_at is not None
    assert stored.onboarded_at.utcoffset() == timedelta(0)


async def test_utc_datetime_refuses_naive_values(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """Storing a naive datetime fails instead of guessing its zone."""
    naive = datetime(2026, 3, 1, 12, 0)  # noqa: DTZ001 - the naive value is the point
    async with sessionmaker() as session:
        session.add(_user(1, created_at=naive))
        with pytest.raises(StatementError, match="naive datetimes are not stored"):
            await session.flush()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///var/rehab.sqlite3", "sqlite+aiosqlite:///var/rehab.sqlite3"),
        ("sqlite:////abs/rehab.sqlite3", "sqlite+aiosqlite:////abs/rehab.sqlite3"),
        ("sqlite://", "sqlite+aiosqlite://"),
        ("sqlite+aiosqlite:///rehab.sqlite3", "sqlite+aiosqlite:///rehab.sqlite3"),
        (
            "postgres://bot:s%40cret@db:5432/rehab",
            "postgresql+asyncpg://bot:s%40cret@db:5432/rehab",
        ),
        ("postgresql://bot@db/rehab", "postgresql+asyncpg://bot@db/rehab"),
        ("postgresql://bot@db/rehab?ssl=require", "postgresql+asyncpg://bot@db/rehab?ssl=require"),
        ("postgresql+asyncpg://bot@db/rehab", "postgresql+asyncpg://bot@db/rehab"),
    ],
)
def test_normalize_url_picks_the_async_driver(given: str, expected: str) -> None:
    """Plain SQLite and PostgreSQL URLs turn into their async-driver forms; others stay as given."""
    assert normalize_url(given) == expected


async def test_sessions_keep_objects_readable_after_commit(
    sessionmaker: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    """Objects stay loaded after commit, so no lazy refresh happens outside the session."""
    async with sessionmaker() as session:
        user = _user(7)
        session.add(user)
        await session.commit()
    assert user.created_at == CREATED
    assert create_sessionmaker(engine).kw["expire_on_commit"] is False
