"""3: drawing the exercise pictures: the time per picture (drawn on first use, in a worker
thread) and the PNG sizes, against Telegram's photo limits."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from bench.results import Measurement
from bot.views.exercise_pictures import picture_keys
from bot.views.exercise_pictures.drawing import render_picture
from bot.views.exercise_pictures.poses import load_poses

# Telegram's photo limit, and the project's budget for drawing one picture on first use.
PHOTO_LIMIT_BYTES = 10 * 1024 * 1024
TARGET_MS = 500


def picture_benchmarks(*, repeats: int = 5) -> list[Measurement]:
    """Draw every picture ``repeats`` times (uncached) and time each; time a fresh process's
    first picture too, which pays for importing matplotlib."""
    poses = load_poses()
    keys = sorted(picture_keys())
    render_picture(poses[keys[0]])  # matplotlib imported and its fonts loaded
    times: list[float] = []
    sizes: list[int] = []
    for key in keys:
        for _ in range(repeats):
            start = time.perf_counter()
            png = render_picture(poses[key])
            times.append((time.perf_counter() - start) * 1000)
        sizes.append(len(png))
    median, slowest = statistics.median(times), max(times)
    first = _first_picture_in_a_new_process_ms()
    return [
        Measurement(
            "3 picture, median / slowest",
            "-",
            len(keys),
            f"{median:.0f} / {slowest:.0f} ms",
            f"< {TARGET_MS} ms",
            slowest < TARGET_MS,
        ),
        Measurement(
            "3 first picture, new process",
            "-",
            1,
            f"{first:.0f} ms",
            f"< {2 * TARGET_MS} ms",
            first < 2 * TARGET_MS,
        ),
        Measurement(
            "3 PNG size, largest",
            "-",
            len(keys),
            f"{max(sizes) / 1024:.0f} KB",
            "< 10 MB",
            max(sizes) < PHOTO_LIMIT_BYTES,
        ),
    ]


def _first_picture_in_a_new_process_ms() -> float:
    """The first picture of a process, imports included, as the bot's first album pays it."""
    code = (
        "import time; start = time.perf_counter(); "
        "from bot.views.exercise_pictures import exercise_picture; "
        "exercise_picture('askling_extender'); print((time.perf_counter() - start) * 1000)"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip())
