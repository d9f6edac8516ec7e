"""When a reminder says a word about missed sessions, and which of the words it says.

The adherence literature favours tailored messages over one line repeated (issue 14): a run of
missed sessions gets a word at its first, third and seventh miss only, and the words take
turns, so no two words in a row of the same phase are the same line.
"""

from __future__ import annotations

from collections.abc import Sequence

# The misses in a row (counted in sessions) at which the next reminder says a word.
SAY_AT = (1, 3, 7)


def missed_word(missed: Sequence[bool]) -> int | None:
    """The ordinal of the word the next reminder carries, or None for no word.

    ``missed`` holds the planned sessions so far in the phase, oldest first, True for one
    missed or skipped; the next reminder follows the last. The ordinal counts the words said
    before in the phase, so a caller cycling through its lines by it never repeats one in a row.
    """
    runs = _runs(missed)
    if not runs or not missed or not missed[-1] or runs[-1] not in SAY_AT:
        return None
    said_before = sum(_words_in(length) for length in runs[:-1])
    return said_before + SAY_AT.index(runs[-1])


def _runs(missed: Sequence[bool]) -> list[int]:
    """The lengths of the runs of missed sessions, in order (the last may still be going)."""
    runs: list[int] = []
    length = 0
    for was_missed in missed:
        if was_missed:
            length += 1
        elif length:
            runs.append(length)
            length = 0
    if length:
        runs.append(length)
    return runs


def _words_in(length: int) -> int:
    """How many words a finished run of this many misses drew."""
    return sum(1 for at in SAY_AT if at <= length)
