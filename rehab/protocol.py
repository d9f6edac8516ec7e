"""The shape of the rehab protocol: tracks, phases, exercises, criteria and their sources.

The content itself lives in data files (``rehab/content/``) and is checked when it is loaded
(``rehab.content.load_protocol``); these types are what the rest of the code reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from rehab.injury import Onset


class Frequency(StrEnum):
    """How often an exercise is prescribed."""

    TWICE_DAILY = "twice_daily"
    DAILY = "daily"
    EVERY_OTHER_DAY = "every_other_day"
    EVERY_THIRD_DAY = "every_third_day"
    WEEKLY = "weekly"

    @property
    def interval_days(self) -> int:
        """Days between two sessions of the exercise (twice daily counts as every day)."""
        return _INTERVAL_DAYS[self]


_INTERVAL_DAYS = {
    Frequency.TWICE_DAILY: 1,
    Frequency.DAILY: 1,
    Frequency.EVERY_OTHER_DAY: 2,
    Frequency.EVERY_THIRD_DAY: 3,
    Frequency.WEEKLY: 7,
}


@dataclass(frozen=True)
class Source:
    """A published source a piece of content rests on, cited by its short key."""

    key: str
    citation: str


@dataclass(frozen=True)
class Exercise:
    """One exercise: a name, a plain how-to in a few short steps, and its source."""

    key: str
    name: str
    steps: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Prescription:
    """An exercise as a phase prescribes it: how much and how often."""

    exercise: Exercise
    dose: str
    frequency: Frequency


@dataclass(frozen=True)
class Criterion:
    """One condition for leaving a phase, asked as a yes/no question about oneself."""

    key: str
    question: str
    source: str


@dataclass(frozen=True)
class RedFlag:
    """A warning sign that means: stop the exercises and see a professional now."""

    key: str
    text: str
    source: str


@dataclass(frozen=True)
class Phase:
    """One stage of a track."""

    number: int
    key: str
    name: str
    goal: str
    typical_days: tuple[int, int]
    min_days: int
    prescriptions: tuple[Prescription, ...]
    stop_if: str
    endurance: tuple[str, ...]
    avoid: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    source: str


@dataclass(frozen=True)
class Maintenance:
    """The weekly session after the last phase, and why it is kept up."""

    why: str
    prescriptions: tuple[Prescription, ...]
    source: str


@dataclass(frozen=True)
class Track:
    """The phases for one kind of onset, in order; phase numbers start at 1."""

    onset: Onset
    name: str
    phases: tuple[Phase, ...]
    maintenance: Maintenance

    def phase(self, number: int) -> Phase:
        """Return phase ``number`` (1-based)."""
        if not 1 <= number <= len(self.phases):
            raise ValueError(f"{self.name} has no phase {number}")
        return self.phases[number - 1]

    @property
    def last_phase(self) -> int:
        """The number of the final phase."""
        return len(self.phases)


@dataclass(frozen=True)
class Protocol:
    """The whole protocol: every source, exercise and track."""

    sources: Mapping[str, Source]
    exercises: Mapping[str, Exercise]
    tracks: Mapping[Onset, Track]
    red_flags: tuple[RedFlag, ...]

    def track(self, onset: Onset) -> Track:
        """Return the track for an onset."""
        return self.tracks[onset]
