"""Moving through the phases: forward one at a time by criteria, back one after repeated pain."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rehab.content import load_protocol
from rehab.injury import Onset
from rehab.pain import Verdict
from rehab.progression import (
    PAIN_FREE_DAYS,
    RETRY_AFTER_MISSING,
    CheckRefused,
    Decision,
    NotReady,
    Outcome,
    PhaseSoFar,
    days_in_phase,
    not_ready,
    phase_after,
    step_back,
    try_advance,
)
from rehab.protocol import Track
from tests.unit.protocol_samples import (
    BRIDGE,
    PROTECT,
    SAMPLE_TRACK,
    phase,
    real_tracks,
    track,
    tracks,
)

TODAY = date(2026, 11, 25)
WALK, JOG, SQUEEZE = PROTECT.criteria
ALL_YES = {c.key: True for p in SAMPLE_TRACK.phases for c in p.criteria}


def ago(days: int) -> date:
    """The date ``days`` days before today."""
    return TODAY - timedelta(days=days)


@pytest.mark.parametrize(
    ("started_on", "days"),
    [
        pytest.param(TODAY, 0, id="first-day"),
        pytest.param(ago(1), 1, id="next-day"),
        pytest.param(date(2026, 10, 31), 25, id="across-a-month"),
        pytest.param(date(2025, 11, 25), 365, id="a-year"),
    ],
)
def test_days_in_phase_count_whole_days(started_on: date, days: int) -> None:
    """The phase's first day is day 0."""
    assert days_in_phase(started_on, today=TODAY) == days


def test_a_phase_cannot_start_after_today() -> None:
    """Counting days in a phase that starts tomorrow is an error."""
    with pytest.raises(ValueError, match="before the phase started"):
        days_in_phase(TODAY + timedelta(days=1), today=TODAY)


@pytest.mark.parametrize(
    ("number", "started_on", "answers", "expected"),
    [
        pytest.param(
            1,
            ago(2),
            ALL_YES,
            Decision(Outcome.TOO_EARLY, 1, (), ago(2) + timedelta(3)),
            id="too-early",
        ),
        pytest.param(1, ago(3), ALL_YES, Decision(Outcome.ADVANCED, 2, (), None), id="advance"),
        pytest.param(
            1,
            ago(3),
            ALL_YES | {"jog": False},
            Decision(Outcome.CRITERIA_MISSING, 1, (JOG,), TODAY + RETRY_AFTER_MISSING),
            id="one-no",
        ),
        pytest.param(
            1,
            ago(9),
            {},
            Decision(Outcome.CRITERIA_MISSING, 1, (WALK, JOG, SQUEEZE), TODAY + timedelta(3)),
            id="unanswered-are-missing",
        ),
        pytest.param(
            1,
            ago(3),
            {"squeeze": False, "jog": True, "walk": False},
            Decision(Outcome.CRITERIA_MISSING, 1, (WALK, SQUEEZE), TODAY + timedelta(3)),
            id="missing-in-phase-order",
        ),
        pytest.param(
            2,
            ago(30),
            {"sprint": True, "hop": True, "walk": False, "other": False},
            Decision(Outcome.ADVANCED, 3, (), None),
            id="other-phases-answers-ignored",
        ),
        pytest.param(3, ago(10), ALL_YES, Decision(Outcome.COMPLETED, 3, (), None), id="complete"),
        pytest.param(
            3,
            ago(9),
            ALL_YES,
            Decision(Outcome.TOO_EARLY, 3, (), TODAY + timedelta(1)),
            id="last-phase-too-early",
        ),
    ],
)
def test_a_phase_is_left_only_after_its_days_and_all_its_criteria(
    number: int, started_on: date, answers: dict[str, bool], expected: Decision
) -> None:
    """Too early waits for the minimum days; any no waits three days; all yes moves on by one."""
    decision = try_advance(
        SAMPLE_TRACK, phase=number, started_on=started_on, today=TODAY, answers=answers
    )
    assert decision == expected


def test_a_phase_without_criteria_is_left_after_its_minimum_days() -> None:
    """With nothing to ask, the minimum days are all it takes."""
    sample = track((phase(1, (BRIDGE,), min_days=2), phase(2, (BRIDGE,))))
    decision = try_advance(sample, phase=1, started_on=ago(2), today=TODAY, answers={})
    assert decision.outcome is Outcome.ADVANCED


@pytest.mark.parametrize("number", [0, 4, -1])
def test_a_phase_outside_the_track_is_refused(number: int) -> None:
    """Asking about a phase the track does not have is an error."""
    with pytest.raises(ValueError, match="no phase"):
        try_advance(SAMPLE_TRACK, phase=number, started_on=ago(30), today=TODAY, answers=ALL_YES)
    with pytest.raises(ValueError, match="no phase"):
        step_back(SAMPLE_TRACK, phase=number)
    with pytest.raises(ValueError, match="no phase"):
        phase_after(Verdict.STEP_BACK, SAMPLE_TRACK, number)


@pytest.mark.parametrize(
    ("number", "expected"),
    [pytest.param(1, 1, id="first-stays"), pytest.param(2, 1, id="second"), (3, 2)],
)
def test_step_back_goes_back_one_phase_never_before_the_first(number: int, expected: int) -> None:
    """A step back is one phase, and the first phase is as far back as it goes."""
    assert step_back(SAMPLE_TRACK, phase=number) == expected


@pytest.mark.parametrize(
    ("verdict", "expected"),
    [
        pytest.param(Verdict.WITHIN_LIMIT, 3, id="within"),
        pytest.param(Verdict.ABOVE_LIMIT, 3, id="above-backs-off-within-the-phase"),
        pytest.param(Verdict.STEP_BACK, 2, id="step-back"),
        pytest.param(Verdict.STOP, 3, id="stop-pauses-in-place"),
    ],
)
def test_only_a_step_back_verdict_changes_the_phase(verdict: Verdict, expected: int) -> None:
    """Backing off stays in the phase; stopping pauses in it; only STEP_BACK moves back."""
    assert phase_after(verdict, SAMPLE_TRACK, 3) == expected
    assert phase_after(verdict, track=SAMPLE_TRACK, phase=3) == expected


@given(
    sample=tracks(),
    data=st.data(),
    started_days_ago=st.integers(0, 40),
    yes=st.dictionaries(
        st.sampled_from([f"c{n}.{i}" for n in range(5) for i in range(3)]), st.booleans()
    ),
)
def test_try_advance_moves_at_most_one_phase_and_never_past_the_last(
    sample: Track, data: st.DataObject, started_days_ago: int, yes: dict[str, bool]
) -> None:
    """No valid request crashes; a decision stays or moves exactly one phase within the track."""
    number = data.draw(st.integers(1, sample.last_phase))
    decision = try_advance(
        sample, phase=number, started_on=ago(started_days_ago), today=TODAY, answers=yes
    )
    assert decision.phase == (number + 1 if decision.outcome is Outcome.ADVANCED else number)
    assert 1 <= decision.phase <= sample.last_phase
    assert (decision.outcome is Outcome.COMPLETED) <= (number == sample.last_phase)
    criteria = sample.phase(number).criteria
    assert decision.missing == tuple(c for c in criteria if c in decision.missing)
    if decision.outcome in {Outcome.ADVANCED, Outcome.COMPLETED}:
        assert decision.retry_on is None
    else:
        assert decision.retry_on is not None
        assert decision.retry_on > TODAY


@given(sample=tracks(), data=st.data(), verdict=st.sampled_from(Verdict))
def test_stepping_back_never_goes_below_the_first_phase(
    sample: Track, data: st.DataObject, verdict: Verdict
) -> None:
    """A step back is at most one phase and never below 1; other verdicts keep the phase."""
    number = data.draw(st.integers(1, sample.last_phase))
    assert step_back(sample, phase=number) == max(1, number - 1)
    after = phase_after(verdict, sample, number)
    assert after == (step_back(sample, phase=number) if verdict is Verdict.STEP_BACK else number)


def test_all_yes_at_the_minimum_days_walks_the_whole_track() -> None:
    """Meeting every phase's criteria on its first eligible day advances one by one to the end."""
    walk_through(SAMPLE_TRACK)


def test_all_yes_walks_the_real_tracks() -> None:
    """The real content can be completed phase by phase when every criterion is met."""
    found = real_tracks()
    if not found:
        pytest.skip("rehab/content is not written yet")
    for real in found:
        walk_through(real)


def walk_through(sample: Track) -> None:
    """Answer yes to everything on each phase's first eligible day, through to completion."""
    number, started_on = 1, TODAY
    outcomes = []
    while True:
        current = sample.phase(number)
        today = started_on + timedelta(days=current.min_days)
        answers = {c.key: True for c in current.criteria}
        decision = try_advance(
            sample, phase=number, started_on=started_on, today=today, answers=answers
        )
        outcomes.append(decision.outcome)
        if decision.outcome is Outcome.COMPLETED:
            break
        assert decision.phase == number + 1
        number, started_on = decision.phase, today
    assert outcomes == [Outcome.ADVANCED] * (sample.last_phase - 1) + [Outcome.COMPLETED]


def so_far(
    *,
    days: int,
    done: int,
    per_day: int = 1,
    above_limit: date | None = None,
    retry_from: date | None = None,
) -> PhaseSoFar:
    """A phase begun ``days`` days ago with ``done`` sessions done since."""
    return PhaseSoFar(ago(days), per_day, done, above_limit, retry_from)


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        pytest.param(so_far(days=1, done=1), NotReady.TOO_EARLY, id="before-the-minimum-days"),
        pytest.param(so_far(days=8, done=0), NotReady.TOO_FEW_SESSIONS, id="nothing-done"),
        pytest.param(so_far(days=9, done=5), NotReady.TOO_FEW_SESSIONS, id="5-of-9"),
        pytest.param(so_far(days=9, done=6), None, id="6-of-9-is-two-thirds"),
        pytest.param(
            so_far(days=6, done=7, per_day=2), NotReady.TOO_FEW_SESSIONS, id="7-of-12-twice-a-day"
        ),
        pytest.param(so_far(days=6, done=12, per_day=2), None, id="12-of-12-twice-a-day"),
        pytest.param(
            so_far(days=9, done=9, above_limit=ago(2)), NotReady.RECENT_PAIN, id="pain-2-days-ago"
        ),
        pytest.param(so_far(days=9, done=9, above_limit=ago(3)), None, id="pain-3-days-ago"),
        pytest.param(
            so_far(days=9, done=9, retry_from=ago(-1)),
            NotReady.AFTER_FAILED_CHECK,
            id="before-the-retry-day",
        ),
        pytest.param(so_far(days=9, done=9, retry_from=TODAY), None, id="on-the-retry-day"),
    ],
)
def test_a_check_starts_only_when_the_phase_was_really_done(
    history: PhaseSoFar, expected: NotReady | None
) -> None:
    """Minimum days, the retry day, three days within the limit and two thirds of sessions."""
    refused = not_ready(SAMPLE_TRACK, phase=1, so_far=history, today=TODAY)
    assert (refused.reason if refused else None) is expected


@given(
    days=st.integers(0, 60),
    per_day=st.sampled_from([1, 2]),
    done=st.integers(0, 120),
    pain_ago=st.none() | st.integers(0, 60),
)
def test_an_open_check_always_follows_enough_work_without_recent_pain(
    days: int, per_day: int, done: int, pain_ago: int | None
) -> None:
    """Whenever a check may start, the minimum days passed, two thirds of the sessions are done
    and no session in the last three days went above the limit."""
    above = None if pain_ago is None else ago(pain_ago)
    history = PhaseSoFar(ago(days), per_day, done, above, None)
    if not_ready(SAMPLE_TRACK, phase=1, so_far=history, today=TODAY) is None:
        assert days >= SAMPLE_TRACK.phase(1).min_days
        assert done * 3 >= days * per_day * 2
        assert pain_ago is None or pain_ago >= PAIN_FREE_DAYS


def test_the_prevention_phase_lasts_until_the_nordic_build_up_is_done() -> None:
    """petersen2011: the build-up that began in phase 3 runs 10 weeks; phase 3 may be left
    before (phase 4 goes on with it), the last phase only once it is done."""
    sudden = load_protocol().track(Onset.SUDDEN)
    began = ago(8 * 7)
    in_prevention = PhaseSoFar(ago(30), 1, 30, None, None, build_up_began=began)
    refused = not_ready(sudden, phase=4, so_far=in_prevention, today=TODAY)
    assert refused == CheckRefused(NotReady.BUILD_UP_UNFINISHED, began + timedelta(weeks=10))
    assert (
        not_ready(sudden, phase=4, so_far=in_prevention, today=began + timedelta(weeks=10)) is None
    )
    in_return = PhaseSoFar(ago(21), 1, 21, None, None, build_up_began=ago(21))
    assert not_ready(sudden, phase=3, so_far=in_return, today=TODAY) is None
