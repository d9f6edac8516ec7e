"""Today's routine for a person: a first, gentle placeholder until the full protocol lands.

The exercises follow the early phase of the sources (Heiderscheit 2010, Sherry & Best 2004,
Askling 2013, Silbernagel 2007): pain-free range of motion, isometrics and trunk control first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rehab.injury import Onset


@dataclass(frozen=True)
class Exercise:
    """One exercise: what it is called, how to do it, and how much."""

    name: str
    how: str
    dose: str


@dataclass(frozen=True)
class Routine:
    """What to do in one session."""

    title: str
    exercises: tuple[Exercise, ...]
    endurance: str
    stop_if: str


_EARLY_MOBILITY = Exercise(
    name="Easy walking",
    how=(
        "Walk at a comfortable pace with an even, normal stride; "
        "shorten it if the back of the thigh hurts."
    ),
    dose="5-10 min",
)
_BRIDGE_HOLD = Exercise(
    name="Two-leg bridge hold",
    how=(
        "Lie on your back, knees bent, feet flat. Lift your hips until your body is straight; hold."
    ),
    dose="4 x 20 s",
)
_SIDE_STEPS = Exercise(
    name="Side-stepping",
    how=(
        "Step sideways with small, easy steps, staying low and relaxed. "
        "Change direction each minute."
    ),
    dose="3 x 1 min",
)
_BALANCE = Exercise(
    name="Single-leg balance",
    how="Stand on the injured leg with a slight knee bend, near a wall for safety.",
    dose="4 x 20 s",
)
_KNEE_BEND_HOLD = Exercise(
    name="Gentle hamstring squeeze",
    how=(
        "Lie on your front and press your heel lightly into a cushion "
        "or the other leg, at about half effort."
    ),
    dose="5 x 30 s",
)

_STOP_IF = (
    "Stop and contact a professional if you feel a pop or snap, the pain passes 7/10, "
    "or you notice numbness, tingling or weakness in the foot."
)


def routine_for(onset: Onset, *, session: int) -> Routine:
    """Return the early-phase routine for a track; a second daily session is shorter."""
    if onset is Onset.SUDDEN:
        exercises: tuple[Exercise, ...] = (_EARLY_MOBILITY, _SIDE_STEPS, _BRIDGE_HOLD, _BALANCE)
        endurance = "Cycling or swimming with a pull buoy, if it does not hurt."
        title = "Protect and move"
    else:
        exercises = (_EARLY_MOBILITY, _KNEE_BEND_HOLD, _BRIDGE_HOLD)
        endurance = (
            "Keep fit with what does not aggravate it: cycling, pool work or upper-body training."
        )
        title = "Calm it down and keep moving"
    if session == 2:
        exercises = exercises[:2]
    return Routine(title=title, exercises=exercises, endurance=endurance, stop_if=_STOP_IF)
