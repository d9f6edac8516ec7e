"""The rehab protocol's content: TOML files in this package, checked as they are loaded.

The wording lives in the ``.toml`` files so a physiotherapist can review it in one place;
``load_protocol`` turns them into the types of ``rehab.protocol`` and refuses broken content
with a ``ContentError`` that names the file and the key.
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import MappingProxyType

from rehab.injury import Onset
from rehab.protocol import (
    Criterion,
    Exercise,
    Frequency,
    Maintenance,
    Phase,
    Prescription,
    Protocol,
    RedFlag,
    Source,
    Track,
)

SOURCES_FILE = "sources.toml"
EXERCISES_FILE = "exercises.toml"
RED_FLAGS_FILE = "red_flags.toml"

_KEY = re.compile(r"[a-z][a-z0-9_]*")
# The second session of a twice-daily day is made of these, so every phase needs one.
_EVERY_DAY = (Frequency.TWICE_DAILY, Frequency.DAILY)


class ContentError(ValueError):
    """Protocol content that breaks a rule; the message names the file and the key."""


def track_file(onset: Onset) -> str:
    """Name the file that holds the track for ``onset``."""
    return f"{onset.value}.toml"


@functools.cache
def load_protocol() -> Protocol:
    """Load and check the protocol shipped in this package (once per process)."""
    return load_protocol_from(files(__name__))


def load_protocol_from(directory: Traversable) -> Protocol:
    """Load and check the protocol from the TOML files in ``directory``."""
    sources = {
        key: Source(key=key, citation=_text(table, "citation"))
        for key, table in _keyed_tables(directory, SOURCES_FILE, "citation")
    }
    exercises = {
        key: Exercise(
            key=key,
            name=_text(table, "name"),
            steps=_texts(table, "steps"),
            source=_source(table, "source", sources),
        )
        for key, table in _keyed_tables(directory, EXERCISES_FILE, "name", "steps", "source")
    }
    red_flags = tuple(
        RedFlag(key=key, text=_text(table, "text"), source=_source(table, "source", sources))
        for key, table in _keyed_tables(directory, RED_FLAGS_FILE, "text", "source")
    )
    tracks = {onset: _track(directory, onset, sources, exercises) for onset in Onset}
    return Protocol(
        sources=MappingProxyType(sources),
        exercises=MappingProxyType(exercises),
        tracks=MappingProxyType(tracks),
        red_flags=red_flags,
    )


class _Table:
    """One TOML table and where it sits, so every complaint can name the file and the key."""

    def __init__(self, data: object, *, file: str, path: str, keys: tuple[str, ...]) -> None:
        self.file = file
        self.path = path
        if not isinstance(data, dict):
            raise self.error("", "must be a table")
        self.data: dict[str, object] = data
        for key in self.data:
            if key not in keys:
                raise self.error(key, f"unknown key (expected {', '.join(keys)})")
        for key in keys:
            if key not in self.data:
                raise self.error(key, "missing")

    def error(self, key: str, problem: str) -> ContentError:
        """Build an error about ``key`` of this table."""
        where = ".".join(part for part in (self.path, key) if part) or "top level"
        return ContentError(f"{self.file}: {where}: {problem}")

    def tables(self, key: str, *keys: str) -> tuple[_Table, ...]:
        """Read a non-empty array of tables, each with exactly ``keys``."""
        items = _items(self, key)
        return tuple(
            _Table(item, file=self.file, path=f"{self.path}.{key}[{index}]".lstrip("."), keys=keys)
            for index, item in enumerate(items)
        )


def _read(directory: Traversable, name: str) -> dict[str, object]:
    """Parse one TOML file of ``directory``."""
    try:
        return tomllib.loads(directory.joinpath(name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{name}: missing file") from None
    except tomllib.TOMLDecodeError as exc:  # duplicate keys land here too
        raise ContentError(f"{name}: {exc}") from exc


def _keyed_tables(directory: Traversable, name: str, *keys: str) -> list[tuple[str, _Table]]:
    """Read a file made of ``[key]`` tables, each with exactly ``keys``, in file order."""
    data = _read(directory, name)
    if not data:
        raise ContentError(f"{name}: no entries")
    tables: list[tuple[str, _Table]] = []
    for key, value in data.items():
        table = _Table(value, file=name, path=key, keys=keys)
        tables.append((_check_key(table, "", key), table))
    return tables


def _track(
    directory: Traversable,
    onset: Onset,
    sources: dict[str, Source],
    exercises: dict[str, Exercise],
) -> Track:
    """Build one track; phases are numbered 1, 2, 3... in file order and have unique keys."""
    name = track_file(onset)
    top = _Table(_read(directory, name), file=name, path="", keys=("name", "phases", "maintenance"))
    phase_keys = (
        "number",
        "key",
        "name",
        "goal",
        "typical_days",
        "min_days",
        "source",
        "stop_if",
        "endurance",
        "avoid",
        "prescriptions",
        "criteria",
    )
    phases: list[Phase] = []
    for number, table in enumerate(top.tables("phases", *phase_keys), start=1):
        phase = _phase(table, sources, exercises)
        if phase.number != number:
            raise table.error("number", f"is {phase.number}, expected {number} (count from 1)")
        if phase.key in {earlier.key for earlier in phases}:
            raise table.error("key", f"duplicate phase key {phase.key!r}")
        phases.append(phase)
    return Track(
        onset=onset,
        name=_text(top, "name"),
        phases=tuple(phases),
        maintenance=_maintenance(top, sources, exercises),
    )


def _maintenance(
    top: _Table, sources: dict[str, Source], exercises: dict[str, Exercise]
) -> Maintenance:
    """Build the weekly session that follows the last phase."""
    table = _Table(
        top.data["maintenance"],
        file=top.file,
        path="maintenance",
        keys=("why", "source", "prescriptions"),
    )
    return Maintenance(
        why=_text(table, "why"),
        prescriptions=tuple(
            _prescription(item, exercises)
            for item in table.tables("prescriptions", "exercise", "dose", "frequency")
        ),
        source=_source(table, "source", sources),
    )


def _phase(table: _Table, sources: dict[str, Source], exercises: dict[str, Exercise]) -> Phase:
    """Build one phase and check its days, prescriptions and criteria."""
    low, high = _day_range(table, "typical_days")
    min_days = _positive(table, "min_days", table.data["min_days"])
    if min_days > high:
        raise table.error("min_days", f"{min_days} is more than the typical maximum {high}")
    prescriptions: list[Prescription] = []
    for item in table.tables("prescriptions", "exercise", "dose", "frequency"):
        prescription = _prescription(item, exercises)
        if prescription.exercise in {earlier.exercise for earlier in prescriptions}:
            raise item.error("exercise", f"{prescription.exercise.key!r} is prescribed twice")
        prescriptions.append(prescription)
    if not any(p.frequency in _EVERY_DAY for p in prescriptions):
        raise table.error("prescriptions", "needs a twice_daily or daily exercise")
    criteria: list[Criterion] = []
    for item in table.tables("criteria", "key", "question", "source"):
        key = _check_key(item, "key", _text(item, "key"))
        if key in {earlier.key for earlier in criteria}:
            raise item.error("key", f"duplicate criterion key {key!r}")
        criteria.append(
            Criterion(
                key=key, question=_text(item, "question"), source=_source(item, "source", sources)
            )
        )
    return Phase(
        number=_positive(table, "number", table.data["number"]),
        key=_check_key(table, "key", _text(table, "key")),
        name=_text(table, "name"),
        goal=_text(table, "goal"),
        typical_days=(low, high),
        min_days=min_days,
        prescriptions=tuple(prescriptions),
        stop_if=_text(table, "stop_if"),
        endurance=_texts(table, "endurance"),
        avoid=_texts(table, "avoid", allow_empty=True),
        criteria=tuple(criteria),
        source=_source(table, "source", sources),
    )


def _prescription(table: _Table, exercises: dict[str, Exercise]) -> Prescription:
    """Build one prescription from a known exercise and a known frequency."""
    exercise_key = _text(table, "exercise")
    if exercise_key not in exercises:
        raise table.error(
            "exercise", f"unknown exercise {exercise_key!r} (not in {EXERCISES_FILE})"
        )
    frequency = _text(table, "frequency")
    if frequency not in {f.value for f in Frequency}:
        allowed = ", ".join(f.value for f in Frequency)
        raise table.error("frequency", f"unknown frequency {frequency!r} (expected {allowed})")
    return Prescription(
        exercise=exercises[exercise_key], dose=_text(table, "dose"), frequency=Frequency(frequency)
    )


def _items(table: _Table, key: str, *, allow_empty: bool = False) -> list[object]:
    """Read an array, non-empty unless ``allow_empty``."""
    value = table.data[key]
    if not isinstance(value, list):
        raise table.error(key, "must be an array")
    if not value and not allow_empty:
        raise table.error(key, "must not be empty")
    return value


def _text(table: _Table, key: str) -> str:
    """Read a non-blank string."""
    return _checked_text(table, key, table.data[key])


def _texts(table: _Table, key: str, *, allow_empty: bool = False) -> tuple[str, ...]:
    """Read an array of non-blank strings."""
    return tuple(
        _checked_text(table, f"{key}[{index}]", item)
        for index, item in enumerate(_items(table, key, allow_empty=allow_empty))
    )


def _checked_text(table: _Table, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise table.error(key, "must be a non-empty string")
    return value


def _positive(table: _Table, key: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise table.error(key, "must be a whole number of at least 1")
    return value


def _day_range(table: _Table, key: str) -> tuple[int, int]:
    """Read ``[min, max]`` days with min <= max."""
    items = _items(table, key)
    if len(items) != 2:
        raise table.error(key, "must be [min, max]")
    low = _positive(table, key, items[0])
    high = _positive(table, key, items[1])
    if low > high:
        raise table.error(key, f"min {low} is more than max {high}")
    return low, high


def _check_key(table: _Table, where: str, key: str) -> str:
    if not _KEY.fullmatch(key):
        raise table.error(where, f"{key!r} is not a snake_case key")
    return key


def _source(table: _Table, key: str, sources: dict[str, Source]) -> str:
    """Read a source key that sources.toml defines."""
    source = _text(table, key)
    if source not in sources:
        raise table.error(key, f"unknown source {source!r} (not in {SOURCES_FILE})")
    return source
