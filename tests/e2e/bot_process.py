"""`rehab-bot run` as its own process, on a database and the emulator, as a deployment runs it."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from bot.config import Settings
from emulator import DEFAULT_TOKEN, BotApiEmulator

REPO = Path(__file__).resolve().parents[2]


async def start_bot(
    url: str,
    emulator: BotApiEmulator,
    log: Path,
    *,
    extra_env: Mapping[str, str] | None = None,
    without: frozenset[str] = frozenset(),
) -> asyncio.subprocess.Process:
    """Start the bot with its output in ``log`` and its working folder beside it (away from
    any .env of the repository); none of this test process's bot settings leak into it, nor
    the variables named in ``without``."""
    dropped = {name.upper() for name in Settings.model_fields} | without
    env = {key: value for key, value in os.environ.items() if key.upper() not in dropped}
    env |= {
        "PYTHONPATH": str(REPO),
        "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "DATABASE_URL": url,
        "DISPATCH_INTERVAL_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
        **(extra_env or {}),
    }
    with log.open("ab") as output:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            cwd=log.parent,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=output,
            stderr=output,
        )
