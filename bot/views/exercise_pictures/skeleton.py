"""Forward kinematics: a position's joint angles turned into the 2D points of a stick figure.

Pure functions on plain tuples, so the geometry can be checked without drawing anything. The
figure always faces right. Lengths are fractions of a standing height of 1, after the usual
anthropometric proportions (thigh and shin about a quarter of the height each, trunk a little
more), so a pose that looks right in angles also looks like a body.

Angles, in degrees (the header of poses.toml says the same for whoever writes poses):
- trunk: side view, the tilt from upright, positive tipping forward (90 face down with the head
  to the right, -90 face up with the head to the left); front view, the lean towards the
  working leg.
- neck: the head's nod from the trunk's line, positive chin towards chest.
- hip, shoulder: side view, flexion from hanging along the trunk, positive swinging forward;
  front view, how far the limb swings out sideways.
- knee, elbow: flexion from straight; the knee folds backward, the elbow forward (side view).
- ankle: plantar flexion from the foot at a right angle to the shin, positive toes pointed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bot.views.exercise_pictures.poses import Arm, Joint, Leg, Position, View

Point = tuple[float, float]

TRUNK = 0.29  # hip joint to the base of the neck (where the arms hang from, too)
NECK = 0.04
HEAD_RADIUS = 0.065
THIGH = 0.25
SHIN = 0.27  # knee to the sole: the ankle point sits on the floor when standing
FOOT = 0.12  # ankle to toes
UPPER_ARM = 0.18
FOREARM = 0.19  # elbow to the middle of the hand
HALF_PELVIS = 0.06  # front view: hip joints either side of the middle
HALF_SHOULDERS = 0.1
# Half the drawn thickness of a limb, so a figure lying down rests on the floor, not in it.
LIMB_HALF_WIDTH = 0.022

WORKING_LEG: tuple[Joint, ...] = (
    Joint.WORKING_HIP,
    Joint.WORKING_KNEE,
    Joint.WORKING_ANKLE,
    Joint.WORKING_TOE,
)
OTHER_LEG: tuple[Joint, ...] = (
    Joint.OTHER_HIP,
    Joint.OTHER_KNEE,
    Joint.OTHER_ANKLE,
    Joint.OTHER_TOE,
)
NEAR_ARM: tuple[Joint, ...] = (Joint.NEAR_SHOULDER, Joint.NEAR_ELBOW, Joint.NEAR_HAND)
FAR_ARM: tuple[Joint, ...] = (Joint.FAR_SHOULDER, Joint.FAR_ELBOW, Joint.FAR_HAND)


@dataclass(frozen=True)
class Skeleton:
    """Where every joint of the figure is, in body heights."""

    joints: Mapping[Joint, Point]

    def __getitem__(self, joint: Joint) -> Point:
        return self.joints[joint]

    def lowest(self) -> float:
        """The lowest drawn edge: a limb's underside or the bottom of the head."""
        limbs = min(y for joint, (_, y) in self.joints.items() if joint is not Joint.HEAD)
        return min(limbs - LIMB_HALF_WIDTH, self.joints[Joint.HEAD][1] - HEAD_RADIUS)

    def moved(self, dx: float, dy: float) -> Skeleton:
        """The same figure shifted by (dx, dy)."""
        return Skeleton(
            MappingProxyType({joint: (x + dx, y + dy) for joint, (x, y) in self.joints.items()})
        )


def heading(degrees: float) -> Point:
    """The unit vector pointing ``degrees`` anticlockwise from the right."""
    radians = math.radians(degrees)
    return math.cos(radians), math.sin(radians)


def _step(origin: Point, degrees: float, length: float) -> Point:
    dx, dy = heading(degrees)
    return origin[0] + dx * length, origin[1] + dy * length


def skeleton(view: View, position: Position) -> Skeleton:
    """The joints of ``position`` seen from ``view``, hips at the origin."""
    return _front(position) if view is View.FRONT else _side(position)


def placed(view: View, position: Position, *, anchor: Joint, ground: float) -> Skeleton:
    """The figure standing (or lying) on ``ground``, with ``anchor`` at x = 0.

    The anchor is the joint that stays put between start and end (the standing foot, the
    kneeling knee, the hips on the floor), so the two panels line up; the lowest point rests on
    the ground, so nothing floats or sinks.
    """
    figure = skeleton(view, position)
    return figure.moved(-figure[anchor][0], ground - figure.lowest())


def blend(start: Position, end: Position, fraction: float) -> Position:
    """The position ``fraction`` of the way from start to end, every angle moved evenly."""

    def mix(before: float, after: float) -> float:
        return before + (after - before) * fraction

    def leg(before: Leg, after: Leg) -> Leg:
        return Leg(
            mix(before.hip, after.hip), mix(before.knee, after.knee), mix(before.ankle, after.ankle)
        )

    def arm(before: Arm, after: Arm) -> Arm:
        return Arm(mix(before.shoulder, after.shoulder), mix(before.elbow, after.elbow))

    return Position(
        trunk=mix(start.trunk, end.trunk),
        neck=mix(start.neck, end.neck),
        working_leg=leg(start.working_leg, end.working_leg),
        other_leg=leg(start.other_leg, end.other_leg),
        near_arm=arm(start.near_arm, end.near_arm),
        far_arm=arm(start.far_arm, end.far_arm),
    )


def _side(position: Position) -> Skeleton:
    up = 90.0 - position.trunk  # from the hips towards the neck
    hip = (0.0, 0.0)
    neck = _step(hip, up, TRUNK)
    joints = {
        Joint.HIP: hip,
        Joint.NECK: neck,
        Joint.HEAD: _step(neck, up - position.neck, NECK + HEAD_RADIUS),
    }
    for chain, leg in ((WORKING_LEG, position.working_leg), (OTHER_LEG, position.other_leg)):
        thigh = up - 180.0 + leg.hip
        shin = thigh - leg.knee
        joints |= _chain(chain, hip, (thigh, THIGH), (shin, SHIN), (shin + 90.0 - leg.ankle, FOOT))
    for chain, arm in ((NEAR_ARM, position.near_arm), (FAR_ARM, position.far_arm)):
        upper = up - 180.0 + arm.shoulder
        joints |= _chain(chain, neck, (upper, UPPER_ARM), (upper + arm.elbow, FOREARM))
    return Skeleton(MappingProxyType(joints))


def _front(position: Position) -> Skeleton:
    """Seen from the front, the working leg on the right; a bent knee shows as a shorter leg
    (thigh tipping towards the viewer, shin away), a bent elbow folds the forearm in towards
    the middle, and the feet show as short stubs turned out."""
    up = 90.0 - position.trunk
    hip = (0.0, 0.0)
    neck = _step(hip, up, TRUNK)
    joints = {
        Joint.HIP: hip,
        Joint.NECK: neck,
        Joint.HEAD: _step(neck, up - position.neck, NECK + HEAD_RADIUS),
    }
    legs = ((WORKING_LEG, position.working_leg, 1.0), (OTHER_LEG, position.other_leg, -1.0))
    for chain, leg, outward in legs:
        root = _step(hip, up - 90.0 * outward, HALF_PELVIS)
        line = up - 180.0 + outward * leg.hip
        shortened = math.cos(math.radians(leg.knee / 2))
        toes = 90.0 - 90.0 * outward
        joints |= _chain(
            chain, root, (line, THIGH * shortened), (line, SHIN * shortened), (toes, FOOT / 2)
        )
    arms = ((NEAR_ARM, position.near_arm, 1.0), (FAR_ARM, position.far_arm, -1.0))
    for chain, arm, outward in arms:
        root = _step(neck, up - 90.0 * outward, HALF_SHOULDERS)
        upper = up - 180.0 + outward * arm.shoulder
        joints |= _chain(chain, root, (upper, UPPER_ARM), (upper - outward * arm.elbow, FOREARM))
    return Skeleton(MappingProxyType(joints))


def _chain(
    joints: tuple[Joint, ...], root: Point, *segments: tuple[float, float]
) -> dict[Joint, Point]:
    """Walk from ``root`` along (direction, length) segments, naming each point reached."""
    points = [root]
    for degrees, length in segments:
        points.append(_step(points[-1], degrees, length))
    return dict(zip(joints, points, strict=True))
