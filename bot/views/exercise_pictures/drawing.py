"""Exercise pictures: a pose from poses.toml drawn as two panels, Start and End, in one PNG.

No pyplot, as in ``bot.views.progress_chart``: each figure has an Agg canvas of its own, so a
render can run in a worker thread without touching global state. Every picture is drawn at the
same scale, so the body is the same size from one exercise to the next and the limbs' thickness
in points matches the thickness the skeleton allows for when it sets the figure on the floor.
Nothing random and no timestamp in the file: the same pose gives the same bytes in every process.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from bot.views.exercise_pictures.poses import Joint, Pose, Prop, View, load_poses
from bot.views.exercise_pictures.skeleton import (
    FAR_ARM,
    HEAD_RADIUS,
    LIMB_HALF_WIDTH,
    NEAR_ARM,
    OTHER_LEG,
    WORKING_LEG,
    Point,
    Skeleton,
    blend,
    heading,
    placed,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH_PX, HEIGHT_PX, DPI = 1000, 500, 100
# Each panel's box in pixels; the title sits in the strip above.
_PANEL_LEFTS_PX = (12, 508)
_PANEL_BOTTOM_PX, _PANEL_WIDTH_PX, _PANEL_HEIGHT_PX = 10, 480, 430
# The world a panel shows, in body heights: wide enough for a person lying down with room for
# the props, tall enough for an arm raised from a push-up; the floor a little above the bottom.
WINDOW_WIDTH = 1.5
WINDOW_HEIGHT = WINDOW_WIDTH * _PANEL_HEIGHT_PX / _PANEL_WIDTH_PX
_BELOW_FLOOR = 0.06
_POINTS_PER_UNIT = _PANEL_WIDTH_PX / WINDOW_WIDTH * 72 / DPI
_LIMB_POINTS = 2 * LIMB_HALF_WIDTH * _POINTS_PER_UNIT
PANEL_TITLES = ("Start", "End")

_BACKGROUND = "#f3f6fa"
_BODY = "#1f4e79"
_FAR_SIDE = "#93b4d4"  # the limbs behind the body, seen from the side
_WORKING = "#e07b00"
_HAMSTRING = "#b71c1c"
_ARROW = "#2e7d32"
_PROP = "#b0b6bd"
_PROP_DARK = "#6d747c"
_FLOOR = "#dde2e8"

CUSHION_HEIGHT = 0.05
_ARROW_STEPS = 24
_ARROW_GAP = 0.05  # the arrow stops short of the joint, so its head is not hidden by a limb
_MIN_ARROW = 0.25
_PUSH_LENGTH = 0.22

# matplotlib does not promise thread safety, so renders in worker threads take turns.
_RENDER_LOCK = threading.Lock()


def picture_keys() -> frozenset[str]:
    """The exercises that have a picture."""
    return frozenset(load_poses())


@functools.cache
def exercise_picture(key: str) -> bytes:
    """The PNG picture of exercise ``key``, drawn on first use and kept for the process."""
    poses = load_poses()
    if key not in poses:
        raise KeyError(f"no pose for exercise {key!r} in poses.toml")
    return render_picture(poses[key])


def render_picture(pose: Pose) -> bytes:
    """Draw ``pose`` and return it as PNG bytes of exactly WIDTH_PX by HEIGHT_PX."""
    with _RENDER_LOCK:
        figure = draw_picture(pose)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def draw_picture(pose: Pose) -> Figure:
    """Build the figure: the start position on the left, the end with its arrow on the right."""
    # Imported on first use, as in progress_chart: start-up should not pay for matplotlib.
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)  # the figure draws on its own Agg canvas, not through pyplot
    ground = CUSHION_HEIGHT if Prop.CUSHION in pose.props else 0.0
    start, end = (
        placed(pose.view, position, anchor=pose.anchor, ground=ground)
        for position in (pose.start, pose.end)
    )
    panels = []
    for left_px, title, body in zip(_PANEL_LEFTS_PX, PANEL_TITLES, (start, end), strict=True):
        axes = figure.add_axes(
            (
                left_px / WIDTH_PX,
                _PANEL_BOTTOM_PX / HEIGHT_PX,
                _PANEL_WIDTH_PX / WIDTH_PX,
                _PANEL_HEIGHT_PX / HEIGHT_PX,
            )
        )
        _style(axes, title)
        _draw_props(axes, pose.props, start, body)
        _draw_body(axes, pose.view, body)
        panels.append(axes)
    _draw_arrow(panels[1], pose, ground, end)
    _frame(panels)
    return figure


def _style(axes: Axes, title: str) -> None:
    axes.set_facecolor(_BACKGROUND)
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.set_title(title, fontsize=22, fontweight="bold", color=_BODY, pad=8)


def _frame(panels: Sequence[Axes]) -> None:
    """Show the same window in both panels, centred on everything drawn in either."""
    lefts, rights = zip(*((axes.dataLim.x0, axes.dataLim.x1) for axes in panels), strict=True)
    middle = (min(lefts) + max(rights)) / 2
    for axes in panels:
        axes.set_xlim(middle - WINDOW_WIDTH / 2, middle + WINDOW_WIDTH / 2)
        axes.set_ylim(-_BELOW_FLOOR, WINDOW_HEIGHT - _BELOW_FLOOR)
        axes.set_aspect("equal")


# --- The body ----------------------------------------------------------------------------------


def _draw_body(axes: Axes, view: View, body: Skeleton) -> None:
    """Far limbs first, then the trunk and head, the working leg, and the near arm on top."""
    from matplotlib.patches import Circle  # noqa: PLC0415

    far = _FAR_SIDE if view is View.SIDE else _BODY
    _limb(axes, body, FAR_ARM, far, zorder=3)
    _limb(axes, body, OTHER_LEG, far, zorder=4)
    # Seen from the side the hip and shoulder joints coincide with the middle, so the girdles
    # shrink to a dot under the trunk; from the front they are the pelvis and the shoulders.
    _limb(axes, body, (Joint.OTHER_HIP, Joint.HIP, Joint.WORKING_HIP), _BODY, zorder=5)
    _limb(axes, body, (Joint.FAR_SHOULDER, Joint.NECK, Joint.NEAR_SHOULDER), _BODY, zorder=5)
    _limb(axes, body, (Joint.HIP, Joint.NECK, Joint.HEAD), _BODY, zorder=5)
    axes.add_patch(Circle(body[Joint.HEAD], HEAD_RADIUS, color=_BODY, zorder=6))
    _limb(axes, body, WORKING_LEG, _WORKING, zorder=7)
    _hamstring(axes, view, body)
    _limb(axes, body, NEAR_ARM, _BODY, zorder=9)


def _limb(axes: Axes, body: Skeleton, chain: Sequence[Joint], colour: str, *, zorder: int) -> None:
    xs, ys = zip(*(body[joint] for joint in chain), strict=True)
    axes.plot(
        xs,
        ys,
        color=colour,
        linewidth=_LIMB_POINTS,
        solid_capstyle="round",
        solid_joinstyle="round",
        zorder=zorder,
    )


def _hamstring(axes: Axes, view: View, body: Skeleton) -> None:
    """The muscle belly along the back of the working thigh, from below the hip to above the
    knee, bulging a little past the thigh's outline. From the front the back of the thigh cannot
    be seen, so the belly is drawn down its middle instead."""
    from matplotlib.patches import Polygon  # noqa: PLC0415

    (hip_x, hip_y), (knee_x, knee_y) = body[Joint.WORKING_HIP], body[Joint.WORKING_KNEE]
    length = math.hypot(knee_x - hip_x, knee_y - hip_y)
    along = ((knee_x - hip_x) / length, (knee_y - hip_y) / length)
    behind = (along[1], -along[0])  # the thigh's front faces forward, so its back is this way
    offset = LIMB_HALF_WIDTH * (0.55 if view is View.SIDE else 0.0)
    edges: list[list[Point]] = [[], []]
    steps = 16
    for index in range(steps + 1):
        share = index / steps
        fraction = 0.1 + 0.8 * share
        half = LIMB_HALF_WIDTH * 0.95 * math.sin(math.pi * share)
        centre = (hip_x + along[0] * length * fraction, hip_y + along[1] * length * fraction)
        for edge, side in zip(edges, (offset + half, offset - half), strict=True):
            edge.append((centre[0] + behind[0] * side, centre[1] + behind[1] * side))
    outline = edges[0] + edges[1][::-1]
    axes.add_patch(Polygon(outline, closed=True, color=_HAMSTRING, zorder=8))


# --- The arrow ---------------------------------------------------------------------------------


def _draw_arrow(axes: Axes, pose: Pose, ground: float, end: Skeleton) -> None:
    """The moving joint's path from start to end, or for a hold the direction it presses."""
    from matplotlib.patches import FancyArrowPatch  # noqa: PLC0415
    from matplotlib.path import Path  # noqa: PLC0415
    from matplotlib.patheffects import Normal, Stroke  # noqa: PLC0415

    joint = pose.arrow.joint
    if pose.arrow.push is None:
        points = _arrow_path(
            [
                placed(
                    pose.view,
                    blend(pose.start, pose.end, step / _ARROW_STEPS),
                    anchor=pose.anchor,
                    ground=ground,
                )[joint]
                for step in range(_ARROW_STEPS + 1)
            ]
        )
    else:
        (x, y), (dx, dy) = end[joint], heading(pose.arrow.push)
        tail = (x - dx * (_PUSH_LENGTH + _ARROW_GAP), y - dy * (_PUSH_LENGTH + _ARROW_GAP))
        points = [tail, (x - dx * _ARROW_GAP, y - dy * _ARROW_GAP)]
    axes.add_patch(
        FancyArrowPatch(
            path=Path(points),
            arrowstyle="-|>,head_length=0.7,head_width=0.45",
            mutation_scale=24,
            linewidth=4,
            color=_ARROW,
            zorder=10,
            # A white edge keeps the arrow readable where it crosses a limb.
            path_effects=[Stroke(linewidth=8, foreground="white"), Normal()],
        )
    )


def _arrow_path(points: Sequence[Point]) -> list[Point]:
    """The path stretched about its middle to at least _MIN_ARROW long (a short lift would be
    all arrowhead), without the stretch nearest its end, where the joint itself is drawn."""
    length = sum(math.dist(before, after) for before, after in itertools.pairwise(points))
    if 0 < length < _MIN_ARROW:
        scale = _MIN_ARROW / length
        (first_x, first_y), (last_x, last_y) = points[0], points[-1]
        middle_x, middle_y = (first_x + last_x) / 2, (first_y + last_y) / 2
        points = [
            (middle_x + (x - middle_x) * scale, middle_y + (y - middle_y) * scale)
            for x, y in points
        ]
    kept = [point for point in points if math.dist(point, points[-1]) > _ARROW_GAP]
    return kept if len(kept) >= 2 else list(points)


# --- The props ---------------------------------------------------------------------------------


def _draw_props(axes: Axes, props: Iterable[Prop], start: Skeleton, body: Skeleton) -> None:
    """Most props are placed from the start position, so they stand still between the panels;
    the towel under the sliding foot and the weight in the hands move with the body."""
    for prop in props:
        if prop is Prop.FLOOR:
            axes.axhspan(-1.0, 0.0, color=_FLOOR, zorder=0)
            axes.axhline(0.0, color=_PROP_DARK, linewidth=3, zorder=1)
        elif prop in _MOVING_PROPS:
            _MOVING_PROPS[prop](axes, body)
        else:
            _FIXED_PROPS[prop](axes, start)


def _draw_cushion(axes: Axes, start: Skeleton) -> None:
    """Under every foot that stands on it at the start (a lifted foot stays off it)."""
    feet = [x for x, y in _feet(start) if y <= CUSHION_HEIGHT + 2.5 * LIMB_HALF_WIDTH]
    left, right = min(feet) - 0.05, max(feet) + 0.05
    _box(axes, (left, 0.0), right - left, CUSHION_HEIGHT, rounded=True)


def _draw_bench(axes: Axes, start: Skeleton) -> None:
    """Under the trunk, ending at the hips so the legs hang free of it."""
    (hip_x, hip_y), neck_x = start[Joint.HIP], start[Joint.NECK][0]
    towards_head = 1.0 if neck_x >= hip_x else -1.0
    top = hip_y - LIMB_HALF_WIDTH
    near, far = hip_x - towards_head * 0.04, neck_x + towards_head * 0.12
    left, right = min(near, far), max(near, far)
    _box(axes, (left, top - 0.05), right - left, 0.05)
    for x in (left + 0.03, right - 0.06):
        _box(axes, (x, 0.0), 0.03, top - 0.05)


def _draw_chair(axes: Axes, start: Skeleton) -> None:
    """A seat under the hips, reaching towards the knees, with the backrest behind."""
    (hip_x, hip_y), knee_x = start[Joint.HIP], start[Joint.WORKING_KNEE][0]
    forward = 1.0 if knee_x >= hip_x else -1.0
    top = hip_y - LIMB_HALF_WIDTH
    back, front = hip_x - forward * 0.08, hip_x + forward * 0.2
    left, right = min(back, front), max(back, front)
    _box(axes, (left, top - 0.04), right - left, 0.04)
    for x in (left, right - 0.03):
        _box(axes, (x, 0.0), 0.03, top - 0.04)
    _box(axes, (back - (0.03 if forward > 0 else 0.0), top), 0.03, 0.32)


def _draw_support(axes: Axes, start: Skeleton) -> None:
    """A chair turned round in front of the figure, its back's top where the front hand holds."""
    hand_x, hand_y = max((start[Joint.NEAR_HAND], start[Joint.FAR_HAND]), key=lambda p: p[0])
    top, seat, depth = hand_y - LIMB_HALF_WIDTH, 0.26, 0.24
    _box(axes, (hand_x, 0.0), 0.03, top)
    _box(axes, (hand_x, seat - 0.04), depth, 0.04)
    _box(axes, (hand_x + depth - 0.03, 0.0), 0.03, seat - 0.04)


def _draw_sofa(axes: Axes, start: Skeleton) -> None:
    """A sofa behind the kneeling figure, its front edge resting over the working ankle."""
    ankle_x, ankle_y = start[Joint.WORKING_ANKLE]
    bottom = ankle_y + LIMB_HALF_WIDTH + 0.005
    front, back = ankle_x + 0.06, ankle_x - 0.42
    _box(axes, (back, bottom), front - back, 0.2, rounded=True)
    _box(axes, (back, bottom + 0.2), 0.1, 0.22, rounded=True)
    _box(axes, (back + 0.02, 0.0), 0.04, bottom)


def _draw_towel(axes: Axes, body: Skeleton) -> None:
    """Under the sliding foot; as long as a foot even when the foot stands on its toes."""
    xs = [body[Joint.OTHER_ANKLE][0], body[Joint.OTHER_TOE][0]]
    middle, half = (min(xs) + max(xs)) / 2, max(max(xs) - min(xs), 0.14) / 2 + 0.02
    left, right = middle - half, middle + half
    _box(axes, (left, 0.0), right - left, 0.025, rounded=True, colour=_PROP_DARK)


def _draw_weight(axes: Axes, body: Skeleton) -> None:
    """A dumbbell seen end on, in the hands."""
    from matplotlib.patches import Circle  # noqa: PLC0415

    hand = body[Joint.NEAR_HAND]
    axes.add_patch(Circle(hand, 0.06, color=_PROP_DARK, zorder=8.5))
    axes.add_patch(Circle(hand, 0.025, color=_PROP, zorder=8.6))


def _draw_cone(axes: Axes, start: Skeleton) -> None:
    """Far enough ahead that the figure does not reach it by the end panel."""
    from matplotlib.patches import Polygon  # noqa: PLC0415

    x = max(x for x, _ in start.joints.values()) + 0.45
    outline = [(x - 0.07, 0.0), (x + 0.07, 0.0), (x + 0.015, 0.17), (x - 0.015, 0.17)]
    axes.add_patch(Polygon(outline, closed=True, color=_PROP_DARK, zorder=2))


def _draw_ball(axes: Axes, start: Skeleton) -> None:
    """Just ahead of the standing (other) foot's toes, where a kick meets it."""
    from matplotlib.patches import Circle  # noqa: PLC0415

    radius = 0.06
    centre = (start[Joint.OTHER_TOE][0] + radius + 0.03, radius)
    axes.add_patch(Circle(centre, radius, facecolor="white", edgecolor=_PROP_DARK, lw=3, zorder=2))


def _feet(body: Skeleton) -> Iterable[Point]:
    joints = (Joint.WORKING_ANKLE, Joint.WORKING_TOE, Joint.OTHER_ANKLE, Joint.OTHER_TOE)
    return (body[joint] for joint in joints)


def _box(
    axes: Axes,
    corner: Point,
    width: float,
    height: float,
    *,
    rounded: bool = False,
    colour: str = _PROP,
) -> None:
    from matplotlib.patches import FancyBboxPatch  # noqa: PLC0415

    rounding = min(0.03, width / 2, height / 2)
    style = f"round,pad=0,rounding_size={rounding}" if rounded else "square,pad=0"
    axes.add_patch(FancyBboxPatch(corner, width, height, boxstyle=style, color=colour, zorder=2))


_FIXED_PROPS: Mapping[Prop, Callable[[Axes, Skeleton], None]] = MappingProxyType(
    {
        Prop.CUSHION: _draw_cushion,
        Prop.BENCH: _draw_bench,
        Prop.CHAIR: _draw_chair,
        Prop.SUPPORT: _draw_support,
        Prop.SOFA: _draw_sofa,
        Prop.CONE: _draw_cone,
        Prop.BALL: _draw_ball,
    }
)
_MOVING_PROPS: Mapping[Prop, Callable[[Axes, Skeleton], None]] = MappingProxyType(
    {Prop.TOWEL: _draw_towel, Prop.WEIGHT: _draw_weight}
)
