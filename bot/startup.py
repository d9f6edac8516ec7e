"""Start-up against services that may be down or may refuse us.

What cannot work (a database that does not exist, a rejected token) fails at once; what may come
up soon (a closed port, a server that does not answer yet) is tried again for a bounded time,
with a log line per try. Either way start-up ends in one `StartupFailure`: the setting to look
at and the cause in a sentence, which the command line prints as one line instead of a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut

from scheduler.clock import Clock
from storage.engine import create_engine
from storage.migrations import upgrade_to_head

log = logging.getLogger(__name__)

T = TypeVar("T")

EXIT_UNAVAILABLE = 1  # a service did not answer in time, or failed in a way settings cannot fix
EXIT_CONFIG = 2  # a setting is wrong: changing it is the fix

DATABASE_URL = "DATABASE_URL"
BOT_API = "TELEGRAM_API_BASE_URL"
TOKEN = "TELEGRAM_BOT_TOKEN"  # noqa: S105 (the setting's name, not its value)

# One try may take this long; a server that accepts connections and never answers costs no more.
ATTEMPT_TIMEOUT_S = 10.0
FIRST_PAUSE_S = 1.0
LONGEST_PAUSE_S = 10.0
# Tries stop at the deadline, or after this many when the clock does not move (a test's).
MAX_ATTEMPTS = 30

# PostgreSQL SQLSTATE classes that no retry fixes: 3D the database does not exist,
# 28 the role or password is refused.
_REFUSED_SQLSTATE_CLASSES = ("3D", "28")
# SQLSTATEs of a server that is up but cannot take us yet: starting up, too many connections.
_BUSY_SQLSTATES = ("57P03", "53300")
# SQLite errors that mean the path cannot hold a database.
_SQLITE_CANNOT_OPEN = (
    "unable to open database file",
    "readonly database",
    "file is not a database",
    "disk i/o error",
)


class StartupFailure(Exception):  # noqa: N818 (it is the failure, not an error of the code)
    """Start-up cannot go on: which setting to look at, why, and the exit status."""

    def __init__(self, setting: str, cause: str, *, exit_code: int) -> None:
        super().__init__(f"{setting}: {cause}")
        self.setting = setting
        self.cause = cause
        self.exit_code = exit_code


@dataclass(frozen=True)
class Diagnosis:
    """What one failed try means: worth another try or not, in words, under which setting."""

    setting: str
    cause: str
    transient: bool
    exit_code: int = EXIT_UNAVAILABLE


Diagnose = Callable[[BaseException], Diagnosis]


async def with_retries(
    attempt: Callable[[], Awaitable[T]],
    *,
    diagnose: Diagnose,
    wait_seconds: float,
    clock: Clock,
    time_limited: bool = True,
) -> T:
    """Run attempt until it works, trying again for up to wait_seconds while the failure is
    one that may pass; raise StartupFailure otherwise. Each try is cut off after
    ATTEMPT_TIMEOUT_S or at the end of the wait (at least 1 s), unless not time_limited."""
    deadline = clock.monotonic() + wait_seconds
    pause = FIRST_PAUSE_S
    tries = 0
    while True:
        tries += 1
        remaining = deadline - clock.monotonic()
        limit = max(min(ATTEMPT_TIMEOUT_S, remaining), 1.0)
        failed: Exception
        try:
            async with asyncio.timeout(limit if time_limited else None):
                return await attempt()
        except TimeoutError as error:
            # Our own limit, or the driver's: either way the server kept silent.
            failed, silent = error, diagnose(error)
            diagnosis = Diagnosis(silent.setting, f"{silent.cause} within {limit:g} s", True)
        except Exception as error:
            failed, diagnosis = error, diagnose(error)
        remaining = deadline - clock.monotonic()
        # The error stays attached as the cause: `rehab-bot run` logs it at DEBUG only.
        if not diagnosis.transient:
            raise StartupFailure(
                diagnosis.setting, diagnosis.cause, exit_code=diagnosis.exit_code
            ) from failed
        if remaining <= 0 or tries >= MAX_ATTEMPTS:
            raise StartupFailure(
                diagnosis.setting,
                f"{diagnosis.cause} (gave up after {tries} {'try' if tries == 1 else 'tries'} "
                f"in {wait_seconds:g} s; STARTUP_WAIT_SECONDS sets how long)",
                exit_code=EXIT_UNAVAILABLE,
            ) from failed
        pause = min(pause, remaining)
        log.warning(
            "start-up: %s: %s; try %d failed, trying again in %.0f s",
            diagnosis.setting,
            diagnosis.cause,
            tries,
            pause,
        )
        await clock.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE_S)


def diagnose_database(error: BaseException) -> Diagnosis:
    """Read a failure to reach or open the database."""
    if isinstance(error, DBAPIError):
        return _database_refusal(error)
    if isinstance(error, TimeoutError):
        return Diagnosis(DATABASE_URL, "the database server did not answer", transient=True)
    if isinstance(error, ConnectionRefusedError):
        return Diagnosis(
            DATABASE_URL, "connection refused (is the database server running?)", transient=True
        )
    if isinstance(error, socket.gaierror):
        return Diagnosis(DATABASE_URL, "the host name was not found", transient=True)
    if isinstance(error, OSError):
        return Diagnosis(DATABASE_URL, _os_cause(error), transient=True)
    return Diagnosis(DATABASE_URL, _plain(error), transient=False)


def _database_refusal(error: DBAPIError) -> Diagnosis:
    orig = error.orig
    cause = _plain(orig) if orig is not None else _plain(error)
    sqlstate = str(getattr(orig, "sqlstate", None) or "")
    if sqlstate.startswith(_REFUSED_SQLSTATE_CLASSES):
        return Diagnosis(DATABASE_URL, cause, transient=False, exit_code=EXIT_CONFIG)
    if sqlstate in _BUSY_SQLSTATES or "database is locked" in cause:
        return Diagnosis(DATABASE_URL, cause, transient=True)
    if any(words in cause.lower() for words in _SQLITE_CANNOT_OPEN):
        return Diagnosis(
            DATABASE_URL,
            f"{cause} (the SQLite file must be in a folder the bot may write to)",
            transient=False,
            exit_code=EXIT_CONFIG,
        )
    # A connection lost while being opened, say: worth another try.
    return Diagnosis(DATABASE_URL, cause, transient=error.connection_invalidated)


def database_path_problem(error: OSError) -> StartupFailure:
    """The folder of a SQLite file could not be made or the file not created."""
    if isinstance(error, FileExistsError | NotADirectoryError):
        cause = "a part of its path is a file, not a folder"
    else:
        cause = _os_cause(error)
    return StartupFailure(
        DATABASE_URL, f"cannot create the SQLite file there: {cause}", exit_code=EXIT_CONFIG
    )


def diagnose_bot_api(error: BaseException) -> Diagnosis:
    """Read a failure of a Bot API call at start-up."""
    if isinstance(error, InvalidToken):
        return _token_refused(error)
    if isinstance(error, TimeoutError):
        return Diagnosis(BOT_API, "the Bot API did not answer", transient=True)
    if isinstance(error, RetryAfter | TimedOut):
        return Diagnosis(BOT_API, f"the Bot API did not answer in time ({error})", transient=True)
    if isinstance(error, NetworkError):
        return Diagnosis(BOT_API, f"the Bot API cannot be reached ({error})", transient=True)
    if isinstance(error, TelegramError):
        return Diagnosis(BOT_API, f"the Bot API refused: {error}", transient=False)
    return Diagnosis(BOT_API, _plain(error), transient=False)


def _token_refused(error: InvalidToken) -> Diagnosis:
    """A 401 (a wrong token) or a 404 (a malformed token, or no Bot API at the base URL)."""
    # PTB's own message repeats the token; the answer it wraps says which refusal it was.
    answer = str(error.__cause__ or "")
    if "404" in answer or "Not Found" in answer:
        return Diagnosis(
            f"{BOT_API} or {TOKEN}",
            "the Bot API answered 404 Not Found: the base URL is not a Bot API server, "
            "or the token is malformed",
            transient=False,
            exit_code=EXIT_CONFIG,
        )
    return Diagnosis(
        TOKEN,
        "the Bot API refused the token (401 Unauthorized); copy it again from @BotFather",
        transient=False,
        exit_code=EXIT_CONFIG,
    )


def _os_cause(error: OSError) -> str:
    """An OS error's reason, without the path or address repeated after it."""
    return error.strerror or _plain(error)


def _plain(error: BaseException) -> str:
    """An error as one line: its message, or its type when it has none."""
    text = " ".join(str(error).split())
    return text or type(error).__name__


def open_engine(url: str) -> AsyncEngine:
    """Build the engine, or say why the URL cannot give one (the SQLite folder, say)."""
    try:
        return create_engine(url)
    except OSError as error:
        raise database_path_problem(error) from error
    except Exception as error:
        raise StartupFailure(DATABASE_URL, _plain(error), exit_code=EXIT_CONFIG) from error


async def reach_database(engine: AsyncEngine, *, wait_seconds: float, clock: Clock) -> None:
    """Connect once, trying again while the server is not there yet; then migrate."""

    async def probe() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    await with_retries(
        probe,
        diagnose=diagnose_database,
        wait_seconds=wait_seconds,
        clock=clock,
        # A SQLite file is no server that may keep silent; a lock on it has its own bound
        # (storage.engine), which cutting the try short would only make messier.
        time_limited=engine.dialect.name != "sqlite",
    )
    try:
        # No time limit: a migration of a large table may take a while.
        await upgrade_to_head(engine)
    except Exception as error:
        diagnosis = diagnose_database(error)
        raise StartupFailure(
            diagnosis.setting,
            f"bringing the database up to date failed: {diagnosis.cause}",
            exit_code=diagnosis.exit_code,
        ) from error


async def reach_bot_api(bot: Bot, *, wait_seconds: float, clock: Clock) -> None:
    """Check the token with getMe, trying again while the Bot API cannot be reached."""
    try:
        await with_retries(
            bot.initialize,
            diagnose=diagnose_bot_api,
            wait_seconds=wait_seconds,
            clock=clock,
        )
    except StartupFailure:
        await bot.shutdown()  # closes the HTTP clients initialize opened
        raise


async def call_bot_api(call: Callable[[], Awaitable[T]], *, wait_seconds: float, clock: Clock) -> T:
    """Make one more start-up call (the command menu), trying again as for getMe."""
    return await with_retries(
        call,
        diagnose=diagnose_bot_api,
        wait_seconds=wait_seconds,
        clock=clock,
    )
