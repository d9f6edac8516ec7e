"""Button data: one codec per family, within 64 bytes, refusing whatever it did not pack."""

from __future__ import annotations

import zoneinfo
from datetime import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import callbacks
from bot.callbacks import MAX_CALLBACK_BYTES, Family
from coach.day_record import SessionRef
from coach.preferences import NO_QUIET_HOURS
from coach.safety_hold import SeenAnswer
from rehab.aggravation import Aggravator
from rehab.injury import Onset, SessionOutcome
from rehab.pain import MorningResponse
from scheduler.quiet_hours import QuietHours
from tests.unit.test_rendering_and_keyboards import all_callback_data

FAMILIES: dict[str, Family[Any]] = {
    name: value for name, value in vars(callbacks).items() if isinstance(value, Family)
} | {f"SWITCH_{switch.name}": family for switch, family in callbacks.SWITCHES.items()}

refs = st.builds(SessionRef, st.dates(), st.sampled_from([1, 2]))
clock = st.builds(time, st.integers(0, 23), st.integers(0, 59))
logged = st.sampled_from([SessionOutcome.DONE, SessionOutcome.PARTLY])
zones = st.sampled_from(sorted(zoneinfo.available_timezones()))
# Values for each family, as the bot packs them; the longest of each kind included.
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "LOG": refs,
    "SNOOZE": refs,
    "SKIP_TODAY": refs,
    "WALKING": refs,
    "HOW_TO": refs,
    "AGGRAVATED": st.tuples(refs, st.sampled_from(Aggravator)),
    "NUMBER_MEANT": st.tuples(refs, st.booleans(), st.integers(0, 99_999)),
    "SHOW_TODAY": st.none(),
    "ASK_PROBLEM": st.none(),
    "OUTCOME": st.tuples(refs, st.sampled_from(SessionOutcome)),
    "PAIN": st.tuples(refs, logged, st.integers(0, 10)),
    "WARNING_SIGN": st.tuples(refs, st.sampled_from(SessionOutcome)),
    "ENDURANCE": st.tuples(refs, st.none() | st.integers(0, 300)),
    "MORNING": st.tuples(st.dates(), st.sampled_from(MorningResponse)),
    "CRITERION": st.tuples(st.integers(1, 99), st.lists(st.booleans(), max_size=12).map(tuple)),
    "SEEN": st.sampled_from(SeenAnswer),
    "PROBLEM": st.booleans(),
    "FOUND_PROVIDER": st.none(),
    "SIGN_OFF": st.booleans(),
    "WEEKLY": st.booleans(),
    "PAUSE": st.integers(0, 60),
    "KEEP_GOING": st.none(),
    "FORGET": st.tuples(st.booleans(), st.integers(0, 2**63 - 1)),
    "RESTART": st.none(),
    "ONSET": st.sampled_from(Onset),
    "WARNING_SIGNS_AT_SETUP": st.lists(st.booleans(), min_size=1, max_size=12).map(tuple),
    "CLEARED": st.booleans(),
    "PROVIDER": st.booleans(),
    "SETUP_PAIN_LIMIT": st.integers(0, 6),
    "SETUP_ZONE": zones,
    "SETUP_SHARE_LOCATION": st.none(),
    "INJURED_DAYS_AGO": st.sampled_from([0, 1, 7]),
    "SETUP_SESSIONS": st.sampled_from([1, 2]),
    "SETUP_TIME": clock,
    "KEEP_PHASE": st.booleans(),
    "SETTINGS_MENU": st.none(),
    "OPEN_SESSIONS": st.none(),
    "OPEN_ZONE": st.none(),
    "OPEN_PAIN_LIMIT": st.none(),
    "OPEN_QUIET_HOURS": st.none(),
    "SESSIONS_A_DAY": st.sampled_from([1, 2]),
    "ZONE": zones,
    "SHARE_LOCATION": st.none(),
    "PAIN_LIMIT": st.integers(0, 6),
    "QUIET_HOURS": st.just(NO_QUIET_HOURS) | st.builds(QuietHours, clock, clock),
    "ONE_TIME": clock,
    "FIRST_OF_TWO": clock,
    "TWO_TIMES": st.tuples(clock, clock),
    "SWITCH_WEEKLY_SUMMARY": st.booleans(),
    "SWITCH_MORNING_CHECK": st.booleans(),
}


def test_every_family_has_values_to_try() -> None:
    """No family is left out of the round trip below."""
    assert set(FAMILIES) == set(VALUES)


@given(data=st.data())
def test_every_family_round_trips_within_64_bytes(data: st.DataObject) -> None:
    """Whatever a family packs fits Telegram's 64 bytes and reads back as it was."""
    name = data.draw(st.sampled_from(sorted(FAMILIES)))
    value = data.draw(VALUES[name])
    packed = FAMILIES[name].data(value)
    assert len(packed.encode()) <= MAX_CALLBACK_BYTES
    assert FAMILIES[name].decode(packed) == value


def test_data_over_64_bytes_is_never_packed() -> None:
    """A value that would not fit is refused when the button is built, not sent to Telegram."""
    with pytest.raises(ValueError, match="64 bytes"):
        callbacks.SETUP_ZONE.data("A" * 60)


def test_every_keyboard_button_is_read_by_exactly_one_family() -> None:
    """Each button the bot shows reaches one handler's pattern and no other."""
    for packed in all_callback_data():
        readers = [name for name, family in FAMILIES.items() if family.matches(packed)]
        assert len(readers) == 1, (packed, readers)


@pytest.mark.parametrize(
    "forged",
    [
        "",
        "log",
        "log:20261125",
        "log:20261125:1:2",
        "log:\uff12\uff10\uff12\uff16\uff11\uff11\uff12\uff15:1",
        "mor:20261399:better",
        "pain:20261125:1:done:10 ",
        "crit:1:yyyyyyyyyyyyy",
        "forget:yes:-1",
        "set:tz:../../etc/passwd",
        "set:tz:Mars/Olympus",
        "set:quiet:22:00-7:00",
        "set:two:12:00",
        "ob:tz:",
        "x" * 65,
        "é" * 40,
    ],
)
def test_forged_data_matches_no_family(forged: str) -> None:
    """Data no family packed is read by none: it reaches the expired-button answer."""
    assert [name for name, family in FAMILIES.items() if family.matches(forged)] == []
    assert not callbacks.LOG.matches(forged.encode())
