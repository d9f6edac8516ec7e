"""Alembic environment: migrates the connection it is handed, or DATABASE_URL when run by hand."""

from __future__ import annotations

import asyncio
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from storage.engine import create_engine, normalize_url
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    """Point the migration context at a live connection with the project's options."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=True,
        compare_type=True,
    )


def _migrate(connection: Connection) -> None:
    """Run the pending migrations on one connection."""
    _configure(connection)
    # A no-op when the caller already opened the transaction, as upgrade_to_head does.
    with context.begin_transaction():
        context.run_migrations()


def _database_url() -> str:
    """Read the database URL for hand-run commands from the environment."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("set DATABASE_URL to the database alembic should work on")
    return normalize_url(url)


async def _migrate_url(url: str) -> None:
    """Open the database at url with the application's engine settings and migrate it."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_migrate)
    finally:
        await engine.dispose()


def _run_offline() -> None:
    """Write the migrations out as SQL instead of running them."""
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    """Migrate the handed-in connection, or open DATABASE_URL for a developer at the shell."""
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        _migrate(connection)
    else:
        asyncio.run(_migrate_url(_database_url()))


# Only the alembic command line has an ini file; the application must keep its own logging.
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

if context.is_offline_mode():
    _run_offline()
else:
    _run_online()
