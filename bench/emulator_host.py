"""The Bot API emulator in a process of its own, so serving requests never takes the bot's CPU.

Run as `python -m bench.emulator_host --users N [--per-second R] [--per-chat-per-second R]`:
it starts the emulator, has N people write /start (so their private chats exist), prints one
JSON line with the base URL, then answers every `stats` line on stdin with a JSON line, and
stops at the end of stdin. EmulatorProcess is the benchmark's side of that conversation.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from emulator import BotApiEmulator

REPO_ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class SendStats:
    """What the emulator saw of sendMessage calls so far, with the first one's parameters."""

    sent: int
    refused: int
    too_many_requests: int
    first_message: dict[str, Any] | None
    cpu_seconds: float  # the emulator process's CPU time so far


class EmulatorProcess:
    """A running emulator process, seen from the benchmark."""

    def __init__(
        self, process: asyncio.subprocess.Process, *, base_url: str, token: str, first_user_id: int
    ) -> None:
        self._process = process
        self.base_url = base_url
        self.token = token
        self.first_user_id = first_user_id

    @classmethod
    @asynccontextmanager
    async def running(
        cls,
        *,
        users: int,
        per_second: float | None = None,
        per_chat_per_second: float | None = None,
    ) -> AsyncIterator[EmulatorProcess]:
        """Start an emulator that knows `users` people (with the given flood limits, if any)."""
        command = [sys.executable, "-m", "bench.emulator_host", "--users", str(users)]
        if per_second is not None:
            command += ["--per-second", str(per_second)]
        if per_chat_per_second is not None:
            command += ["--per-chat-per-second", str(per_chat_per_second)]
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=REPO_ROOT,
            env=python_env(),
        )
        try:
            ready = json.loads(await _read_line(process, STARTUP_TIMEOUT_S))
            yield cls(
                process,
                base_url=ready["base_url"],
                token=ready["token"],
                first_user_id=ready["first_user_id"],
            )
        finally:
            await _end(process)

    async def stats(self) -> SendStats:
        """Ask the emulator what it answered to sendMessage so far."""
        stdin = self._process.stdin
        if stdin is None:
            raise RuntimeError("the emulator process has no stdin")
        stdin.write(b"stats\n")
        await stdin.drain()
        return SendStats(**json.loads(await _read_line(self._process, 60.0)))


def python_env() -> dict[str, str]:
    """Return this environment with the repository first on the import path."""
    paths = [str(REPO_ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


async def _read_line(process: asyncio.subprocess.Process, timeout: float) -> bytes:  # noqa: ASYNC109 (a deadline for a child that may hang)
    stdout = process.stdout
    if stdout is None:
        raise RuntimeError("the emulator process has no stdout")
    line = await asyncio.wait_for(stdout.readline(), timeout)
    if not line:
        raise RuntimeError(f"the emulator process ended (exit status {await process.wait()})")
    return line


async def _end(process: asyncio.subprocess.Process) -> None:
    """Close stdin, which tells the emulator to stop, and wait for it; kill it if it hangs."""
    if process.stdin is not None:
        process.stdin.close()
    try:
        await asyncio.wait_for(process.wait(), 30.0)
    except TimeoutError:
        process.kill()
        await process.wait()


# --- the emulator's side -------------------------------------------------------------------


async def serve(users: int, per_second: float | None, per_chat_per_second: float | None) -> None:
    """Run the emulator until stdin ends, answering `stats` requests."""
    async with BotApiEmulator() as emulator:
        emulator.max_messages_per_second = per_second
        emulator.max_messages_per_chat_per_second = per_chat_per_second
        first_user_id = None
        for _ in range(users):
            person = emulator.new_user()
            emulator.send_text(person, "/start")  # Telegram only delivers to chats that exist
            first_user_id = first_user_id or person.id
        # The people and chats live until the end; keeping them out of the garbage collector's
        # scans keeps the emulator's cost per request flat however many there are.
        gc.collect()
        gc.freeze()
        ready = {
            "base_url": emulator.base_url,
            "token": emulator.token,
            "first_user_id": first_user_id,
        }
        print(json.dumps(ready), flush=True)
        while line := await asyncio.to_thread(sys.stdin.readline):
            if line.strip() == "stats":
                print(json.dumps(_stats(emulator)), flush=True)


def _stats(emulator: BotApiEmulator) -> dict[str, Any]:
    sends = emulator.calls_to("sendMessage")
    sent = sum(1 for call in sends if call.ok)
    return {
        "sent": sent,
        "refused": len(sends) - sent,
        "too_many_requests": emulator.too_many_requests,
        "first_message": sends[0].params if sends else None,
        "cpu_seconds": time.process_time(),
    }


def main() -> None:
    """Parse the command line and serve."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--per-second", type=float, default=None)
    parser.add_argument("--per-chat-per-second", type=float, default=None)
    args = parser.parse_args()
    asyncio.run(serve(args.users, args.per_second, args.per_chat_per_second))


if __name__ == "__main__":
    main()
