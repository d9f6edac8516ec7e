"""The don't-skip nudge ladder as a pure policy: which nudge, if any, a silence calls for now.

A silence period begins at the person's last activity (a check-in or any message; onboarding if
none) and ends with their next one. Within it the ladder climbs once, never two separate nudges
within a day: a word in the next reminder after a miss, a nudge after about two days, an offer to
pause after a week, a lapse after three weeks (daily reminders stop), then at most two weekly
"ready when you are" messages. Nothing here reads the clock or stores anything: the caller passes
what was sent and records what it sends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from rehab.injury import SessionOutcome

# Nordby 2022 nudged after 2 days without a log-in, and MedBridge Pathways raises its "low" alert
# after 49 h without activity; the issue asks for about 48 h. Nordby also found the nudge made
# people come back sooner but not finish more: nudges alone are not enough, so the ladder is short.
TWO_DAYS_AFTER = timedelta(hours=48)
# A week of silence: offer a pause rather than keep pressing (ours: between MedBridge's low alert
# at 49 h and its high alert at 14 days).
OFFER_PAUSE_AFTER = timedelta(days=7)
# MedBridge Pathways drops a patient after 21 days without activity; we stop daily reminders then.
LAPSE_AFTER = timedelta(days=21)
# After the lapse, at most one "ready when you are" a week, for two weeks, then nothing more.
READY_EVERY = timedelta(days=7)
READY_AT_MOST = 2
# Never spam: at most one separate nudge in any 24 h (reminders the person set are not nudges).
MIN_GAP = timedelta(hours=24)
LOOK_AGAIN = timedelta(minutes=1)


class NudgeKind(StrEnum):
    """One rung of the ladder; the order of the members is the order of the ladder."""

    MISSED_WORD = "missed_word"  # a line in the next reminder, not a message of its own
    TWO_DAYS = "two_days"
    OFFER_PAUSE = "offer_pause"
    LAPSED = "lapsed"  # daily reminders stop; the message says so and how to restart
    READY_WHEN_YOU_ARE = "ready_when_you_are"


_RUNG = {kind: rung for rung, kind in enumerate(NudgeKind)}
# The rungs that wait on the silence alone, highest first.
_BY_SILENCE = (
    (NudgeKind.LAPSED, LAPSE_AFTER),
    (NudgeKind.OFFER_PAUSE, OFFER_PAUSE_AFTER),
    (NudgeKind.TWO_DAYS, TWO_DAYS_AFTER),
)


@dataclass(frozen=True)
class SentNudge:
    """A separate nudge that was sent, and when (UTC)."""

    kind: NudgeKind
    sent_at: datetime

    def __post_init__(self) -> None:
        _require_aware(self.sent_at, "sent_at")


@dataclass(frozen=True)
class Activity:
    """What the ladder needs to know about one person's silence.

    `nudges_sent` may hold older nudges too: only those at or after `last_activity_at` count.
    `lapsed_at` is when the person was marked lapsed; a lapse before their last activity is over.
    """

    last_activity_at: datetime
    nudges_sent: Sequence[SentNudge] = ()
    lapsed_at: datetime | None = None

    def __post_init__(self) -> None:
        _require_aware(self.last_activity_at, "last_activity_at")
        if self.lapsed_at is not None:
            _require_aware(self.lapsed_at, "lapsed_at")


def due_nudge(activity: Activity, *, now: datetime) -> NudgeKind | None:
    """Return the separate nudge to send now, if any: the highest rung reached and not yet sent.

    A rung passed while nothing could be sent (downtime, the 24 h gap) is skipped rather than
    sent late, so the ladder never goes down and "two days" never arrives after a week.
    """
    _require_aware(now, "now")
    sent = _sent_in_period(activity)
    if sent and now - sent[-1].sent_at < MIN_GAP:
        return None
    lapsed_at = _lapse_of(activity, sent)
    if lapsed_at is not None:
        return _ready_when_you_are(sent, lapsed_at=lapsed_at, now=now)
    climbed = max((_RUNG[nudge.kind] for nudge in sent), default=_RUNG[NudgeKind.MISSED_WORD])
    silence = now - activity.last_activity_at
    for kind, threshold in _BY_SILENCE:
        if silence >= threshold:
            return kind if _RUNG[kind] > climbed else None
    return None


def next_look_at(activity: Activity, *, now: datetime) -> datetime | None:
    """Return when ``due_nudge`` may next have something to send, or None once the ladder is done.

    The dispatcher stores it (indexed), so a silent person costs nothing until then.
    """
    _require_aware(now, "now")
    sent = _sent_in_period(activity)
    lapsed_at = _lapse_of(activity, sent)
    if lapsed_at is not None:
        ready = [n.sent_at for n in sent if n.kind is NudgeKind.READY_WHEN_YOU_ARE]
        if len(ready) >= READY_AT_MOST:
            return None
        candidates = [lapsed_at + READY_EVERY * (len(ready) + 1)]
        candidates += [ready[-1] + READY_EVERY] if ready else []
    else:
        climbed = max((_RUNG[n.kind] for n in sent), default=_RUNG[NudgeKind.MISSED_WORD])
        thresholds = [
            activity.last_activity_at + threshold
            for kind, threshold in _BY_SILENCE
            if _RUNG[kind] > climbed
        ]
        if not thresholds:
            return None
        candidates = [min(thresholds)]
    if sent:
        candidates.append(sent[-1].sent_at + MIN_GAP)
    # Strictly later than now, so a pass never looks at the same person twice.
    return max(*candidates, now + LOOK_AGAIN)


def missed_word_due(
    *, previous_slot_planned: bool, previous_outcome: SessionOutcome | None
) -> bool:
    """Tell whether the next reminder carries a word about the previous planned session.

    It does when that session was missed (nothing logged) or logged as skipped; a partly done
    session counts as done, since the source asks not to discourage. No word before the first
    planned session (`previous_slot_planned` False).
    """
    return previous_slot_planned and previous_outcome in (None, SessionOutcome.SKIPPED)


def _ready_when_you_are(
    sent: Sequence[SentNudge], *, lapsed_at: datetime, now: datetime
) -> NudgeKind | None:
    """Return READY_WHEN_YOU_ARE a week and two weeks after the lapse, each a week apart."""
    ready = [
        n.sent_at for n in sent if n.kind is NudgeKind.READY_WHEN_YOU_ARE and n.sent_at >= lapsed_at
    ]
    if len(ready) >= READY_AT_MOST:
        return None
    if now < lapsed_at + READY_EVERY * (len(ready) + 1):
        return None
    if ready and now - ready[-1] < READY_EVERY:
        return None
    return NudgeKind.READY_WHEN_YOU_ARE


def _sent_in_period(activity: Activity) -> list[SentNudge]:
    """Return the separate nudges sent since the last activity, oldest first."""
    return sorted(
        (
            nudge
            for nudge in activity.nudges_sent
            if nudge.kind is not NudgeKind.MISSED_WORD
            and nudge.sent_at >= activity.last_activity_at
        ),
        key=lambda nudge: nudge.sent_at,
    )


def _lapse_of(activity: Activity, sent: Sequence[SentNudge]) -> datetime | None:
    """Return when this silence lapsed: the recorded mark, else its LAPSED nudge, else None."""
    if activity.lapsed_at is not None and activity.lapsed_at >= activity.last_activity_at:
        return activity.lapsed_at
    return next((n.sent_at for n in sent if n.kind is NudgeKind.LAPSED), None)


def _require_aware(instant: datetime, name: str) -> None:
    """Refuse a naive datetime: without an offset it is not an instant."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
