"""The shape of the rehab protocol: tracks, phases, exercises, criteria and their sources.

The content itself lives in data files (``rehab/content/``) and is checked when it is loaded
(``rehab.content.load_protocol``); these types are what the rest of the code reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from rehab.dose import Dose
from rehab.injury import Onset


class Frequency(StrEnum):
    """How often an exercise is prescribed."""

    TWICE_DAILY = "twice_daily"
    DAILY = "daily"
    EVERY_OTHER_DAY = "every_other_day"
    EVERY_THIRD_DAY = "every_third_day"
    THREE_TIMES_WEEKLY = "three_times_weekly"
    TWICE_WEEKLY = "twice_weekly"
    WEEKLY = "weekly"

    @classmethod
    def per_week(cls, sessions: int) -> Frequency:
        """The frequency of 1, 2 or 3 sessions a week."""
        return _PER_WEEK[sessions]

    @property
    def interval_days(self) -> int:
        """Days between two sessions of the exercise (twice daily counts as every day)."""
        return _INTERVAL_DAYS[self]


_INTERVAL_DAYS = {
    Frequency.TWICE_DAILY: 1,
    Frequency.DAILY: 1,
    Frequency.EVERY_OTHER_DAY: 2,
    Frequency.EVERY_THIRD_DAY: 3,
    Frequency.THREE_TIMES_WEEKLY: 2,
    Frequency.TWICE_WEEKLY: 3,
    Frequency.WEEKLY: 7,
}
_PER_WEEK = {1: Frequency.WEEKLY, 2: Frequency.TWICE_WEEKLY, 3: Frequency.THREE_TIMES_WEEKLY}


@dataclass(frozen=True)
class Source:
    """A published source a piece of content rests on, cited by its short key."""

    key: str
    citation: str


@dataclass(frozen=True)
class Exercise:
    """One exercise: a name, a one-line cue, a plain how-to in a few short steps, its source."""

    key: str
    name: str
    steps: tuple[str, ...]
    source: str
    cue: str = ""


@dataclass(frozen=True)
class BuildUpStep:
    """Some weeks of a build-up: how many sessions a week, at which dose."""

    weeks: int
    per_week: int
    dose: Dose


@dataclass(frozen=True)
class BuildUp:
    """An exercise brought in week by week, as its trial did (petersen2011 for the Nordic),
    counted from the first day of the first phase that prescribes it; afterwards ``then``."""

    key: str
    steps: tuple[BuildUpStep, ...]
    then: BuildUpStep
    source: str

    @property
    def weeks(self) -> int:
        """How many weeks the build-up takes."""
        return sum(step.weeks for step in self.steps)

    def step_in(self, week: int) -> BuildUpStep:
        """The step of week ``week`` (1-based); after the build-up, ``then``."""
        if week < 1:
            raise ValueError(f"build-up weeks count from 1, not {week}")
        for step in self.steps:
            if week <= step.weeks:
                return step
            week -= step.weeks
        return self.then


@dataclass(frozen=True)
class Prescription:
    """An exercise as a phase prescribes it: how much and how often.

    ``needs`` names a condition the exercise waits for (``WALKING_PAIN_FREE``). With a
    ``build_up`` the dose and frequency follow its week; the ones here are its first week's.
    """

    exercise: Exercise
    dose: Dose
    frequency: Frequency
    needs: str | None = None
    build_up: BuildUp | None = None


# A condition of the sudden track's first phase (askling2013 timing, REFERENCES): the standing
# lengthening exercises wait until walking at a normal stride is pain-free and five days have
# passed since the injury.
WALKING_PAIN_FREE = "walking_pain_free"
WALKING_GATE_DAYS = 5
NEEDS = (WALKING_PAIN_FREE,)


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
