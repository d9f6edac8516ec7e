"""The days that plan no sessions: those on a safety hold (read from the safety flags) and
those of a pause the person asked for (rehab.adherence counts neither as planned)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from coach.setup import AT_SETUP
from rehab.progress_rules import HoldSpan
from storage.history import FlagRecord, PauseRecord
from storage.models import FlagKind

_CLEARANCES = (FlagKind.HOLD_CLEARED, FlagKind.HOLD_CLEARED_STEP_BACK)
_ANSWERS = (FlagKind.HOLD_NOT_SEEN, FlagKind.HOLD_RESTING)


@dataclass(frozen=True)
class HoldRecord:
    """One safety hold: its days, what opened it, the answers to "have you been seen?" while
    it was open, and the clearance that ended it (None while it is open)."""

    span: HoldSpan
    opened_by: FlagKind | None
    answers: tuple[FlagKind, ...]
    outcome: FlagKind | None


def hold_records(flags: Iterable[FlagRecord], *, open_since: date | None) -> tuple[HoldRecord, ...]:
    """The holds, oldest first: pain of 7+ or a warning sign during the rehab opens one, a
    professional's clearance ends it; the one open now (``open_since``) runs on."""
    records: list[HoldRecord] = []
    start: date | None = None
    opened_by: FlagKind | None = None
    answers: list[FlagKind] = []
    for flag in flags:
        opens = flag.kind is FlagKind.PAIN_STOP or (
            flag.kind is FlagKind.RED_FLAG and not (flag.detail or "").startswith(AT_SETUP)
        )
        if opens and start is None:
            start, opened_by, answers = flag.day, flag.kind, []
        elif flag.kind in _ANSWERS and start is not None:
            answers.append(flag.kind)
        elif flag.kind in _CLEARANCES and start is not None:
            span = HoldSpan(start, flag.day)
            records.append(HoldRecord(span, opened_by, tuple(answers), flag.kind))
            start = None
    if start is not None or open_since is not None:
        span = HoldSpan(start or open_since or date.min, None)
        records.append(HoldRecord(span, opened_by if start else None, tuple(answers), None))
    return tuple(records)


def hold_spans(flags: Iterable[FlagRecord], *, open_since: date | None) -> tuple[HoldSpan, ...]:
    """The days of each hold (``hold_records``)."""
    return tuple(record.span for record in hold_records(flags, open_since=open_since))


def days_on_hold(spans: Iterable[HoldSpan], *, until: date) -> frozenset[date]:
    """Every day the holds cover, up to ``until``: from the day after a hold began (its first
    day had the session that began it) to the day before it ended."""
    days: set[date] = set()
    for span in spans:
        day = span.start + timedelta(days=1)
        end = min(span.end or until + timedelta(days=1), until + timedelta(days=1))
        while day < end:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def days_paused(pauses: Iterable[PauseRecord], *, zone: str, until: date) -> frozenset[date]:
    """Every local day a pause touches, up to ``until``: from the day it began to the day it
    ended (one ending at midnight leaves that day alone). A day with a session logged still
    counts it as planned (rehab.adherence), so the day of a pause begun after the session, or
    of a /resume followed by one, keeps its session."""
    tz = ZoneInfo(zone)
    days: set[date] = set()
    for pause in pauses:
        day = pause.started_at.astimezone(tz).date()
        last = until
        if pause.ends_at is not None:
            end = pause.ends_at.astimezone(tz)
            last = min(last, end.date() - timedelta(days=end.time() == time(0)))
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def days_off(
    holds: Iterable[HoldSpan],
    pauses: Iterable[PauseRecord],
    *,
    zone: str,
    until: date,
) -> frozenset[date]:
    """The days on a hold or paused, up to ``until``."""
    return days_on_hold(holds, until=until) | days_paused(pauses, zone=zone, until=until)
