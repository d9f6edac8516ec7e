"""Doses as numbers: how they read, how they ease; and when the eased doses come and go."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rehab.content import load_protocol
from rehab.dose import Amount, Dose
from rehab.easing import SessionPain, eases_next
from rehab.pain import MorningReport, MorningResponse

DAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("dose", "planned", "eased"),
    [
        (Dose(sets=3, reps=Amount(12, 12)), "3 x 12", "2 x 8"),
        (Dose(sets=3, reps=Amount(8, 12)), "3 x 8-12", "2 x 5-8"),
        (Dose(sets=5, hold_seconds=Amount(30, 45)), "5 x 30-45 s hold", "4 x 20-30 s hold"),
        (
            Dose(sets=4, hold_seconds=Amount(20, 20), note="each"),
            "4 x 20 s hold, each",
            "3 x 15 s hold, each",
        ),
        (Dose(minutes=Amount(15, 30)), "15-30 min", "10-20 min"),
        (
            Dose(sets=3, minutes=Amount(1, 1), note="each drill"),
            "3 x 1 min, each drill",
            "2 x 1 min, each drill",
        ),
        (Dose(reps_by_set=(12, 10, 8)), "3 sets of 12, 10 and 8", "2 sets of 8 and 7"),
        (Dose(sets=1, reps=Amount(1, 1)), "1 x 1", "1 x 1"),
    ],
)
def test_doses_read_as_people_write_them_and_ease_by_a_third(
    dose: Dose, planned: str, eased: str
) -> None:
    """Sets times reps, holds or minutes; eased: one set fewer and about two thirds of each."""
    assert str(dose) == planned
    assert str(dose.eased()) == eased


@pytest.mark.parametrize(
    "arguments",
    [
        {"sets": 3},
        {"sets": 3, "reps": Amount(5, 5), "minutes": Amount(1, 1)},
        {"reps": Amount(5, 5)},
        {"sets": 0, "reps": Amount(5, 5)},
        {"reps_by_set": (12, 0)},
        {"sets": 3, "reps_by_set": (12, 10)},
    ],
)
def test_a_dose_that_cannot_be_done_is_refused(arguments: dict[str, object]) -> None:
    """No measure, two measures, reps without sets, zero sets or a set of nothing."""
    with pytest.raises(ValueError, match=r"dose|set"):
        Dose(**arguments)  # type: ignore[arg-type]


amounts = st.builds(
    lambda low, extra: Amount(low, low + extra), st.integers(1, 60), st.integers(0, 60)
)
doses = st.one_of(
    st.builds(Dose, sets=st.integers(1, 6), reps=amounts),
    st.builds(Dose, sets=st.integers(1, 6), hold_seconds=amounts),
    st.builds(Dose, minutes=amounts),
    st.builds(Dose, reps_by_set=st.lists(st.integers(1, 15), min_size=1, max_size=4).map(tuple)),
)


def _numbers(dose: Dose) -> list[int]:
    """The dose's numbers: the counts per set, or the sets and the measure's range."""
    if dose.reps_by_set:
        return [len(dose.reps_by_set), sum(dose.reps_by_set)]
    measure = dose.reps or dose.hold_seconds or dose.minutes
    assert measure is not None
    return [dose.sets or 1, measure.low, measure.high]


@given(doses)
def test_an_eased_dose_is_never_more_and_never_nothing(dose: Dose) -> None:
    """Every number of the eased dose is at most the planned one and at least one."""
    eased = dose.eased()
    planned = _numbers(dose)
    assert all(0 < e <= p for e, p in zip(_numbers(eased), planned, strict=True))
    if planned[0] > 1:
        assert _numbers(eased) != planned
    assert eased.note == dose.note


def test_every_dose_in_the_content_eases_to_something_smaller() -> None:
    """Each prescription of every phase has a lighter form, unless it is already minimal."""
    for track in load_protocol().tracks.values():
        for phase in track.phases:
            for prescription in phase.prescriptions:
                dose = prescription.dose
                assert dose.eased() != dose, phase.key


def sessions(*pains: int | None) -> list[SessionPain]:
    """One first session a day from DAY on, with these pains."""
    return [SessionPain(DAY + timedelta(days=i), 1, pain) for i, pain in enumerate(pains)]


def morning(days_after: int, response: MorningResponse) -> MorningReport:
    return MorningReport(DAY + timedelta(days=days_after), response)


SAME, WORSE = MorningResponse.SAME, MorningResponse.WORSE


@pytest.mark.parametrize(
    ("pains", "mornings", "asks_mornings", "eased"),
    [
        pytest.param((2, 3), (), True, False, id="within-the-limit"),
        pytest.param((2, 5), (), True, True, id="above-the-limit-last"),
        pytest.param((5, 2), (), True, True, id="one-good-session-morning-unknown"),
        pytest.param((5, 2), (morning(2, SAME),), True, False, id="good-session-good-morning"),
        pytest.param((5, 2), (morning(2, WORSE),), True, True, id="good-session-worse-morning"),
        pytest.param((5, 2, 2), (), True, False, id="two-good-sessions-unanswered-mornings"),
        pytest.param((5, 2), (), False, False, id="no-morning-check-one-good-session"),
        pytest.param((2,), (morning(1, WORSE),), True, True, id="worse-morning-eases"),
        pytest.param((5, None), (), True, True, id="pain-not-reported-changes-nothing"),
        pytest.param(
            (5,), (morning(1, SAME),), True, True, id="a-good-morning-alone-is-not-enough"
        ),
    ],
)
def test_eased_doses_come_after_pain_and_go_after_a_settled_session(
    pains: tuple[int | None, ...],
    mornings: tuple[MorningReport, ...],
    asks_mornings: bool,
    eased: bool,
) -> None:
    """silbernagel2007: above the limit (limit 3 here) or a worse morning eases the next session;
    the plan returns after a session within the limit and a morning that is no worse."""
    assert eases_next(sessions(*pains), mornings, limit=3, asks_mornings=asks_mornings) is eased


@given(st.lists(st.one_of(st.none(), st.integers(0, 10)), max_size=12))
def test_the_session_after_pain_above_the_limit_is_always_eased(pains: list[int | None]) -> None:
    """Whatever came before, pain above the limit in the last session eases the next."""
    assert eases_next(sessions(*pains, 6), (), limit=3, asks_mornings=True)
