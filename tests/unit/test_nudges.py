"""The don't-skip nudge ladder: which separate nudge a silence calls for, and never spam."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehab.injury import SessionOutcome
from scheduler.nudges import (
    Activity,
    NudgeKind,
    SentNudge,
    due_nudge,
    missed_word_due,
    next_look_at,
)
from storage.reminders import MessageKind

START = datetime(2026, 3, 1, 9, tzinfo=UTC)
DAY = 24
TWO, PAUSE, LAPSED, READY = (
    NudgeKind.TWO_DAYS,
    NudgeKind.OFFER_PAUSE,
    NudgeKind.LAPSED,
    NudgeKind.READY_WHEN_YOU_ARE,
)


def at(hours: float) -> datetime:
    """The instant `hours` after the start of the silence."""
    return START + timedelta(hours=hours)


def sent(*nudges: tuple[NudgeKind, float]) -> tuple[SentNudge, ...]:
    """Nudges sent at the given hours after the start of the silence."""
    return tuple(SentNudge(kind, at(hours)) for kind, hours in nudges)


class Person:
    """Plays the caller: asks the policy, records what it sends, and marks the lapse."""

    def __init__(self, since: datetime) -> None:
        self.activity = Activity(last_activity_at=since)
        self.log: list[SentNudge] = []

    def tick(self, now: datetime) -> NudgeKind | None:
        """Send whatever is due now and record it as storage would."""
        kind = due_nudge(self.activity, now=now)
        if kind is not None:
            self.log.append(SentNudge(kind, now))
            lapsed_at = now if kind is LAPSED else self.activity.lapsed_at
            self.activity = Activity(
                self.activity.last_activity_at,
                (*self.activity.nudges_sent, self.log[-1]),
                lapsed_at,
            )
        return kind

    def speak(self, now: datetime) -> None:
        """A message from the person: the old nudges and lapse mark stay, as stale rows would."""
        self.activity = Activity(now, self.activity.nudges_sent, self.activity.lapsed_at)


def hourly(person: Person, hours: int) -> list[tuple[int, NudgeKind]]:
    """Tick every hour for `hours` hours after the start and return what was sent, by hour."""
    fired = [(hour, person.tick(at(hour))) for hour in range(hours + 1)]
    return [(hour, kind) for hour, kind in fired if kind is not None]


def test_a_silence_climbs_the_whole_ladder_once() -> None:
    """Two days, a week, three weeks, then a week and two weeks after the lapse; then nothing."""
    assert hourly(Person(START), 80 * DAY) == [
        (48, TWO),
        (7 * DAY, PAUSE),
        (21 * DAY, LAPSED),
        (28 * DAY, READY),
        (35 * DAY, READY),
    ]


@pytest.mark.parametrize(
    ("hours", "nudges", "lapsed_hours", "expected"),
    [
        pytest.param(0, (), None, None, id="just-active"),
        pytest.param(47.99, (), None, None, id="not-yet-two-days"),
        pytest.param(48, (), None, TWO, id="two-days"),
        pytest.param(60, ((TWO, 48),), None, None, id="two-days-once"),
        pytest.param(7 * DAY - 1, ((TWO, 48),), None, None, id="not-yet-a-week"),
        pytest.param(7 * DAY, ((TWO, 48),), None, PAUSE, id="a-week"),
        pytest.param(7 * DAY, ((TWO, 150),), None, None, id="waits-a-day-after-a-late-nudge"),
        pytest.param(7 * DAY + 6, ((TWO, 150),), None, PAUSE, id="then-offers-the-pause"),
        pytest.param(10 * DAY, (), None, PAUSE, id="stale-rung-skipped"),
        pytest.param(12 * DAY, ((PAUSE, 10 * DAY),), None, None, id="never-back-down"),
        pytest.param(21 * DAY, ((TWO, 48), (PAUSE, 168)), None, LAPSED, id="three-weeks"),
        pytest.param(30 * DAY, (), None, LAPSED, id="lapse-after-downtime"),
        pytest.param(
            21 * DAY, ((TWO, 48), (PAUSE, 20.5 * DAY)), None, None, id="lapse-waits-a-day-too"
        ),
        pytest.param(27 * DAY, ((LAPSED, 21 * DAY),), 21 * DAY, None, id="lapsed-not-yet-a-week"),
        pytest.param(28 * DAY, ((LAPSED, 21 * DAY),), 21 * DAY, READY, id="ready-after-a-week"),
        pytest.param(
            34 * DAY, ((LAPSED, 21 * DAY), (READY, 28 * DAY)), 21 * DAY, None, id="ready-weekly"
        ),
        pytest.param(
            35 * DAY,
            ((LAPSED, 21 * DAY), (READY, 28 * DAY)),
            21 * DAY,
            READY,
            id="ready-again-after-two-weeks",
        ),
        pytest.param(
            41 * DAY,
            ((LAPSED, 21 * DAY), (READY, 34 * DAY)),
            21 * DAY,
            READY,
            id="late-ready-then-a-week-apart",
        ),
        pytest.param(
            40 * DAY,
            ((LAPSED, 21 * DAY), (READY, 34 * DAY)),
            21 * DAY,
            None,
            id="late-ready-not-two-in-a-week",
        ),
        pytest.param(
            400 * DAY,
            ((LAPSED, 21 * DAY), (READY, 28 * DAY), (READY, 35 * DAY)),
            21 * DAY,
            None,
            id="never-a-third-ready",
        ),
        pytest.param(28 * DAY, (), 21 * DAY, READY, id="marked-lapsed-without-a-message"),
        pytest.param(28 * DAY, ((LAPSED, 21 * DAY),), None, READY, id="lapse-known-by-its-nudge"),
        pytest.param(
            48, ((NudgeKind.MISSED_WORD, 47),), None, TWO, id="missed-word-is-not-a-nudge"
        ),
        pytest.param(50, ((TWO, -24), (PAUSE, -1)), None, TWO, id="older-silences-ignored"),
    ],
)
def test_due_nudge(
    hours: float,
    nudges: tuple[tuple[NudgeKind, float], ...],
    lapsed_hours: float | None,
    expected: NudgeKind | None,
) -> None:
    """The highest rung reached and not sent is due, unless a nudge went out in the last 24 h."""
    lapsed_at = None if lapsed_hours is None else at(lapsed_hours)
    activity = Activity(START, sent(*nudges), lapsed_at)
    assert due_nudge(activity, now=at(hours)) is expected


def test_any_message_starts_a_new_silence() -> None:
    """After the person speaks, even once lapsed, the ladder starts again from their message."""
    person = Person(START)
    hourly(person, 40 * DAY)
    person.speak(at(40 * DAY + 5))
    fired = [(hour - 40 * DAY - 5, kind) for hour, kind in hourly(person, 80 * DAY)]
    assert fired[:2] == [(48, TWO), (7 * DAY, PAUSE)]


@pytest.mark.parametrize(
    ("planned", "outcome", "word"),
    [
        pytest.param(True, None, True, id="missed"),
        pytest.param(True, SessionOutcome.SKIPPED, True, id="skipped"),
        pytest.param(True, SessionOutcome.PARTLY, False, id="partly-counts-as-done"),
        pytest.param(True, SessionOutcome.DONE, False, id="done"),
        pytest.param(False, None, False, id="first-reminder"),
    ],
)
def test_missed_word_due(planned: bool, outcome: SessionOutcome | None, word: bool) -> None:
    """The next reminder carries a word only after a planned session was missed or skipped."""
    assert missed_word_due(previous_slot_planned=planned, previous_outcome=outcome) is word


NAIVE = datetime(2026, 3, 1)  # noqa: DTZ001 - the input that must be refused


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: Activity(NAIVE), id="last-activity"),
        pytest.param(lambda: Activity(START, (), NAIVE), id="lapsed-at"),
        pytest.param(lambda: SentNudge(TWO, NAIVE), id="sent-at"),
        pytest.param(lambda: due_nudge(Activity(START), now=NAIVE), id="now"),
    ],
)
def test_naive_instants_are_refused(call) -> None:
    """A naive datetime anywhere raises ValueError."""
    with pytest.raises(ValueError, match="aware"):
        call()


# A step of the timeline: minutes since the previous step, and whether the person speaks then.
STEPS = st.lists(
    st.tuples(
        st.one_of(st.integers(0, 180), st.integers(0, 60 * 24 * 12)),
        st.integers(0, 24).map(lambda n: n == 0),
    ),
    max_size=150,
)


@settings(max_examples=150, deadline=None, database=None)
@given(steps=STEPS)
def test_never_spam(steps: list[tuple[int, bool]]) -> None:
    """Over any timeline: a day between nudges, at most 5 per silence, never down the ladder."""
    person = Person(START)
    now = START
    periods: list[list[SentNudge]] = [[]]
    for minutes, speaks in steps:
        now += timedelta(minutes=minutes)
        if speaks:
            person.speak(now)
            periods.append([])
        elif person.tick(now) is not None:
            periods[-1].append(person.log[-1])
    times = [nudge.sent_at for nudge in person.log]
    assert all(later - earlier >= timedelta(hours=24) for earlier, later in pairwise(times))
    ladder = list(NudgeKind)
    for period in periods:
        kinds = [nudge.kind for nudge in period]
        assert len(kinds) <= 5
        assert kinds.count(READY) <= 2
        assert all(kinds.count(kind) <= 1 for kind in (TWO, PAUSE, LAPSED))
        assert [ladder.index(kind) for kind in kinds] == sorted(ladder.index(k) for k in kinds)


@given(offset_minutes=st.integers(min_value=0, max_value=59))
def test_looking_only_at_next_look_at_sends_what_an_hourly_walk_sends(offset_minutes: int) -> None:
    """Jumping from look to look misses no nudge an hourly walk would send, and ends."""
    hourly, jumping = Person(START), Person(START)
    end = at(60 * DAY)
    now = START
    while now <= end:
        hourly.tick(now)
        now += timedelta(hours=1)
    now = START + timedelta(minutes=offset_minutes)
    looks = 0
    while True:
        jumping.tick(now)
        following = next_look_at(jumping.activity, now=now)
        if following is None or following > end:
            break
        assert following > now
        now, looks = following, looks + 1
    assert [n.kind for n in jumping.log] == [n.kind for n in hourly.log]
    assert looks <= 2 * len(NudgeKind)


@pytest.mark.parametrize("kind", [kind for kind in NudgeKind if kind is not NudgeKind.MISSED_WORD])
def test_every_nudge_sent_on_its_own_has_a_message_kind(kind: NudgeKind) -> None:
    """The ledger can record each rung that is a message of its own, and read its rung back."""
    assert MessageKind.nudge(kind).rung == kind
