"""Database fixtures shared by the whole suite: every test gets its own real, migrated database."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as create_plain_async_engine
from sqlalchemy.pool import NullPool

from storage.engine import create_engine, create_sessionmaker, normalize_url
from storage.migrations import upgrade_to_head

# As the CLI does: PTB's future time types, so PTB does not warn on every 429 it parses.
os.environ.setdefault("PTB_TIMEDELTA", "1")

TEST_DATABASE_URL_VAR = "TEST_DATABASE_URL"
POSTGRES_SKIP_REASON = "TEST_DATABASE_URL not set: PostgreSQL tests skipped"

MakeDatabaseUrl = Callable[[], Awaitable[str]]


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def database_backend(request: pytest.FixtureRequest) -> str:
    """Name the backend under test; PostgreSQL runs only when a server is configured."""
    backend: str = request.param
    if backend == "postgres" and not os.environ.get(TEST_DATABASE_URL_VAR):
        pytest.skip(POSTGRES_SKIP_REASON)
    return backend


@pytest.fixture
async def make_database_url(
    database_backend: str, tmp_path: Path
) -> AsyncIterator[MakeDatabaseUrl]:
    """Hand out URLs of new, empty databases on the backend under test, removed afterwards."""
    if database_backend == "sqlite":
        yield _sqlite_factory(tmp_path)
        return
    # Each test gets databases of its own, so no test sees another's rows and reruns start clean.
    admin = create_plain_async_engine(
        normalize_url(os.environ[TEST_DATABASE_URL_VAR]),
        isolation_level="AUTOCOMMIT",  # CREATE/DROP DATABASE refuse to run inside a transaction
        poolclass=NullPool,
    )
    created: list[str] = []

    async def new_postgres_database() -> str:
        """Create an empty PostgreSQL database with a unique name and return its URL."""
        name = f"test_{uuid.uuid4().hex}"
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return admin.url.set(database=name).render_as_string(hide_password=False)

    try:
        yield new_postgres_database
    finally:
        async with admin.connect() as connection:
            for name in created:
                # FORCE ends sessions a failed test may have left open.
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


def _sqlite_factory(tmp_path: Path) -> MakeDatabaseUrl:
    """Return a factory of new SQLite database files under tmp_path."""
    count = 0

    async def new_sqlite_database() -> str:
        """Name a new SQLite file; SQLite creates it on first connect."""
        nonlocal count
        count += 1
        return f"sqlite+aiosqlite:///{tmp_path / f'db{count}' / 'rehab.sqlite3'}"

    return new_sqlite_database


@pytest.fixture
async def database_url(make_database_url: MakeDatabaseUrl) -> str:
    """Give the URL of an empty database on each backend: a SQLite file, and PostgreSQL if set."""
    return await make_database_url()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """Give an engine on a database migrated to the newest schema."""
    engine = create_engine(database_url)
    try:
        await upgrade_to_head(engine)
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Give the application's session factory on the migrated test database."""
    return create_sessionmaker(engine)
