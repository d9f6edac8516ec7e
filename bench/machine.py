"""A description of the machine the numbers were measured on, for the results table."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path


def describe_machine() -> str:
    """Return one line: date, CPUs, CPU model, RAM, load, OS, Python and SQLite versions."""
    # Other work on the machine skews every number here, so the load goes with them.
    load = ", ".join(f"{average:.2f}" for average in os.getloadavg())
    return (
        f"{datetime.now(UTC).date().isoformat()}; {_cpus()} CPUs ({_cpu_model()}); "
        f"{_ram_gib():.1f} GiB RAM; load average {load}; Linux {platform.release()}; "
        f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}"
    )


class CpuPressure:
    """How much of a stretch of time some task waited for a CPU (Linux pressure stall info)."""

    def __init__(self) -> None:
        self._start = (time.monotonic(), _stalled_microseconds())

    def describe(self) -> str:
        """Describe the run's length and the CPU pressure since this object was made."""
        started, stalled_before = self._start
        seconds = time.monotonic() - started
        stalled_now = _stalled_microseconds()
        if stalled_before is None or stalled_now is None:
            return f"{seconds / 60:.1f} min; CPU pressure unknown"
        share = (stalled_now - stalled_before) / 1e6 / seconds
        return (
            f"{seconds / 60:.1f} min; some task waited for a CPU {share:.0%} of the time "
            "(a few per cent when nothing else runs)"
        )


def _stalled_microseconds() -> int | None:
    for line in _read_lines(Path("/proc/pressure/cpu")):
        if line.startswith("some "):
            return int(line.rsplit("total=", 1)[1])
    return None


def describe_code(repo: Path) -> str:
    """Return the commit the product code comes from, and whether it has uncommitted changes."""
    try:
        commit = _git(repo, "rev-parse", "--short", "HEAD").strip()
        # bench/ is what is being run, not what is being measured.
        changed = _git(repo, "status", "--porcelain", "--", ".", ":(exclude)bench").strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"commit {commit}" + (" with uncommitted changes" if changed else "")


def _git(repo: Path, *args: str) -> str:
    # Fixed arguments, and git from PATH as a developer runs it.
    return subprocess.run(  # noqa: S603
        ["git", "-C", str(repo), *args],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _cpus() -> int:
    """Count the CPUs this process may run on, as `nproc` does."""
    return len(os.sched_getaffinity(0))


def _cpu_model() -> str:
    for line in _read_lines(Path("/proc/cpuinfo")):
        key, _, value = line.partition(":")
        if key.strip() == "model name":
            return value.strip()
    return platform.processor() or "unknown CPU"


def _ram_gib() -> float:
    for line in _read_lines(Path("/proc/meminfo")):
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024**2
    return 0.0


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
