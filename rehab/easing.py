"""When a session's doses are eased, and when the planned ones return (silbernagel2007).

Pain above the limit in a session, or a next morning that is worse, eases the sessions after
it. The planned doses return after a session within the limit whose next morning is not worse.
When that morning goes unanswered (or is never asked), a second session within the limit on a
later day brings them back: two good sessions in a row say the pain has settled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rehab.pain import MorningReport, MorningResponse


@dataclass(frozen=True)
class SessionPain:
    """The pain reported for one session (None: not reported)."""

    day: date
    session: int
    pain: int | None


def eases_next(
    sessions: Iterable[SessionPain],
    mornings: Iterable[MorningReport],
    *,
    limit: int,
    asks_mornings: bool,
) -> bool:
    """Whether the session after all of these is eased."""
    answers = {report.day: report.response for report in mornings}
    by_day: dict[date, list[SessionPain]] = {}
    for entry in sessions:
        by_day.setdefault(entry.day, []).append(entry)
    eased = False
    settled_on: date | None = None  # the day of a session within the limit while eased
    for day in sorted(set(by_day) | set(answers)):
        response = answers.get(day)
        if response is MorningResponse.WORSE:
            eased, settled_on = True, None
        elif response is not None and settled_on is not None and settled_on < day:
            eased, settled_on = False, None
        for entry in sorted(by_day.get(day, []), key=lambda e: e.session):
            if entry.pain is None:
                continue
            if entry.pain > limit:
                eased, settled_on = True, None
            elif eased and (not asks_mornings or (settled_on is not None and settled_on < day)):
                eased, settled_on = False, None
            elif eased and settled_on is None:
                settled_on = day
    return eased
