"""The unsolicited-message budget: three hours apart, two a day (three with two sessions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from scheduler.message_budget import SPACING, daily_cap, next_allowed

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 29, 19, 33, tzinfo=UTC)


def test_a_nudge_half_an_hour_after_a_reminder_waits_three_hours() -> None:
    """The issue's Sunday: a 19:00 reminder, then a nudge at 19:33: it waits until 22:00."""
    reminder = datetime(2026, 11, 29, 19, 0, tzinfo=UTC)
    assert next_allowed([reminder], now=NOW, zone=LONDON, sessions_per_day=1) == reminder + SPACING


def test_a_full_day_waits_for_the_next_local_day() -> None:
    """Two sent today (once a day): the next one waits for local midnight; three for two a day."""
    sent = [datetime(2026, 11, 29, 8, 0, tzinfo=UTC), datetime(2026, 11, 29, 12, 0, tzinfo=UTC)]
    later = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)
    assert next_allowed(sent, now=later, zone=LONDON, sessions_per_day=1) == datetime(
        2026, 11, 30, 0, 0, tzinfo=UTC
    )
    assert next_allowed(sent, now=later, zone=LONDON, sessions_per_day=2) == later


def test_nothing_sent_allows_now() -> None:
    assert next_allowed([], now=NOW, zone=LONDON, sessions_per_day=1) == NOW


@given(
    st.lists(st.integers(0, 48 * 60), max_size=6).map(
        lambda minutes: [NOW - timedelta(minutes=m) for m in minutes]
    ),
    st.sampled_from([1, 2]),
)
def test_what_it_allows_keeps_the_budget(sent: list[datetime], per_day: int) -> None:
    """At the instant allowed, the last message is three hours back and the day has room."""
    allowed = next_allowed(sent, now=NOW, zone=LONDON, sessions_per_day=per_day)
    assert allowed >= NOW
    assert all(allowed - at >= SPACING for at in sent)
    same_day = [
        at for at in sent if at.astimezone(LONDON).date() == allowed.astimezone(LONDON).date()
    ]
    assert len(same_day) < daily_cap(per_day)


def test_a_nudge_does_not_go_in_the_three_hours_before_a_planned_reminder() -> None:
    """A nudge due at 17:30 with the reminder at 19:00 waits for three hours after it: the
    reminder itself carries the word about missed sessions."""
    now = datetime(2026, 11, 29, 17, 30, tzinfo=UTC)
    reminder = datetime(2026, 11, 29, 19, 0, tzinfo=UTC)
    allowed = next_allowed([], now=now, zone=LONDON, sessions_per_day=2, planned=[reminder])
    assert allowed == reminder + SPACING


@given(
    st.lists(st.integers(0, 24 * 60), max_size=4).map(
        lambda minutes: [NOW - timedelta(minutes=m) for m in minutes]
    ),
    st.lists(st.integers(-24 * 60, 48 * 60), max_size=4).map(
        lambda minutes: [NOW + timedelta(minutes=m) for m in minutes]
    ),
    st.sampled_from([1, 2]),
)
def test_what_it_allows_keeps_three_hours_from_planned_messages(
    sent: list[datetime], planned: list[datetime], per_day: int
) -> None:
    """Wherever the planned messages fall, the instant allowed is three hours from each of
    them and from those sent, and its day has room once the planned ones before it went."""
    allowed = next_allowed(sent, now=NOW, zone=LONDON, sessions_per_day=per_day, planned=planned)
    assert allowed >= NOW
    assert all(abs(allowed - at) >= SPACING for at in [*sent, *planned])
    before = [at for at in [*sent, *planned] if at < allowed]
    same_day = [
        at for at in before if at.astimezone(LONDON).date() == allowed.astimezone(LONDON).date()
    ]
    assert len(same_day) < daily_cap(per_day)
