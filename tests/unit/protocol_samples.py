"""Small hand-built protocol pieces for the rule tests, independent of the real content files."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import cast

from hypothesis import strategies as st

import rehab
from rehab.dose import Amount, Dose
from rehab.injury import Onset
from rehab.protocol import (
    Criterion,
    Exercise,
    Frequency,
    Maintenance,
    Phase,
    Prescription,
    Protocol,
    Track,
)


def exercise(key: str) -> Exercise:
    """Make an exercise whose name and step are derived from its key."""
    return Exercise(key=key, name=key.title(), steps=(f"Do the {key}.",), source="sample")


def prescription(key: str, frequency: Frequency) -> Prescription:
    """Prescribe the exercise ``key`` at ``frequency``."""
    return Prescription(
        exercise=exercise(key), dose=Dose(sets=3, reps=Amount(6, 6)), frequency=frequency
    )


def criterion(key: str) -> Criterion:
    """Make a yes/no criterion named ``key``."""
    return Criterion(key=key, question=f"Can you {key}?", source="sample")


def phase(
    number: int,
    prescriptions: tuple[Prescription, ...],
    *,
    min_days: int = 0,
    criteria: tuple[Criterion, ...] = (),
) -> Phase:
    """Make phase ``number`` with the given prescriptions and criteria."""
    return Phase(
        number=number,
        key=f"phase{number}",
        name=f"Phase {number}",
        goal="Get better.",
        typical_days=(min_days, min_days + 14),
        min_days=min_days,
        prescriptions=prescriptions,
        stop_if="Stop at 7/10.",
        endurance=("Cycling",),
        avoid=(),
        criteria=criteria,
        source="sample",
    )


def track(phases: tuple[Phase, ...]) -> Track:
    """Make a sudden-onset track of ``phases``."""
    maintenance = Maintenance("Keep it up.", (prescription("nordic", Frequency.WEEKLY),), "sample")
    return Track(onset=Onset.SUDDEN, name="Sample", phases=phases, maintenance=maintenance)


EXTENDER = prescription("extender", Frequency.TWICE_DAILY)
BRIDGE = prescription("bridge", Frequency.DAILY)
DIVER = prescription("diver", Frequency.EVERY_OTHER_DAY)
GLIDER = prescription("glider", Frequency.EVERY_THIRD_DAY)
NORDIC = prescription("nordic", Frequency.WEEKLY)

# Every frequency, in the order the phase lists them.
PROTECT = phase(
    1,
    (BRIDGE, EXTENDER, DIVER, GLIDER, NORDIC),
    min_days=3,
    criteria=(criterion("walk"), criterion("jog"), criterion("squeeze")),
)
# Daily work but nothing twice a day: the second session falls back to the daily ones.
LOAD = phase(2, (DIVER, BRIDGE), min_days=7, criteria=(criterion("sprint"), criterion("hop")))
# Nothing daily at all: the second session falls back to the first prescription.
RETURN = phase(3, (GLIDER, DIVER), min_days=10, criteria=(criterion("h-test"),))

SAMPLE_TRACK = track((PROTECT, LOAD, RETURN))

FREQUENCIES = st.sampled_from(Frequency)


@st.composite
def phases(draw: st.DrawFn, number: int = 1) -> Phase:
    """Draw a phase of one to six prescriptions at any frequencies, with a few criteria."""
    frequencies = draw(st.lists(FREQUENCIES, min_size=1, max_size=6))
    criteria = draw(st.integers(0, 3))
    return phase(
        number,
        tuple(prescription(f"ex{i}", f) for i, f in enumerate(frequencies)),
        min_days=draw(st.integers(0, 21)),
        criteria=tuple(criterion(f"c{number}.{i}") for i in range(criteria)),
    )


@st.composite
def tracks(draw: st.DrawFn) -> Track:
    """Draw a track of one to four phases."""
    count = draw(st.integers(1, 4))
    return track(tuple(draw(phases(number)) for number in range(1, count + 1)))


def real_protocol() -> Protocol | None:
    """The real protocol content, or None while ``rehab/content`` is not written yet."""
    if not (Path(rehab.__file__).parent / "content" / "__init__.py").exists():
        return None
    content = importlib.import_module("rehab.content")
    return cast(Protocol, content.load_protocol())


def real_tracks() -> list[Track]:
    """The tracks of the real protocol content, or none while it is not written yet."""
    protocol = real_protocol()
    return [] if protocol is None else list(protocol.tracks.values())
