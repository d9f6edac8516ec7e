"""The database engine and sessions: SQLite by default, PostgreSQL for scale."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.util import await_only

log = logging.getLogger(__name__)

SQLITE_DRIVER = "sqlite+aiosqlite"
POSTGRES_DRIVER = "postgresql+asyncpg"
DRIVERS = (SQLITE_DRIVER, POSTGRES_DRIVER)

# How long a SQLite writer waits for another one to commit before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 5_000
# How long a transaction keeps asking for the write lock (each ask waits the busy timeout)
# while another process holds it: a person's message is then late, not lost.
SQLITE_LOCK_WAIT_S = 60.0
LOCK_ASK_AGAIN_AFTER_S = 0.2
# The database holds health data: its files are for the bot's own user only.
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700

# How long one attempt to reach PostgreSQL may take (asyncpg's own default is a minute).
POSTGRES_CONNECT_TIMEOUT_S = 10

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


def check_database_url(url: str) -> None:
    """Refuse a URL that names no database this bot can use; the reason never repeats the URL."""
    try:
        parsed = make_url(normalize_url(url))
    except ArgumentError:
        raise ValueError(
            "is not a database URL; use sqlite:///path/to/file.db or "
            "postgresql://user:password@host:5432/name"
        ) from None
    if parsed.drivername not in DRIVERS:
        raise ValueError(
            f"names the {parsed.drivername!r} database driver; only SQLite (sqlite:///file.db) "
            "and PostgreSQL (postgresql://...) are supported, through aiosqlite and asyncpg"
        )


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
            connect_args={
                "server_settings": {"plan_cache_mode": "force_custom_plan"},
                # A server that accepts the connection and never answers must not hang us.
                "timeout": POSTGRES_CONNECT_TIMEOUT_S,
            },
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
        _create_private_file(path.expanduser())
    # Bound values (pain, dates, ids) stay out of error messages and so out of the logs.
    engine = _create_async_engine(url, hide_parameters=True)
    event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
    return engine


def _create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only, before SQLite does (with 0644).

    SQLite gives the -wal and -shm files the database file's permissions, so they follow.
    """
    path.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        # A file made before this rule, or opened up on purpose: say so, change nothing.
        log.warning(
            "DATABASE_URL: the SQLite file can be read by other users (mode %o); "
            "`chmod 600` it and its -wal and -shm files",
            mode,
        )


def _on_sqlite_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    """Set the per-connection pragmas and hand transaction control to SQLAlchemy."""
    # With isolation_level None the sqlite3 driver stops emitting its own lazy BEGIN,
    # so the "begin" listener below decides how every transaction starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # The busy timeout goes first: switching to WAL may itself wait for another writer.
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        _switch_to_wal(cursor)
        # In WAL mode NORMAL still survives a crash of the process; only a power cut or OS crash
        # can undo the last commits. FULL would sync the disk on every commit, many per update.
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Off by default in SQLite; the ON DELETE CASCADE rules depend on it.
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """Put the database in WAL mode, asking again while another process holds a lock.

    SQLite refuses the switch at once, without its busy wait, while another connection is
    in the middle of creating or recovering the file (two processes starting together, each
    migrating): that is a wait, not an error.
    """
    started = time.monotonic()
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            held = "database is locked" in str(error) or "database is busy" in str(error)
            if not held or time.monotonic() - started >= SQLITE_LOCK_WAIT_S:
                raise
            await_only(asyncio.sleep(LOCK_ASK_AGAIN_AFTER_S))
            continue
        return


def _on_sqlite_begin(conn: Connection) -> None:
    """Start every transaction with the write lock, so writers queue instead of deadlocking.

    Another process (a backup, a second bot) may hold the lock for longer than the busy
    timeout: the BEGIN is asked again until SQLITE_LOCK_WAIT_S have passed. Nothing has run
    in the transaction yet, so asking again is safe, and every unit of work, conversation
    write and dispatcher pass waits instead of failing.
    """
    # A deferred BEGIN upgrades to a write lock at the first write; if another writer got
    # there first, SQLite fails at once with "database is locked" instead of waiting.
    # SQLite's own waiting is real time, so the deadline is too.
    started = time.monotonic()
    refusals = 0
    while True:
        asked = time.monotonic()
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except OperationalError as error:
            if not _locked(error) or time.monotonic() - started >= SQLITE_LOCK_WAIT_S:
                raise
            refusals += 1
            if time.monotonic() - asked < LOCK_ASK_AGAIN_AFTER_S:
                # Refused without the busy wait (SQLite does that in a few cases): pause
                # rather than spin, without blocking the event loop.
                await_only(asyncio.sleep(LOCK_ASK_AGAIN_AFTER_S))
            if refusals == 1:
                log.warning(
                    "the SQLite database is locked by another process; waiting up to %.0f s",
                    SQLITE_LOCK_WAIT_S,
                )
            continue
        if refusals:
            log.info("the SQLite database is free again after %.0f s", time.monotonic() - started)
        return


def _locked(error: OperationalError) -> bool:
    """Whether SQLite refused because another connection holds the lock."""
    return "database is locked" in str(error.orig) or "database is busy" in str(error.orig)
