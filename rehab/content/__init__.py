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

from rehab.dose import Amount, Dose
from rehab.injury import Onset
from rehab.protocol import (
    NEEDS,
    BuildUp,
    BuildUpStep,
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
            cue=_text(table, "cue"),
        )
        for key, table in _keyed_tables(directory, EXERCISES_FILE, "name", "cue", "steps", "source")
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
    data = _read(directory, name)
    optional = ("build_ups",) if isinstance(data, dict) and "build_ups" in data else ()
    top = _Table(data, file=name, path="", keys=("name", "phases", "maintenance", *optional))
    build_ups = _build_ups(top, sources)
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
        phase = _phase(table, sources, exercises, build_ups)
        if phase.number != number:
            raise table.error("number", f"is {phase.number}, expected {number} (count from 1)")
        if phase.key in {earlier.key for earlier in phases}:
            raise table.error("key", f"duplicate phase key {phase.key!r}")
        phases.append(phase)
    return Track(
        onset=onset,
        name=_text(top, "name"),
        phases=tuple(phases),
        maintenance=_maintenance(top, sources, exercises, build_ups),
    )


def _build_ups(top: _Table, sources: dict[str, Source]) -> dict[str, BuildUp]:
    """Read the track's build-ups by key: steps of weeks, then what follows them."""
    data = top.data.get("build_ups", {})
    if not isinstance(data, dict):
        raise top.error("build_ups", "must be a table")
    build_ups: dict[str, BuildUp] = {}
    for key, value in data.items():
        item = _Table(
            value, file=top.file, path=f"build_ups.{key}", keys=("source", "steps", "then")
        )
        step_keys = ("weeks", "per_week", "dose")
        steps = tuple(_build_up_step(step) for step in item.tables("steps", *step_keys))
        then = _Table(item.data["then"], file=top.file, path=f"{item.path}.then", keys=step_keys)
        build_ups[_check_key(item, "", key)] = BuildUp(
            key=key, steps=steps, then=_build_up_step(then), source=_source(item, "source", sources)
        )
    return build_ups


def _build_up_step(table: _Table) -> BuildUpStep:
    per_week = _positive(table, "per_week", table.data["per_week"])
    if per_week > 3:
        raise table.error("per_week", "is 1, 2 or 3 sessions a week")
    return BuildUpStep(
        weeks=_positive(table, "weeks", table.data["weeks"]),
        per_week=per_week,
        dose=_dose(table, "dose"),
    )


def _maintenance(
    top: _Table,
    sources: dict[str, Source],
    exercises: dict[str, Exercise],
    build_ups: dict[str, BuildUp],
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
            _prescription(item, exercises, build_ups) for item in _prescriptions(table)
        ),
        source=_source(table, "source", sources),
    )


def _phase(
    table: _Table,
    sources: dict[str, Source],
    exercises: dict[str, Exercise],
    build_ups: dict[str, BuildUp],
) -> Phase:
    """Build one phase and check its days, prescriptions and criteria."""
    low, high = _day_range(table, "typical_days")
    min_days = _positive(table, "min_days", table.data["min_days"])
    if min_days > high:
        raise table.error("min_days", f"{min_days} is more than the typical maximum {high}")
    prescriptions: list[Prescription] = []
    for item in _prescriptions(table):
        prescription = _prescription(item, exercises, build_ups)
        if prescription.exercise in {earlier.exercise for earlier in prescriptions}:
            raise item.error("exercise", f"{prescription.exercise.key!r} is prescribed twice")
        prescriptions.append(prescription)
    if not any(p.frequency in _EVERY_DAY and p.needs is None for p in prescriptions):
        raise table.error(
            "prescriptions", "needs a twice_daily or daily exercise that waits for nothing"
        )
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


_PRESCRIPTION_KEYS = ("exercise", "dose", "frequency", "needs", "build_up")


def _prescriptions(table: _Table) -> tuple[_Table, ...]:
    """The prescriptions of a phase or maintenance: each an exercise with a dose and a
    frequency, or with a build-up instead; optionally a condition it waits for."""
    items = _items(table, "prescriptions")
    tables = []
    for index, item in enumerate(items):
        given = tuple(item) if isinstance(item, dict) else ()
        keys = tuple(k for k in _PRESCRIPTION_KEYS if k in given or k in ("exercise",))
        if "build_up" not in given:
            keys = tuple(dict.fromkeys((*keys, "dose", "frequency")))
        path = f"{table.path}.prescriptions[{index}]".lstrip(".")
        tables.append(_Table(item, file=table.file, path=path, keys=keys))
    return tuple(tables)


def _prescription(
    table: _Table, exercises: dict[str, Exercise], build_ups: dict[str, BuildUp]
) -> Prescription:
    """Build one prescription from a known exercise and a known frequency or build-up."""
    exercise_key = _text(table, "exercise")
    if exercise_key not in exercises:
        raise table.error(
            "exercise", f"unknown exercise {exercise_key!r} (not in {EXERCISES_FILE})"
        )
    needs = _text(table, "needs") if "needs" in table.data else None
    if needs is not None and needs not in NEEDS:
        raise table.error("needs", f"unknown condition {needs!r} (expected {', '.join(NEEDS)})")
    if "build_up" in table.data:
        key = _text(table, "build_up")
        if key not in build_ups:
            raise table.error("build_up", f"unknown build-up {key!r} (not in build_ups)")
        first = build_ups[key].steps[0]
        return Prescription(
            exercise=exercises[exercise_key],
            dose=first.dose,
            frequency=Frequency.per_week(first.per_week),
            needs=needs,
            build_up=build_ups[key],
        )
    frequency = _text(table, "frequency")
    if frequency not in {f.value for f in Frequency}:
        allowed = ", ".join(f.value for f in Frequency)
        raise table.error("frequency", f"unknown frequency {frequency!r} (expected {allowed})")
    return Prescription(
        exercise=exercises[exercise_key],
        dose=_dose(table, "dose"),
        frequency=Frequency(frequency),
        needs=needs,
    )


_DOSE_KEYS = ("sets", "reps", "hold_seconds", "minutes", "reps_by_set", "note")


def _dose(table: _Table, key: str) -> Dose:
    """Read a dose: an inline table of sets and one measure (a number or [low, high])."""
    value = table.data[key]
    given = tuple(value) if isinstance(value, dict) else ()
    item = _Table(
        value,
        file=table.file,
        path=f"{table.path}.{key}",
        keys=tuple(k for k in _DOSE_KEYS if k in given) or ("sets",),
    )
    data = item.data
    try:
        return Dose(
            sets=_positive(item, "sets", data["sets"]) if "sets" in data else None,
            reps=_amount(item, "reps"),
            hold_seconds=_amount(item, "hold_seconds"),
            minutes=_amount(item, "minutes"),
            reps_by_set=tuple(
                _positive(item, "reps_by_set", count) for count in _items(item, "reps_by_set")
            )
            if "reps_by_set" in data
            else (),
            note=_text(item, "note") if "note" in data else "",
        )
    except ValueError as error:
        if isinstance(error, ContentError):
            raise
        raise item.error("", str(error)) from None


def _amount(table: _Table, key: str) -> Amount | None:
    """Read a whole number or a [low, high] range, if given."""
    if key not in table.data:
        return None
    value = table.data[key]
    if isinstance(value, list):
        low, high = _day_range(table, key)
        return Amount(low, high)
    number = _positive(table, key, value)
    return Amount(number, number)


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
