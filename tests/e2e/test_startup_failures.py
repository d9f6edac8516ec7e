"""`rehab-bot run` that cannot start ends in one line naming the setting and the cause.

Each test runs the real command in a subprocess against something that refuses or keeps
silent on loopback: a closed port, a server that never answers, the emulator with another
token, a PostgreSQL database that does not exist.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from emulator import BotApiEmulator
from tests.conftest import POSTGRES_SKIP_REASON, TEST_DATABASE_URL_VAR

TOKEN = "123456:SECRET-marker-never-printed"  # noqa: S105 (a marker, not a secret)
TOKEN_SECRET = TOKEN.split(":")[1]


@dataclass
class Ended:
    """How a `rehab-bot run` ended: its exit status and what it wrote to stderr."""

    status: int
    stderr: str

    @property
    def last_line(self) -> str:
        """The line the run ended with."""
        return self.stderr.strip().splitlines()[-1]


def _command() -> list[str]:
    """The installed console script, or the same entry point through the interpreter."""
    script = Path(sys.executable).with_name("rehab-bot")
    if script.exists():
        return [str(script), "run"]
    return [sys.executable, "-m", "bot.cli", "run"]


async def run_bot(tmp_path: Path, **settings: str) -> Ended:
    """Run `rehab-bot run` in an empty folder (no .env) with these settings and a marker token."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "DATABASE_", "LOG_", "STARTUP_"))
    }
    env |= {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "STARTUP_WAIT_SECONDS": "1",
        "LOG_LEVEL": "INFO",
    } | settings
    process = await asyncio.create_subprocess_exec(
        *_command(),
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    # A bound, should it hang: start-up must give up by itself well before.
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return Ended(process.returncode, stderr.decode())


def assert_one_line(ended: Ended, *, status: int, setting: str) -> None:
    """The run failed with that status, its last line names the setting, and nothing leaked."""
    assert ended.status == status, ended.stderr
    assert ended.last_line.startswith(f"rehab-bot: {setting}: "), ended.stderr
    assert "Traceback" not in ended.stderr
    assert TOKEN_SECRET not in ended.stderr


def closed_port() -> int:
    """A loopback port nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """A loopback server that takes connections and never says a word; yields its port."""
    held: list[asyncio.StreamWriter] = []

    async def keep_silent(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(keep_silent, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_closed_database_port_is_retried_then_named(tmp_path: Path) -> None:
    """PostgreSQL refusing connections: a log line per try, then one line, exit 1."""
    url = f"postgresql://rehab@127.0.0.1:{closed_port()}/rehab"
    ended = await run_bot(tmp_path, DATABASE_URL=url)
    assert_one_line(ended, status=1, setting="DATABASE_URL")
    assert "connection refused" in ended.last_line
    assert "gave up after 2 tries" in ended.last_line
    assert "try 1 failed, trying again in 1 s" in ended.stderr


async def test_a_database_server_that_never_answers_is_given_up_on(
    tmp_path: Path, silent_server: int
) -> None:
    """A server that accepts and keeps silent holds start-up for the wait set, not a minute."""
    url = f"postgresql://rehab@127.0.0.1:{silent_server}/rehab"
    ended = await run_bot(tmp_path, DATABASE_URL=url)
    assert_one_line(ended, status=1, setting="DATABASE_URL")
    assert "did not answer within 1 s" in ended.last_line


async def test_a_missing_postgresql_database_is_a_setting_to_fix(tmp_path: Path) -> None:
    """A database that does not exist is not retried: exit 2, in the server's words."""
    server = os.environ.get(TEST_DATABASE_URL_VAR)
    if not server:
        pytest.skip(POSTGRES_SKIP_REASON)
    name = f"missing_{uuid.uuid4().hex}"
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    ended = await run_bot(tmp_path, DATABASE_URL=url)
    assert_one_line(ended, status=2, setting="DATABASE_URL")
    assert f'database "{name}" does not exist' in ended.last_line
    assert "trying again" not in ended.stderr


async def test_a_database_url_of_another_kind_is_refused_without_loading_a_driver(
    tmp_path: Path,
) -> None:
    """A MySQL URL is refused as a setting, not as "No module named 'MySQLdb'"."""
    ended = await run_bot(tmp_path, DATABASE_URL="mysql://rehab:hunter2@localhost/rehab")
    assert ended.status == 2
    assert "DATABASE_URL: Value error, names the 'mysql' database driver" in ended.stderr
    assert "MySQLdb" not in ended.stderr
    assert "hunter2" not in ended.stderr
    assert "Traceback" not in ended.stderr


async def test_a_sqlite_path_that_cannot_hold_a_file_is_named(tmp_path: Path) -> None:
    """A SQLite path under a regular file cannot be created: exit 2, the reason in words."""
    (tmp_path / "not-a-folder").write_text("")
    ended = await run_bot(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'not-a-folder/bot.db'}")
    assert_one_line(ended, status=2, setting="DATABASE_URL")
    assert "a part of its path is a file, not a folder" in ended.last_line


async def test_an_unreachable_bot_api_is_retried_then_named(tmp_path: Path) -> None:
    """Nothing listening at the Bot API address: a log line per try, then one line, exit 1."""
    ended = await run_bot(tmp_path, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{closed_port()}/bot")
    assert_one_line(ended, status=1, setting="TELEGRAM_API_BASE_URL")
    assert "the Bot API cannot be reached" in ended.last_line
    assert "try 1 failed" in ended.stderr


async def test_a_rejected_token_is_named_and_never_printed_even_at_debug(tmp_path: Path) -> None:
    """The Bot API answering 401 ends in one line naming the token setting, without the token,
    at DEBUG too (where the traceback is logged, redacted)."""
    async with BotApiEmulator(token="654321:the-right-token") as emulator:  # noqa: S106 (a dummy)
        ended = await run_bot(tmp_path, TELEGRAM_API_BASE_URL=emulator.base_url, LOG_LEVEL="DEBUG")
    assert ended.status == 2
    assert ended.last_line.startswith("rehab-bot: TELEGRAM_BOT_TOKEN: the Bot API refused")
    assert TOKEN_SECRET not in ended.stderr
    assert "[token]" in ended.stderr, "at DEBUG the refused URL is logged, redacted"


async def test_a_base_url_that_is_no_bot_api_is_named(tmp_path: Path) -> None:
    """A server answering 404 to getMe (a wrong path) names both settings that can cause it."""
    async with BotApiEmulator(token=TOKEN) as emulator:
        wrong = emulator.base_url.removesuffix("/bot") + "/wrong/bot"
        ended = await run_bot(tmp_path, TELEGRAM_API_BASE_URL=wrong)
    assert_one_line(ended, status=2, setting="TELEGRAM_API_BASE_URL or TELEGRAM_BOT_TOKEN")
    assert "404 Not Found" in ended.last_line
