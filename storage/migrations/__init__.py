"""Schema migrations: Alembic driven from code, shipped inside the package."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

MIGRATIONS_DIR = Path(__file__).resolve().parent

# Any fixed 64-bit number works as long as nothing else in the database uses it.
MIGRATION_LOCK_KEY = 7_242_519_000_001


class MigrationError(RuntimeError):
    """A migration left the database inconsistent, so it was rolled back."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Build an Alembic configuration that needs no ini file, optionally bound to a connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@asynccontextmanager
async def migrating(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """Open the single transaction schema changes run in, guarded for the backend."""
    async with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration copies a table and drops the old one; with foreign keys on,
            # that DROP would cascade and silently delete every child row. SQLite only
            # accepts this pragma outside a transaction, so it is set before BEGIN.
            await connection.run_sync(_set_sqlite_foreign_keys, on=False)
        try:
            async with connection.begin():
                if connection.dialect.name == "postgresql":
                    # Two processes starting together would both try to create the tables; the
                    # transaction-scoped lock makes the second wait and then find nothing to do.
                    await connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                    )
                # On SQLite, BEGIN IMMEDIATE (storage.engine) already serialises upgrades.
                yield connection
                if sqlite:
                    await connection.run_sync(_check_sqlite_foreign_keys)
        finally:
            if sqlite:
                # The connection goes back to the pool and must enforce foreign keys again.
                await connection.run_sync(_set_sqlite_foreign_keys, on=True)


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Bring the database to the newest schema; safe to repeat and to run from several processes."""
    # One transaction for every pending revision: both backends apply all or nothing.
    async with migrating(engine) as connection:
        await connection.run_sync(_upgrade)


def _upgrade(connection: Connection) -> None:
    """Run alembic upgrade head on an open connection."""
    command.upgrade(alembic_config(connection), "head")


def _set_sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    """Switch SQLite foreign-key enforcement through the driver, outside any transaction."""
    # Going through SQLAlchemy would autobegin (and BEGIN IMMEDIATE), making the pragma a no-op.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
    finally:
        cursor.close()


def _check_sqlite_foreign_keys(connection: Connection) -> None:
    """Refuse to commit a migration that left rows pointing at nothing."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise MigrationError(f"migration left broken foreign keys: {broken[:5]}")
