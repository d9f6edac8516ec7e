"""Exercise pictures: every exercise has a pose, broken poses are refused, and the PNG is sound."""

from __future__ import annotations

import io
import math
from importlib.resources import files

import pytest
from PIL import Image

from bot.views.exercise_pictures import exercise_picture, picture_keys
from bot.views.exercise_pictures.drawing import (
    HEIGHT_PX,
    PANEL_TITLES,
    WIDTH_PX,
    draw_picture,
    render_picture,
)
from bot.views.exercise_pictures.poses import (
    POSES_FILE,
    Arm,
    Joint,
    Leg,
    PoseError,
    Position,
    View,
    load_poses,
    load_poses_from,
)
from bot.views.exercise_pictures.skeleton import (
    HEAD_RADIUS,
    LIMB_HALF_WIDTH,
    SHIN,
    THIGH,
    blend,
    placed,
    skeleton,
)
from rehab.content import load_protocol

TELEGRAM_PHOTO_BYTES = 10 * 1024 * 1024
TELEGRAM_SIDES_SUM = 10_000
TELEGRAM_ASPECT = 20

A_POSE = """
[heel_dig_hold]
view = "side"
props = ["floor"]
anchor = "hip"
arrow = { joint = "working_ankle", push = 225 }
[heel_dig_hold.start]
trunk = -90
working_leg = { hip = 30, knee = 58 }
[heel_dig_hold.end]
trunk = -90
working_leg = { hip = 30, knee = 58 }
"""


def packaged_text() -> str:
    return files("rehab.content").joinpath(POSES_FILE).read_text(encoding="utf-8")


# --- Coverage and loading ------------------------------------------------------------------------


def test_every_exercise_has_a_pose_and_every_pose_an_exercise() -> None:
    """A new exercise in exercises.toml fails here until poses.toml draws it."""
    assert picture_keys() == frozenset(load_protocol().exercises)


def test_an_exercise_without_a_pose_is_noticed() -> None:
    """The coverage check above can fail: drop one table and the keys no longer match."""
    text = packaged_text()
    start = text.index("[nordic_hamstring]")
    end = text.index("\n[", text.index("[nordic_hamstring.end]"))
    poses = load_poses_from(text[:start] + text[end:])
    assert set(load_protocol().exercises) - set(poses) == {"nordic_hamstring"}


def test_the_packaged_poses_load_from_a_copy_on_disk(tmp_path) -> None:
    """load_poses_from reads a file as well as text, and gives what load_poses gives."""
    copy = tmp_path / POSES_FILE
    copy.write_text(packaged_text(), encoding="utf-8")
    assert load_poses_from(copy) == load_poses()


def test_angles_left_out_mean_standing_tall() -> None:
    pose = load_poses_from(A_POSE)["heel_dig_hold"]
    assert pose.start.working_leg == Leg(hip=30, knee=58, ankle=0)
    assert pose.start.other_leg == Leg()
    assert pose.start.near_arm == Arm()
    assert pose.start.neck == 0
    assert pose.arrow.push == 225


START_KNEE = "knee = 58 }\n[heel_dig_hold.end]"
END_TRUNK = "[heel_dig_hold.end]\ntrunk = -90"


@pytest.mark.parametrize(
    ("replacements", "message"),
    [
        pytest.param(
            [(START_KNEE, "kne = 58 }\n[heel_dig_hold.end]")],
            r"heel_dig_hold\.start\.working_leg\.kne: unknown key",
            id="unknown-angle",
        ),
        pytest.param(
            [(END_TRUNK, END_TRUNK + "\nwaist = 10")],
            r"heel_dig_hold\.end\.waist: unknown key",
            id="unknown-position-key",
        ),
        pytest.param(
            [('props = ["floor"]', 'props = ["floor", "trampoline"]')],
            r"heel_dig_hold\.props: unknown prop 'trampoline'",
            id="unknown-prop",
        ),
        pytest.param(
            [(START_KNEE, "knee = 900 }\n[heel_dig_hold.end]")],
            r"heel_dig_hold\.start\.working_leg\.knee: 900 is outside 0\.\.160 degrees",
            id="out-of-range",
        ),
        pytest.param(
            [(START_KNEE, 'knee = "bent" }\n[heel_dig_hold.end]')],
            r"heel_dig_hold\.start\.working_leg\.knee: must be a number",
            id="not-a-number",
        ),
        pytest.param(
            [('anchor = "hip"', 'anchor = "elbow"')],
            r"heel_dig_hold\.anchor: unknown joint 'elbow'",
            id="unknown-joint",
        ),
        pytest.param(
            [('view = "side"', 'view = "top"')],
            r"heel_dig_hold\.view: unknown view 'top'",
            id="unknown-view",
        ),
        pytest.param(
            [
                ('view = "side"', 'view = "front"'),
                (END_TRUNK, END_TRUNK + "\nother_leg = { ankle = 10 }"),
            ],
            r"heel_dig_hold\.end\.other_leg\.ankle: not drawn in the front view",
            id="ankle-from-the-front",
        ),
        pytest.param(
            [('anchor = "hip"\n', "")],
            r"heel_dig_hold\.anchor: missing",
            id="missing-anchor",
        ),
    ],
)
def test_a_broken_pose_is_refused_naming_the_key(
    replacements: list[tuple[str, str]], message: str
) -> None:
    broken = A_POSE
    for old, new in replacements:
        assert old in broken, old
        broken = broken.replace(old, new, 1)
    with pytest.raises(PoseError, match=rf"^{POSES_FILE}: {message}"):
        load_poses_from(broken)


# --- Forward kinematics ----------------------------------------------------------------------


def test_standing_has_the_head_above_the_hips_above_the_feet() -> None:
    body = skeleton(View.SIDE, Position())
    head, hip, ankle = body[Joint.HEAD], body[Joint.HIP], body[Joint.WORKING_ANKLE]
    assert head[1] > hip[1] > ankle[1]
    assert body[Joint.WORKING_TOE][0] > ankle[0]  # the figure faces right


def test_a_straight_knee_gives_a_straight_leg_whatever_the_hip() -> None:
    for hip in (-30.0, 0.0, 45.0, 90.0):
        body = skeleton(View.SIDE, Position(working_leg=Leg(hip=hip)))
        top, knee, ankle = (
            body[joint] for joint in (Joint.WORKING_HIP, Joint.WORKING_KNEE, Joint.WORKING_ANKLE)
        )
        assert math.dist(top, ankle) == pytest.approx(THIGH + SHIN)
        assert math.dist(top, knee) + math.dist(knee, ankle) == pytest.approx(math.dist(top, ankle))


def test_a_right_angle_at_the_knee_folds_the_shin_backward() -> None:
    body = skeleton(View.SIDE, Position(working_leg=Leg(knee=90)))
    (hip_x, hip_y), (knee_x, knee_y) = body[Joint.WORKING_HIP], body[Joint.WORKING_KNEE]
    ankle_x, ankle_y = body[Joint.WORKING_ANKLE]
    thigh, shin = (knee_x - hip_x, knee_y - hip_y), (ankle_x - knee_x, ankle_y - knee_y)
    assert thigh[0] * shin[0] + thigh[1] * shin[1] == pytest.approx(0, abs=1e-12)
    assert ankle_x < knee_x  # behind, as in kneeling


def test_hip_flexion_swings_the_thigh_forward_and_the_arm_hangs_at_zero() -> None:
    body = skeleton(View.SIDE, Position(working_leg=Leg(hip=90)))
    assert body[Joint.WORKING_KNEE][0] > body[Joint.HIP][0]
    assert body[Joint.WORKING_KNEE][1] == pytest.approx(body[Joint.HIP][1])
    assert body[Joint.NEAR_HAND][1] < body[Joint.NEAR_ELBOW][1] < body[Joint.NECK][1]


def test_lying_face_up_puts_the_head_left_and_the_front_up() -> None:
    body = skeleton(View.SIDE, Position(trunk=-90, working_leg=Leg(hip=90)))
    assert body[Joint.HEAD][0] < body[Joint.HIP][0]
    assert body[Joint.WORKING_KNEE][1] > body[Joint.HIP][1]  # a bent hip lifts the thigh


def test_from_the_front_the_working_leg_is_on_the_right_and_swings_out() -> None:
    body = skeleton(View.FRONT, Position(working_leg=Leg(hip=30)))
    assert body[Joint.WORKING_HIP][0] > body[Joint.HIP][0] > body[Joint.OTHER_HIP][0]
    assert body[Joint.WORKING_ANKLE][0] - body[Joint.WORKING_HIP][0] > 0.2
    assert body[Joint.OTHER_ANKLE][0] == pytest.approx(body[Joint.OTHER_HIP][0])


def test_placing_rests_the_lowest_edge_on_the_ground_with_the_anchor_at_zero() -> None:
    """Lying flat, the round head is what touches; with the chin tucked the back rests too."""
    flat = placed(View.SIDE, Position(trunk=-90), anchor=Joint.HIP, ground=0.05)
    assert flat[Joint.HEAD][1] - HEAD_RADIUS == pytest.approx(0.05)
    assert flat[Joint.HIP][0] == pytest.approx(0)
    tucked = placed(View.SIDE, Position(trunk=-90, neck=30), anchor=Joint.HIP, ground=0.05)
    assert tucked[Joint.HIP] == pytest.approx((0.0, 0.05 + LIMB_HALF_WIDTH))
    assert tucked.lowest() == pytest.approx(0.05)


def test_blend_moves_every_angle_evenly() -> None:
    start = Position(trunk=0, working_leg=Leg(knee=90), near_arm=Arm(shoulder=-20))
    end = Position(trunk=60, working_leg=Leg(knee=30), near_arm=Arm(shoulder=100))
    middle = blend(start, end, 0.5)
    assert middle.trunk == 30
    assert middle.working_leg.knee == 60
    assert middle.near_arm.shoulder == 40
    assert blend(start, end, 0) == start
    assert blend(start, end, 1) == end


# --- The pictures ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(picture_keys()))
def test_every_picture_fits_its_panels(key: str) -> None:
    """Every picture is drawn at one scale, so a pose too big for it would be cut off."""
    figure = draw_picture(load_poses()[key])
    assert [axes.get_title() for axes in figure.axes] == list(PANEL_TITLES)
    for axes in figure.axes:
        drawn, shown = axes.dataLim, axes.viewLim
        assert shown.x0 <= drawn.x0
        assert drawn.x1 <= shown.x1
        assert drawn.y1 <= shown.y1


@pytest.mark.parametrize("key", sorted(picture_keys()))
def test_every_arrow_shows_a_movement_or_a_push(key: str) -> None:
    pose = load_poses()[key]
    if pose.arrow.push is None:
        start, end = (
            placed(pose.view, position, anchor=pose.anchor, ground=0)[pose.arrow.joint]
            for position in (pose.start, pose.end)
        )
        assert math.dist(start, end) > 0.05, key


def test_rendering_is_deterministic() -> None:
    pose = load_poses()["askling_glider"]
    assert render_picture(pose) == render_picture(pose)


def test_the_png_is_valid_and_within_telegram_photo_limits() -> None:
    png = exercise_picture("nordic_hamstring")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        image.verify()
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
        assert image.info.get("Software") is None  # no version stamp to vary between installs
    assert (width, height) == (WIDTH_PX, HEIGHT_PX)
    assert len(png) < TELEGRAM_PHOTO_BYTES
    assert width + height <= TELEGRAM_SIDES_SUM
    assert max(width, height) / min(width, height) <= TELEGRAM_ASPECT


def test_a_picture_is_drawn_once_per_process() -> None:
    assert exercise_picture("bridge_hold") is exercise_picture("bridge_hold")


def test_an_exercise_without_a_pose_has_no_picture() -> None:
    with pytest.raises(KeyError, match="no pose for exercise 'juggling'"):
        exercise_picture("juggling")
