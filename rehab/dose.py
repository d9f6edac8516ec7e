"""How much of an exercise: sets, repetitions, hold seconds, minutes, as numbers the rules scale.

Easing off after pain above the limit (silbernagel2007) means a lighter next session: fewer sets
and repetitions, shorter holds, less time. ``Dose.eased`` is that lighter dose; the smaller range
and slower pace that go with it are words, said once beside the routine.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

# An eased session keeps about two thirds of each number, and one set fewer.
EASED_SHARE = Fraction(2, 3)


@dataclass(frozen=True)
class Amount:
    """A whole number or a range of them, such as 12 or 8-12."""

    low: int
    high: int

    def __post_init__(self) -> None:
        if not 1 <= self.low <= self.high:
            raise ValueError(f"an amount runs from 1 up, low to high: {self.low}-{self.high}")

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    def scaled(self, share: Fraction, *, step: int = 1) -> Amount:
        """This amount times ``share``, rounded to ``step`` and never below one step."""
        return Amount(_scale(self.low, share, step), _scale(self.high, share, step))


@dataclass(frozen=True)
class Dose:
    """One exercise's amount in a session.

    ``sets`` times one of ``reps``, ``hold_seconds`` or ``minutes``; or ``reps_by_set`` (a
    count per set, such as 12, 10 and 8); or minutes alone. ``note`` is said after the numbers
    ("easy pace", "each leg") and is not scaled.
    """

    sets: int | None = None
    reps: Amount | None = None
    hold_seconds: Amount | None = None
    minutes: Amount | None = None
    reps_by_set: tuple[int, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        measures = [m for m in (self.reps, self.hold_seconds, self.minutes) if m is not None]
        if self.reps_by_set:
            if measures or self.sets is not None or min(self.reps_by_set) < 1:
                raise ValueError("a count per set stands alone, each at least 1")
        elif len(measures) != 1:
            raise ValueError("a dose has one of repetitions, hold seconds or minutes")
        elif self.sets is None and self.minutes is None:
            raise ValueError("repetitions and holds come in sets")
        if self.sets is not None and self.sets < 1:
            raise ValueError("a dose has at least one set")

    def __str__(self) -> str:
        if self.reps_by_set:
            counts = [str(count) for count in self.reps_by_set]
            listed = counts[0] if len(counts) == 1 else f"{', '.join(counts[:-1])} and {counts[-1]}"
            sets = "1 set" if len(counts) == 1 else f"{len(counts)} sets"
            amount = f"{sets} of {listed}"
        else:
            amount = self._measure()
            if self.sets is not None:
                amount = f"{self.sets} x {amount}"
        return f"{amount}, {self.note}" if self.note else amount

    def _measure(self) -> str:
        if self.reps is not None:
            return str(self.reps)
        if self.hold_seconds is not None:
            return f"{self.hold_seconds} s hold"
        return f"{self.minutes} min"

    def eased(self) -> Dose:
        """The lighter dose for a session after pain above the limit: one set fewer (never
        none) and about two thirds of each count, hold and time."""
        if self.reps_by_set:
            kept = self.reps_by_set[:-1] or self.reps_by_set
            return replace(self, reps_by_set=tuple(_scale(c, EASED_SHARE, 1) for c in kept))
        return replace(
            self,
            sets=None if self.sets is None else max(1, self.sets - 1),
            reps=None if self.reps is None else self.reps.scaled(EASED_SHARE),
            hold_seconds=(
                None if self.hold_seconds is None else self.hold_seconds.scaled(EASED_SHARE, step=5)
            ),
            minutes=None if self.minutes is None else self.minutes.scaled(EASED_SHARE),
        )


def _scale(value: int, share: Fraction, step: int) -> int:
    """``value`` times ``share`` to the nearest ``step`` (halves round up), at least ``step``."""
    steps = int(value * share / step + Fraction(1, 2))
    return min(value, max(step, steps * step))
