"""The word of encouragement a check-in, a skip or a step back earns, read from the history.

The rules are ``rehab.encouragement``'s; this module only counts what they count: the sessions
of the phase so far (skips and flares run within a phase), the days in a row with a session
done, the steps back before.
"""

from __future__ import annotations

from datetime import date, timedelta

from coach.day_record import SessionRef
from coach.plan_position import pain_limit
from coach.work import Work
from rehab.adherence import DONE_OUTCOMES
from rehab.encouragement import (
    Situation,
    Word,
    day_by_day,
    in_run,
    streak_lengths,
    streak_word,
)
from rehab.injury import SessionOutcome
from rehab.pain import Verdict
from storage import check_ins, history
from storage.check_ins import LoggedSession
from storage.models import FlagKind
from storage.plans import PlanState

# How far back a streak is counted: its words stop coming weekly past this.
STREAK_LOOK_BACK = timedelta(days=120)


async def check_in_word(
    work: Work,
    state: PlanState,
    *,
    ref: SessionRef,
    outcome: SessionOutcome,
    verdict: Verdict | None = None,
) -> Word | None:
    """The word a just-saved session earns: after a skip or pain above the limit (at the
    first, third and seventh of a run), or at a streak's milestone with the day's first
    session done within the limit (the streak ends today: ``logged`` stops at ``ref``)."""
    logged = [
        entry
        for entry in await check_ins.logged_between(
            work.session,
            user_id=state.user_id,
            since=ref.day - STREAK_LOOK_BACK,
            until=ref.day + timedelta(days=1),
        )
        if (entry.local_date, entry.session) <= (ref.day, ref.session)
    ]
    in_phase = [entry for entry in logged if entry.local_date >= state.phase_started_on]
    if outcome is SessionOutcome.SKIPPED:
        return in_run(Situation.SKIPPED, _skips(in_phase))
    if verdict is Verdict.ABOVE_LIMIT:
        limit = pain_limit(state)
        return in_run(Situation.FLARE, [e.pain > limit for e in in_phase if e.pain is not None])
    if verdict is Verdict.WITHIN_LIMIT and _first_done_of_the_day(logged, ref.day):
        streaks = streak_lengths(e.local_date for e in logged if e.outcome in DONE_OUTCOMES)
        return streak_word(streaks[-1], earlier=streaks[:-1])
    return None


async def step_back_word(work: Work, *, user_id: int) -> Word:
    """The word of a step back just recorded: the steps back take turns."""
    flags = await history.flag_records(work.session, user_id=user_id)
    earlier = sum(flag.kind is FlagKind.STEP_BACK for flag in flags) - 1
    return Word(Situation.STEP_BACK, max(earlier, 0))


def _skips(logged: list[LoggedSession]) -> list[bool]:
    """True for each skipped session; a day skipped whole counts once, as in the reminders."""
    days: dict[date, list[bool]] = {}
    for entry in logged:
        days.setdefault(entry.local_date, []).append(entry.outcome is SessionOutcome.SKIPPED)
    return day_by_day(days)


def _first_done_of_the_day(logged: list[LoggedSession], day: date) -> bool:
    return sum(e.local_date == day and e.outcome in DONE_OUTCOMES for e in logged) == 1
