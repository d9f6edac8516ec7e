"""A person's place in the protocol: phase, pain limit, phase history and safety flags."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rehab.injury import Onset
from storage.models import (
    FlagKind,
    HoldReason,
    PhaseChange,
    PhaseChangeReason,
    PhaseCheck,
    SafetyFlag,
    Schedule,
    User,
)


@dataclass(frozen=True)
class PlanState:
    """What the rules need to know about one set-up person, detached from the session."""

    user_id: int
    onset: Onset
    timezone: str
    phase: int
    phase_started_on: date
    phase_changed_at: datetime
    pain_limit: int | None
    has_provider: bool | None
    sessions_per_day: int
    onboarded_on: date
    morning_check: bool = True
    # An open safety hold: since when, and why (DESIGN 10).
    hold_since: datetime | None = None
    hold_reason: HoldReason | None = None
    # After a hold, routines ask to ease back in up to and including this local day.
    ease_until: date | None = None
    # After a failed criteria check in this phase: the first day it may be tried again.
    check_again_on: date | None = None
    # After the last phase: since when the plan is weekly maintenance, and if it is wanted.
    maintenance_since: date | None = None
    maintenance_weekly: bool = True
    injured_on: date | None = None
    # The first day the person said they walk at a normal stride without pain.
    walking_pain_free_on: date | None = None
    # The last day the person entered each phase they have been in, by phase number.
    entered: tuple[tuple[int, date], ...] = ()

    def entered_phase(self, number: int) -> date | None:
        """The last day the person entered phase ``number``, if they ever did."""
        return dict(self.entered).get(number)

    @property
    def on_hold(self) -> bool:
        """Whether nothing may be loaded until a professional has seen the person."""
        return self.hold_since is not None

    @property
    def hold_day(self) -> date | None:
        """The local day the open hold began, if there is one."""
        if self.hold_since is None:
            return None
        return self.hold_since.astimezone(ZoneInfo(self.timezone)).date()


@dataclass(frozen=True)
class PhaseStep:
    """One recorded move between phases."""

    local_date: date
    from_phase: int | None
    to_phase: int
    reason: PhaseChangeReason


async def plan_state(session: AsyncSession, *, user_id: int) -> PlanState | None:
    """Return the person's plan, or None until they have finished setting up."""
    return (await plan_states(session, [user_id])).get(user_id)


async def plan_states(session: AsyncSession, user_ids: Collection[int]) -> dict[int, PlanState]:
    """Return the plans of these people, in five statements; those not set up are left out."""
    if not user_ids:
        return {}
    people = await session.scalars(select(User).where(User.id.in_(user_ids)))
    counts = await session.execute(
        select(Schedule.user_id, func.count())
        .where(Schedule.user_id.in_(user_ids))
        .group_by(Schedule.user_id)
    )
    sessions: dict[int, int] = dict(counts.all())
    changes = await session.execute(
        select(PhaseChange.user_id, func.max(PhaseChange.at))
        .where(PhaseChange.user_id.in_(user_ids), PhaseChange.reason != PhaseChangeReason.COMPLETE)
        .group_by(PhaseChange.user_id)
    )
    changed: dict[int, datetime] = dict(changes.all())
    entries = await session.execute(
        select(PhaseChange.user_id, PhaseChange.to_phase, func.max(PhaseChange.local_date))
        .where(PhaseChange.user_id.in_(user_ids), PhaseChange.reason != PhaseChangeReason.COMPLETE)
        .group_by(PhaseChange.user_id, PhaseChange.to_phase)
    )
    entered: dict[int, list[tuple[int, date]]] = {}
    for user_id, phase, day in entries:
        entered.setdefault(user_id, []).append((phase, day))
    walking = await session.execute(
        select(SafetyFlag.user_id, func.min(SafetyFlag.local_date))
        .where(SafetyFlag.user_id.in_(user_ids), SafetyFlag.kind == FlagKind.WALKING_PAIN_FREE)
        .group_by(SafetyFlag.user_id)
    )
    walks: dict[int, date] = dict(walking.all())
    states = (
        _state(
            user,
            sessions.get(user.id, 0),
            changed.get(user.id),
            walking_pain_free_on=walks.get(user.id),
            entered=tuple(sorted(entered.get(user.id, ()))),
        )
        for user in people
    )
    return {state.user_id: state for state in states if state is not None}


def _state(
    user: User,
    sessions: int,
    changed_at: datetime | None,
    *,
    walking_pain_free_on: date | None,
    entered: tuple[tuple[int, date], ...],
) -> PlanState | None:
    if (
        user.onboarded_at is None
        or user.onset is None
        or user.timezone is None
        or user.phase is None
        or user.phase_started_on is None
    ):
        return None
    return PlanState(
        user_id=user.id,
        onset=user.onset,
        timezone=user.timezone,
        phase=user.phase,
        phase_started_on=user.phase_started_on,
        # People set up before phase changes were recorded count from their onboarding.
        phase_changed_at=changed_at or user.onboarded_at,
        pain_limit=user.pain_limit,
        has_provider=user.has_provider,
        sessions_per_day=max(1, sessions),
        onboarded_on=user.onboarded_at.astimezone(ZoneInfo(user.timezone)).date(),
        morning_check=user.morning_check,
        hold_since=user.hold_since,
        hold_reason=user.hold_reason,
        ease_until=user.ease_until,
        check_again_on=user.check_again_on,
        maintenance_since=user.maintenance_since,
        maintenance_weekly=user.maintenance_weekly,
        injured_on=user.injury_date,
        walking_pain_free_on=walking_pain_free_on,
        entered=entered,
    )


_YES, _NO = "yes", "no"


def encode_answers(answers: Collection[tuple[str, bool]]) -> str:
    """A check's answers as stored: ``key=yes`` or ``key=no``, in the order asked."""
    return ",".join(f"{key}={_YES if answer else _NO}" for key, answer in answers)


def decode_answers(stored: str) -> tuple[tuple[str, bool], ...]:
    """Read back what ``encode_answers`` wrote."""
    pairs = (item.partition("=") for item in stored.split(",") if item)
    return tuple((key, value == _YES) for key, _, value in pairs)


async def record_check(
    session: AsyncSession,
    *,
    user_id: int,
    phase: int,
    answers: Collection[tuple[str, bool]],
    outcome: str,
    local_date: date,
    now: datetime,
) -> None:
    """Keep a criteria check's answers and outcome, for the report."""
    session.add(
        PhaseCheck(
            user_id=user_id,
            local_date=local_date,
            phase=phase,
            answers=encode_answers(answers),
            outcome=outcome,
            at=now,
        )
    )
    await session.flush()


async def count_checks(session: AsyncSession, *, user_id: int, outcome: str) -> int:
    """How many criteria checks the person has had with this outcome."""
    count = await session.scalar(
        select(func.count())
        .select_from(PhaseCheck)
        .where(PhaseCheck.user_id == user_id, PhaseCheck.outcome == outcome)
    )
    return int(count or 0)


async def change_phase(
    session: AsyncSession,
    *,
    user_id: int,
    to_phase: int,
    reason: PhaseChangeReason,
    local_date: date,
    now: datetime,
) -> None:
    """Move the person to a phase starting today, and record the move.

    A completion is only recorded: the person stays in their final phase as it is.
    """
    user = await person(session, user_id)
    session.add(
        PhaseChange(
            user_id=user_id,
            local_date=local_date,
            from_phase=user.phase,
            to_phase=to_phase,
            reason=reason,
            at=now,
        )
    )
    if reason is not PhaseChangeReason.COMPLETE:
        user.phase = to_phase
        user.phase_started_on = local_date
        user.check_again_on = None
    await session.flush()


async def save_ease_until(session: AsyncSession, *, user_id: int, day: date) -> None:
    """Have routines ask to go easy up to and including a local day."""
    user = await person(session, user_id)
    user.ease_until = day


async def save_check_again_on(session: AsyncSession, *, user_id: int, day: date | None) -> None:
    """Keep the first day a failed criteria check may be tried again."""
    user = await person(session, user_id)
    user.check_again_on = day


async def record_flag(
    session: AsyncSession,
    *,
    user_id: int,
    kind: FlagKind,
    local_date: date,
    now: datetime,
    detail: str | None = None,
) -> None:
    """Keep a safety event for the person and their provider."""
    session.add(
        SafetyFlag(user_id=user_id, kind=kind, local_date=local_date, detail=detail, at=now)
    )
    await session.flush()


async def flags_on(
    session: AsyncSession, *, user_id: int, kind: FlagKind, local_date: date
) -> list[str | None]:
    """The details of the person's flags of one kind on one local day."""
    rows = await session.scalars(
        select(SafetyFlag.detail).where(
            SafetyFlag.user_id == user_id,
            SafetyFlag.kind == kind,
            SafetyFlag.local_date == local_date,
        )
    )
    return list(rows)


async def flag_details_since(
    session: AsyncSession, *, user_id: int, kind: FlagKind, since: datetime
) -> list[str]:
    """The details of the person's flags of one kind raised since an instant."""
    rows = await session.scalars(
        select(SafetyFlag.detail).where(
            SafetyFlag.user_id == user_id,
            SafetyFlag.kind == kind,
            SafetyFlag.at >= since,
            SafetyFlag.detail.is_not(None),
        )
    )
    return [detail for detail in rows if detail is not None]


async def replace_flag(
    session: AsyncSession,
    *,
    user_id: int,
    kind: FlagKind,
    local_date: date,
    now: datetime,
    detail: str,
) -> None:
    """Keep one flag of a kind for a local day: the newest answer replaces an earlier one."""
    await session.execute(
        delete(SafetyFlag).where(
            SafetyFlag.user_id == user_id,
            SafetyFlag.kind == kind,
            SafetyFlag.local_date == local_date,
        )
    )
    await record_flag(
        session, user_id=user_id, kind=kind, local_date=local_date, now=now, detail=detail
    )


async def person(session: AsyncSession, user_id: int) -> User:
    """The person's row; LookupError if there is none."""
    user = await session.get(User, user_id)
    if user is None:
        raise LookupError(f"user {user_id} does not exist")
    return user
