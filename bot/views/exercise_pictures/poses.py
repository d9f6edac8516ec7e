"""Pose descriptions: what each exercise picture shows, read from ``rehab/content/poses.toml``.

A picture is drawn from data, not from code of its own, so a new exercise needs a new table in
poses.toml and nothing else. The loader refuses what it would otherwise have to guess about (an
angle it does not know, a number no body bends to, a prop it cannot draw) with a ``PoseError``
naming the key: a typo must not quietly draw a straight limb.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import TypeVar

POSES_FILE = "poses.toml"


class PoseError(ValueError):
    """A pose description that breaks a rule; the message names the file and the key."""


class View(StrEnum):
    """Where the picture is seen from: the side (most exercises) or the front (side-steps)."""

    SIDE = "side"
    FRONT = "front"


class Prop(StrEnum):
    """The things a picture can draw around the figure; where each goes is fixed by the figure."""

    FLOOR = "floor"  # the ground line
    BENCH = "bench"  # under the trunk, its end at the hips
    CHAIR = "chair"  # a seat under the hips, the backrest behind
    SUPPORT = "support"  # a chair back in front, its top at the hands
    SOFA = "sofa"  # a heavy block with the working ankle hooked under its front edge
    TOWEL = "towel"  # under the other foot, sliding with it
    CUSHION = "cushion"  # under the feet, raising the figure off the floor
    WEIGHT = "weight"  # held in the hands
    CONE = "cone"  # on the floor ahead of the figure
    BALL = "ball"  # on the floor in front of the standing foot


class Joint(StrEnum):
    """The named points of the figure: anchors, arrows and props refer to these."""

    HEAD = "head"
    NECK = "neck"
    HIP = "hip"
    WORKING_HIP = "working_hip"
    WORKING_KNEE = "working_knee"
    WORKING_ANKLE = "working_ankle"
    WORKING_TOE = "working_toe"
    OTHER_HIP = "other_hip"
    OTHER_KNEE = "other_knee"
    OTHER_ANKLE = "other_ankle"
    OTHER_TOE = "other_toe"
    NEAR_SHOULDER = "near_shoulder"
    NEAR_ELBOW = "near_elbow"
    NEAR_HAND = "near_hand"
    FAR_SHOULDER = "far_shoulder"
    FAR_ELBOW = "far_elbow"
    FAR_HAND = "far_hand"


@dataclass(frozen=True)
class Leg:
    """A leg's joint angles in degrees; all zero is standing straight."""

    hip: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0


@dataclass(frozen=True)
class Arm:
    """An arm's joint angles in degrees; all zero is hanging straight by the side."""

    shoulder: float = 0.0
    elbow: float = 0.0


@dataclass(frozen=True)
class Position:
    """One moment of the exercise: the trunk's tilt, the head's nod and the four limbs."""

    trunk: float = 0.0
    neck: float = 0.0
    working_leg: Leg = Leg()
    other_leg: Leg = Leg()
    near_arm: Arm = Arm()
    far_arm: Arm = Arm()


@dataclass(frozen=True)
class Arrow:
    """What the arrow shows: the path of ``joint`` from start to end or, for a hold (``push``
    set), the direction the joint presses, in degrees anticlockwise from pointing right."""

    joint: Joint
    push: float | None = None


@dataclass(frozen=True)
class Pose:
    """Everything one exercise's picture is drawn from."""

    key: str
    view: View
    props: tuple[Prop, ...]
    anchor: Joint
    arrow: Arrow
    start: Position
    end: Position


# The range each angle may take, in degrees. Wide enough for every pose a person can hold, seen
# flat on the page; narrow enough that a slip of the keyboard (a knee at 900) is caught.
ANGLE_RANGES: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "trunk": (-180.0, 180.0),
        "neck": (-60.0, 60.0),
        "hip": (-60.0, 150.0),
        "knee": (0.0, 160.0),
        "ankle": (-40.0, 90.0),
        "shoulder": (-180.0, 180.0),
        "elbow": (0.0, 160.0),
    }
)
# From the front the ankle's bend points at the viewer, so nothing would show it.
_NOT_IN_VIEW: Mapping[View, frozenset[str]] = MappingProxyType(
    {View.SIDE: frozenset(), View.FRONT: frozenset({"ankle"})}
)
_POSE_KEYS = ("view", "props", "anchor", "arrow", "start", "end")
_POSITION_KEYS = ("trunk", "neck", "working_leg", "other_leg", "near_arm", "far_arm")
_LEG_ANGLES = ("hip", "knee", "ankle")
_ARM_ANGLES = ("shoulder", "elbow")
_Choice = TypeVar("_Choice", bound=StrEnum)


@functools.cache
def load_poses() -> Mapping[str, Pose]:
    """Load and check the poses shipped with the content (once per process)."""
    return load_poses_from(files("rehab.content").joinpath(POSES_FILE))


def load_poses_from(source: str | Traversable) -> Mapping[str, Pose]:
    """Load and check poses from TOML text or from a file, keyed by exercise."""
    text = source if isinstance(source, str) else source.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PoseError(f"{POSES_FILE}: {exc}") from exc
    if not data:
        raise PoseError(f"{POSES_FILE}: no poses")
    return MappingProxyType({key: _pose(key, value) for key, value in data.items()})


def _error(path: str, problem: str) -> PoseError:
    return PoseError(f"{POSES_FILE}: {path}: {problem}")


def _table(value: object, path: str, known: tuple[str, ...]) -> dict[str, object]:
    """Check that ``value`` is a table whose keys are all among ``known``."""
    if not isinstance(value, dict):
        raise _error(path, "must be a table")
    for key in value:
        if key not in known:
            raise _error(f"{path}.{key}", f"unknown key (expected one of {', '.join(known)})")
    return value


def _pose(key: str, value: object) -> Pose:
    table = _table(value, key, _POSE_KEYS)
    for name in _POSE_KEYS:
        if name not in table:
            raise _error(f"{key}.{name}", "missing")
    view = _choice(View, table["view"], f"{key}.view")
    props = table["props"]
    if not isinstance(props, list):
        raise _error(f"{key}.props", "must be a list of prop names")
    return Pose(
        key=key,
        view=view,
        props=tuple(_choice(Prop, prop, f"{key}.props") for prop in props),
        anchor=_choice(Joint, table["anchor"], f"{key}.anchor"),
        arrow=_arrow(table["arrow"], f"{key}.arrow"),
        start=_position(table["start"], f"{key}.start", view),
        end=_position(table["end"], f"{key}.end", view),
    )


def _choice(kind: type[_Choice], value: object, path: str) -> _Choice:
    """Read one of the names of ``kind``, listing them all when the value is not one."""
    names = [member.value for member in kind]
    if value not in names:
        expected = ", ".join(names)
        raise _error(
            path, f"unknown {kind.__name__.lower()} {value!r} (expected one of {expected})"
        )
    return kind(value)


def _arrow(value: object, path: str) -> Arrow:
    table = _table(value, path, ("joint", "push"))
    if "joint" not in table:
        raise _error(f"{path}.joint", "missing")
    push = table.get("push")
    return Arrow(
        joint=_choice(Joint, table["joint"], f"{path}.joint"),
        push=None if push is None else _number(push, f"{path}.push", (-180.0, 360.0)),
    )


def _position(value: object, path: str, view: View) -> Position:
    """Read a position; whatever it leaves out stays as in standing tall, arms by the sides."""
    table = _table(value, path, _POSITION_KEYS)
    return Position(
        trunk=_angle(table.get("trunk", 0), f"{path}.trunk", "trunk", view),
        neck=_angle(table.get("neck", 0), f"{path}.neck", "neck", view),
        working_leg=_leg(table.get("working_leg", {}), f"{path}.working_leg", view),
        other_leg=_leg(table.get("other_leg", {}), f"{path}.other_leg", view),
        near_arm=_arm(table.get("near_arm", {}), f"{path}.near_arm", view),
        far_arm=_arm(table.get("far_arm", {}), f"{path}.far_arm", view),
    )


def _leg(value: object, path: str, view: View) -> Leg:
    table = _table(value, path, _LEG_ANGLES)
    return Leg(**_angles(table, path, view))


def _arm(value: object, path: str, view: View) -> Arm:
    table = _table(value, path, _ARM_ANGLES)
    return Arm(**_angles(table, path, view))


def _angles(table: dict[str, object], path: str, view: View) -> dict[str, float]:
    return {name: _angle(value, f"{path}.{name}", name, view) for name, value in table.items()}


def _angle(value: object, path: str, name: str, view: View) -> float:
    if name in _NOT_IN_VIEW[view]:
        raise _error(path, f"not drawn in the {view.value} view")
    return _number(value, path, ANGLE_RANGES[name])


def _number(value: object, path: str, bounds: tuple[float, float]) -> float:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _error(path, f"must be a number of degrees, not {value!r}")
    if not low <= value <= high:
        raise _error(path, f"{value} is outside {low:g}..{high:g} degrees")
    return float(value)
