"""Fresh databases for one benchmark: a SQLite file in the work folder, or a PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from storage.engine import normalize_url

SQLITE = "sqlite"


def backend_name(target: str) -> str:
    """Name the backend a --database value selects, for the results table."""
    return SQLITE if target == SQLITE else make_url(normalize_url(target)).get_backend_name()


@asynccontextmanager
async def fresh_database(target: str, workdir: Path, label: str) -> AsyncIterator[str]:
    """Yield the URL of a new, empty database, and remove it afterwards.

    target is "sqlite" (a file in workdir) or the URL of a PostgreSQL server on which the
    user may create databases; each benchmark then gets a database of its own.
    """
    if target == SQLITE:
        path = workdir / f"{label}.sqlite3"
        try:
            yield f"sqlite+aiosqlite:///{path}"
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        return
    admin = create_async_engine(
        normalize_url(target),
        isolation_level="AUTOCOMMIT",  # CREATE/DROP DATABASE refuse to run inside a transaction
        poolclass=NullPool,
    )
    name = f"bench_{label.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield admin.url.set(database=name).render_as_string(hide_password=False)
        finally:
            async with admin.connect() as connection:
                # FORCE ends sessions a failed benchmark may have left open.
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()
