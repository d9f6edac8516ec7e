"""The database engine and sessions: SQLite by default, PostgreSQL for scale."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

SQLITE_DRIVER = "sqlite+aiosqlite"
POSTGRES_DRIVER = "postgresql+asyncpg"

# How long a SQLite writer waits for another one to commit before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 5_000

# Recycle PostgreSQL connections now and then so a proxy or firewall idle cut never bites.
POSTGRES_POOL_RECYCLE_S = 1_800


def normalize_url(url: str) -> str:
    """Turn a plain SQLite or PostgreSQL URL into its async-driver form."""
    parsed = make_url(url)
    if parsed.drivername == "sqlite":
        parsed = parsed.set(drivername=SQLITE_DRIVER)
    elif parsed.drivername in ("postgres", "postgresql"):
        # Heroku-style hosts still hand out "postgres://", which SQLAlchemy no longer knows.
        parsed = parsed.set(drivername=POSTGRES_DRIVER)
    return parsed.render_as_string(hide_password=False)


def create_engine(url: str) -> AsyncEngine:
    """Build the async engine for a database URL, tuned for its backend."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() == "sqlite":
        return _create_sqlite_engine(parsed)
    if parsed.get_backend_name() == "postgresql":
        return _create_async_engine(
            parsed,
            pool_pre_ping=True,
            pool_recycle=POSTGRES_POOL_RECYCLE_S,
            hide_parameters=True,
            # asyncpg prepares statements; after five runs PostgreSQL may switch to a generic
            # plan that scans whole tables for "due <= $1", turning the idle probe from 0.1 ms
            # into tens of ms with 100,000 people. Plans made for the actual values use indexes.
            connect_args={"server_settings": {"plan_cache_mode": "force_custom_plan"}},
        )
    return _create_async_engine(parsed, hide_parameters=True)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Build the session factory; objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def _sqlite_file(url: URL) -> Path | None:
    """Return the file behind a SQLite URL, or None for in-memory and URI databases."""
    database = url.database
    if not database or database == ":memory:" or url.query.get("uri") == "true":
        return None
    return Path(database)


def _create_sqlite_engine(url: URL) -> AsyncEngine:
    """Build a SQLite engine in WAL mode whose transactions take the write lock at BEGIN."""
    path = _sqlite_file(url)
    if path is not None:
        path.expanduser().parent.mkdir(parents=True, exist_ok=True)
    # Bound values (pain, dates, ids) stay out of error messages and so out of the logs.
    engine = _create_async_engine(url, hide_parameters=True)
    event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    """Set the per-connection pragmas and hand transaction control to SQLAlchemy."""
    # With isolation_level None the sqlite3 driver stops emitting its own lazy BEGIN,
    # so the "begin" listener below decides how every transaction starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # The busy timeout goes first: switching to WAL may itself wait for another writer.
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL still survives a crash of the process; only a power cut or OS crash
        # can undo the last commits. FULL would sync the disk on every commit, many per update.
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Off by default in SQLite; the ON DELETE CASCADE rules depend on it.
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    """Start every transaction with the write lock, so writers queue instead of deadlocking."""
    # A deferred BEGIN upgrades to a write lock at the first write; if another writer got
    # there first, SQLite fails at once with "database is locked" instead of waiting.
    conn.exec_driver_sql("BEGIN IMMEDIATE")
