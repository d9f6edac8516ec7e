"""What aggravated a gradual-onset hamstring after a session: usually the person's own running
or sport, long sitting or stretching under load; relative rest changes that activity rather
than stopping everything (silbernagel2007; REFERENCES, gradual-onset track)."""

from __future__ import annotations

from enum import StrEnum


class Aggravator(StrEnum):
    """The answers to "did anything aggravate it today?"."""

    RUNNING = "running"
    SITTING = "sitting"
    STRETCHING = "stretching"
    OTHER = "other"
    NOTHING = "nothing"
