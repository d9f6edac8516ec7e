"""Which prescriptions a session holds: due by when they were last done, second session shorter."""

from __future__ import annotations

from collections.abc import Collection

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rehab.content import load_protocol
from rehab.injury import Onset
from rehab.protocol import WALKING_PAIN_FREE, Frequency, Phase, Prescription
from rehab.routine import Routine, routine_for
from tests.unit.protocol_samples import (
    BRIDGE,
    DIVER,
    EXTENDER,
    GLIDER,
    LOAD,
    NORDIC,
    PROTECT,
    RETURN,
    phase,
    phases,
    prescription,
    real_tracks,
)

EVERY_DAY = {Frequency.TWICE_DAILY, Frequency.DAILY}
DAYS = st.integers(0, 60)
DONE_DAYS = st.sets(st.integers(-3, 65))


def first_session(phase: Phase, day: int, done_days: Collection[int]) -> Routine:
    """The first session of ``day`` with two sessions a day."""
    return routine_for(phase, day_in_phase=day, session=1, sessions_per_day=2, done_days=done_days)


def every_day_done(phase: Phase, days: int) -> list[tuple[Prescription, ...]]:
    """The first-session prescriptions of days 0..days-1 when every one of them is done."""
    return [first_session(phase, day, range(day)).prescriptions for day in range(days)]


def has_daily(phase: Phase) -> bool:
    """Whether something in the phase is due every day, so nothing ever falls back."""
    return any(p.frequency in EVERY_DAY for p in phase.prescriptions)


@pytest.mark.parametrize(
    ("day", "done_days", "expected"),
    [
        pytest.param(0, (), (BRIDGE, EXTENDER, DIVER, GLIDER, NORDIC), id="day0-everything"),
        pytest.param(1, {0}, (BRIDGE, EXTENDER), id="day1-only-daily"),
        pytest.param(2, {0, 1}, (BRIDGE, EXTENDER, DIVER), id="day2-diver"),
        pytest.param(3, {0, 1, 2}, (BRIDGE, EXTENDER, GLIDER), id="day3-glider"),
        pytest.param(6, range(6), (BRIDGE, EXTENDER, DIVER, GLIDER), id="day6-diver-and-glider"),
        pytest.param(7, range(7), (BRIDGE, EXTENDER, NORDIC), id="day7-nordic"),
        pytest.param(3, {0, 1}, (BRIDGE, EXTENDER, DIVER, GLIDER), id="skipped-day2-diver-day3"),
        pytest.param(4, {0, 1, 3}, (BRIDGE, EXTENDER), id="caught-up-diver-rests-day4"),
        pytest.param(
            5, {0, 1, 3, 4}, (BRIDGE, EXTENDER, DIVER), id="diver-two-days-after-catch-up"
        ),
        pytest.param(9, (), (BRIDGE, EXTENDER, DIVER, GLIDER, NORDIC), id="nothing-done-all-due"),
        pytest.param(7, {0}, (BRIDGE, EXTENDER, DIVER, GLIDER, NORDIC), id="only-day0-done"),
        pytest.param(1, {-1, 1, 5}, PROTECT.prescriptions, id="days-outside-phase-ignored"),
    ],
)
def test_first_session_holds_what_is_due(
    day: int, done_days: Collection[int], expected: tuple[Prescription, ...]
) -> None:
    """Daily work is always there; rarer work is due by the last day it was actually done."""
    routine = first_session(PROTECT, day, done_days)
    assert routine.prescriptions == expected
    assert (routine.phase, routine.session, routine.shorter) == (PROTECT, 1, False)


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        pytest.param(PROTECT, (EXTENDER,), id="twice-daily-only"),
        pytest.param(LOAD, (BRIDGE,), id="daily-when-none-twice-daily"),
        pytest.param(RETURN, (GLIDER,), id="first-when-none-daily"),
    ],
)
def test_second_session_is_the_short_one(sample: Phase, expected: tuple[Prescription, ...]) -> None:
    """Session 2 holds the twice-daily work, else the daily work, else the first prescription."""
    routine = routine_for(sample, day_in_phase=4, session=2, sessions_per_day=2, done_days={0, 2})
    assert routine.prescriptions == expected
    assert (routine.session, routine.shorter) == (2, True)


def test_nothing_due_falls_back_to_the_first_prescription() -> None:
    """A day with nothing due still has a routine: the phase's first prescription."""
    sample = phase(1, (GLIDER, NORDIC))
    assert first_session(sample, 1, {0}).prescriptions == (GLIDER,)


def test_the_fallback_counts_as_done() -> None:
    """The fallback exercise, once done, is due again only after its own interval."""
    sample = phase(1, (DIVER, NORDIC))
    assert [tuple(p.exercise.key for p in day) for day in every_day_done(sample, 4)] == [
        ("diver", "nordic"),
        ("diver",),  # nothing due: the fallback, done on day 1
        ("diver",),  # so nothing is due on day 2 either
        ("diver",),
    ]


def test_one_session_a_day_holds_the_twice_daily_work() -> None:
    """With one session a day, it holds everything due, twice-daily work included."""
    routine = routine_for(PROTECT, day_in_phase=0, session=1, sessions_per_day=1, done_days=())
    assert routine.prescriptions == PROTECT.prescriptions


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"session": 2, "sessions_per_day": 1}, "session 2", id="session2-of-one"),
        pytest.param({"session": 0}, "session 0", id="session0"),
        pytest.param({"session": 3}, "session 3", id="session3"),
        pytest.param({"sessions_per_day": 3, "session": 1}, "1 or 2", id="three-a-day"),
        pytest.param({"sessions_per_day": 0, "session": 1}, "1 or 2", id="none-a-day"),
        pytest.param({"day_in_phase": -1}, "before the phase", id="negative-day"),
    ],
)
def test_impossible_requests_are_refused(kwargs: dict[str, int], message: str) -> None:
    """A session or day that cannot exist is an error, not a guess."""
    arguments = {"day_in_phase": 0, "session": 1, "sessions_per_day": 2} | kwargs
    with pytest.raises(ValueError, match=message):
        routine_for(
            PROTECT,
            done_days=(),
            day_in_phase=arguments["day_in_phase"],
            session=arguments["session"],
            sessions_per_day=arguments["sessions_per_day"],
        )


def test_a_phase_without_prescriptions_is_refused() -> None:
    """Content that prescribes nothing is an error rather than an empty routine."""
    with pytest.raises(ValueError, match="prescribes nothing"):
        first_session(phase(1, ()), 0, ())


@given(
    sample=phases(),
    day=DAYS,
    done_days=DONE_DAYS,
    sessions_per_day=st.sampled_from((1, 2)),
    data=st.data(),
)
def test_every_session_is_a_non_empty_ordered_part_of_the_phase(
    sample: Phase, day: int, done_days: set[int], sessions_per_day: int, data: st.DataObject
) -> None:
    """No valid request crashes; the routine is never empty and keeps the phase's order."""
    session = data.draw(st.integers(1, sessions_per_day))
    routine = routine_for(
        sample,
        day_in_phase=day,
        session=session,
        sessions_per_day=sessions_per_day,
        done_days=done_days,
    )
    assert routine.prescriptions
    indexes = [sample.prescriptions.index(p) for p in routine.prescriptions]
    assert indexes == sorted(set(indexes))
    assert routine.shorter == (session == 2)


@given(sample=phases(), day=DAYS, done_days=DONE_DAYS)
def test_the_second_session_is_never_longer_than_the_first(
    sample: Phase, day: int, done_days: set[int]
) -> None:
    """Session 2 is never empty and never holds more than session 1 of the same day."""
    first = first_session(sample, day, done_days)
    second = routine_for(
        sample, day_in_phase=day, session=2, sessions_per_day=2, done_days=done_days
    )
    assert 0 < len(second.prescriptions) <= len(first.prescriptions)


@given(sample=phases(), day=DAYS, done_days=DONE_DAYS, session=st.sampled_from((1, 2)))
def test_routine_for_is_deterministic(
    sample: Phase, day: int, done_days: set[int], session: int
) -> None:
    """The same question gets the same answer, whatever collection carries the done days."""
    answers = {
        routine_for(sample, day_in_phase=day, session=session, sessions_per_day=2, done_days=days)
        for days in (done_days, sorted(done_days, reverse=True), frozenset(done_days))
    }
    assert len(answers) == 1


@given(sample=phases().filter(has_daily), days=st.integers(1, 30))
def test_when_every_day_is_done_each_exercise_keeps_its_interval(sample: Phase, days: int) -> None:
    """Done every day, an exercise every k days comes on days 0, k, 2k, ... and only then."""
    routines = every_day_done(sample, days)
    for p in sample.prescriptions:
        on_days = [day for day, routine in enumerate(routines) if p in routine]
        assert on_days == list(range(0, days, p.frequency.interval_days))


@given(sample=phases().filter(has_daily), skipped=st.integers(0, 30))
def test_a_skipped_due_exercise_comes_back_the_next_day(sample: Phase, skipped: int) -> None:
    """Whatever was due on a skipped day is due the day after, not a whole interval later."""
    done = set(range(skipped))
    due_on_skipped = first_session(sample, skipped, done).prescriptions
    next_day = first_session(sample, skipped + 1, done).prescriptions
    assert set(due_on_skipped) <= set(next_day)


def test_the_diver_comes_every_other_day_and_the_day_after_a_skip() -> None:
    """The every-other-day Diver: days 0, 2, 4 when all is done; skip day 4 and it is on day 5."""
    sample = phase(1, (prescription("walk", Frequency.DAILY), DIVER))
    assert [DIVER in day for day in every_day_done(sample, 6)] == [
        True, False, True, False, True, False
    ]  # fmt: skip
    done = {0, 1, 2, 3}
    assert DIVER not in first_session(sample, 5, done | {4}).prescriptions
    assert DIVER in first_session(sample, 5, done).prescriptions


def test_the_real_content_gives_sensible_routines() -> None:
    """Every real phase gives a non-empty first session and a shorter second one for four weeks."""
    tracks = real_tracks()
    if not tracks:
        pytest.skip("rehab/content is not written yet")
    for track in tracks:
        for real in track.phases:
            for day in range(28):
                first = first_session(real, day, range(day))
                second = routine_for(
                    real, day_in_phase=day, session=2, sessions_per_day=2, done_days=range(day)
                )
                assert 0 < len(second.prescriptions) <= len(first.prescriptions)


SUDDEN = load_protocol().track(Onset.SUDDEN)


def keys(routine: Routine) -> list[str]:
    return [p.exercise.key for p in routine.prescriptions]


def test_the_standing_lengthening_exercises_wait_for_pain_free_walking() -> None:
    """askling2013 timing: the Extender from day 1, the Diver and the Glider once walking is
    pain-free (and 5 days after the injury, which the caller folds into the day it gives)."""
    protect = SUDDEN.phase(1)
    waiting = first_session(protect, 3, range(3))
    assert "askling_extender" in keys(waiting)
    assert not {"askling_diver", "askling_glider"} & set(keys(waiting))
    assert [p.exercise.key for p in waiting.waiting] == ["askling_diver", "askling_glider"]
    opened = routine_for(
        protect,
        day_in_phase=3,
        session=1,
        sessions_per_day=2,
        done_days=range(3),
        needs_met_from={WALKING_PAIN_FREE: 3},
    )
    assert {"askling_diver", "askling_glider"} <= set(keys(opened)), "due on the day they open"
    assert opened.waiting == ()
    assert opened.new == {"askling_diver", "askling_glider"}, "their steps are shown"
    assert waiting.new == frozenset()
    second = routine_for(protect, day_in_phase=3, session=2, sessions_per_day=2, done_days=range(3))
    assert keys(second) == ["askling_extender"]


def nordic_days(phase: Phase, *, days: int, build_up_from: int = 0) -> dict[int, str]:
    """The days of ``phase`` with the Nordic, each with its dose, when every day is done."""
    found = {}
    for day in range(days):
        routine = routine_for(
            phase,
            day_in_phase=day,
            session=1,
            sessions_per_day=1,
            done_days=range(day),
            build_up_from=build_up_from,
        )
        for p in routine.prescriptions:
            if p.exercise.key == "nordic_hamstring":
                found[day] = str(p.dose)
    return found


def test_the_nordic_builds_up_as_in_its_trial() -> None:
    """petersen2011: 1, 2, then 3 sessions a week, 2 x 5 up to 3 sets of 12, 10 and 8; 27 in
    10 weeks, then weekly; the weeks go on counting in the phase after the one that began it."""
    late = nordic_days(SUDDEN.phase(3), days=21)
    assert late[0] == "2 x 5"
    assert sum(1 for day in late if day < 7) == 1
    assert sum(1 for day in late if 7 <= day < 14) == 2
    assert [late[d] for d in sorted(late) if 7 <= d < 14] == ["2 x 6", "2 x 6"]
    assert sum(1 for day in late if 14 <= day < 21) == 3
    # In prevention, which began 21 days after the build-up did.
    prevention = nordic_days(SUDDEN.phase(4), days=60, build_up_from=-21)
    # Build-up weeks 4 to 11 (phase days 0-6 are week 4).
    weeks = [sum(1 for day in prevention if 7 * w - 28 <= day < 7 * w - 21) for w in range(4, 12)]
    assert weeks == [3, 3, 3, 3, 3, 3, 3, 1]
    assert len(late) + sum(1 for day in prevention if day < 49) == 27
    assert prevention[max(prevention)] == "3 sets of 12, 10 and 8"


def test_eased_routines_carry_the_lighter_doses() -> None:
    """An eased routine holds the same exercises at their eased doses."""
    protect = SUDDEN.phase(1)
    planned = first_session(protect, 2, range(2))
    eased = routine_for(
        protect, day_in_phase=2, session=1, sessions_per_day=2, done_days=range(2), eased=True
    )
    assert eased.eased
    assert not planned.eased
    assert keys(eased) == keys(planned)
    assert [p.dose for p in eased.prescriptions] == [p.dose.eased() for p in planned.prescriptions]


def test_the_gradual_runs_build_up_from_the_ten_minutes_of_phase_two() -> None:
    """silbernagel2007: time first, then hills and speed; three runs a week, week by week."""
    running = load_protocol().track(Onset.GRADUAL).phase(3)
    doses: dict[int, set[str]] = {}
    for day in range(28):
        routine = routine_for(
            running, day_in_phase=day, session=1, sessions_per_day=1, done_days=range(day)
        )
        for p in routine.prescriptions:
            if p.exercise.key == "running_build_up":
                doses.setdefault(day // 7 + 1, set()).add(str(p.dose))
    assert doses == {
        1: {"15 min, easy pace on the flat"},
        2: {"20 min, easy pace on the flat"},
        3: {"25-30 min, add a gentle hill if pain allows"},
        4: {"30-45 min, your usual runs, hills and fast parts last"},
    }
