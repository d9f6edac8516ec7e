"""The benchmark command: runs the chosen benchmarks and prints one markdown row per number.

python -m bench                                  # the default set, 10-14 min on 2 CPUs
python -m bench --users 10000,100000 --limited-users 18000
python -m bench --database postgresql+asyncpg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.databases import SQLITE
from bench.emulator_host import REPO_ROOT
from bench.machine import CpuPressure, describe_code, describe_machine
from bench.pictures import picture_benchmarks
from bench.results import HEADER, Measurement
from bench.startup import startup_benchmarks
from bench.throughput import dispatch_throughput, rate_limited

BENCHMARKS = ("throughput", "rate-limited", "startup", "pictures")


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the benchmarks and print the results table."""
    args = _parser().parse_args(argv)
    # As the CLI does: PTB's future time types, so PTB does not warn on every 429 it parses.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    print(f"Machine: {describe_machine()}", flush=True)
    print(f"Code: {describe_code(REPO_ROOT)}\n", flush=True)
    print(HEADER, flush=True)
    pressure = CpuPressure()
    with _workdir(args.workdir) as workdir:
        asyncio.run(_run(args, workdir))
    print(f"\nRun: {pressure.describe()}", flush=True)
    return 0


async def _run(args: argparse.Namespace, workdir: Path) -> None:
    chosen = args.only or BENCHMARKS
    if "throughput" in chosen:
        for users in args.users:
            _show(await dispatch_throughput(users=users, database=args.database, workdir=workdir))
    if "rate-limited" in chosen:
        for users in args.limited_users:
            for measurement in await rate_limited(
                users=users, database=args.database, workdir=workdir
            ):
                _show(measurement)
    if "startup" in chosen:
        for measurement in await startup_benchmarks(
            counts=args.startup_users,
            database=args.database,
            workdir=workdir,
            runs=args.startup_runs,
            passes=args.idle_passes,
            abandoned_onboardings=args.abandoned_onboardings,
        ):
            _show(measurement)
    if "pictures" in chosen:
        for measurement in await asyncio.to_thread(picture_benchmarks):
            _show(measurement)


def _show(measurement: Measurement) -> None:
    print(measurement.row(), flush=True)


@contextmanager
def _workdir(given: Path | None) -> Iterator[Path]:
    """Use the given folder, or a temporary one removed at the end."""
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="rehab-bench-") as temporary:
        yield Path(temporary)


def _counts(text: str) -> list[int]:
    """Parse a comma-separated list of people counts, e.g. 10000,100_000."""
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not counts or any(count < 0 for count in counts):
        raise argparse.ArgumentTypeError(f"need one or more counts of 0 or more: {text!r}")
    return counts


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Reminder throughput, start-up, memory and idle-dispatch benchmarks.",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=BENCHMARKS,
        help="run only this benchmark (repeatable; default: all)",
    )
    parser.add_argument(
        "--users",
        type=_counts,
        default=[10_000],
        help="people due at once for the unlimited throughput benchmark (default: 10000)",
    )
    parser.add_argument(
        "--limited-users",
        type=_counts,
        default=[3_000],
        help="people due at once against the 30/s emulator; N takes N/30 s (default: 3000)",
    )
    parser.add_argument(
        "--startup-users",
        type=_counts,
        default=[0, 100_000],
        help="people in the database for the start-up benchmarks (default: 0,100000; the "
        "empty database shows what the people add)",
    )
    parser.add_argument(
        "--abandoned-onboardings",
        type=int,
        default=0,
        help="also store this many people stuck halfway through onboarding (default: 0)",
    )
    parser.add_argument("--startup-runs", type=int, default=5, help="bot starts (default: 5)")
    parser.add_argument(
        "--idle-passes", type=int, default=200, help="timed idle dispatcher passes (default: 200)"
    )
    parser.add_argument(
        "--database",
        "--database-url",
        default=SQLITE,
        help="'sqlite' (a file in the work folder, the default) or the URL of a PostgreSQL "
        "server where a database is created per benchmark and dropped afterwards",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="folder for SQLite files and the bot's log (default: a temporary folder)",
    )
    return parser
