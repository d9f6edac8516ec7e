"""A person's place in the protocol: phase, pain limit, phase history and safety flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rehab.injury import Onset
from storage.models import (
    FlagKind,
    PhaseChange,
    PhaseChangeReason,
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


@dataclass(frozen=True)
class PhaseStep:
    """One recorded move between phases."""

    local_date: date
    from_phase: int | None
    to_phase: int
    reason: PhaseChangeReason


async def plan_state(session: AsyncSession, *, user_id: int) -> PlanState | None:
    """Return the person's plan, or None until they have finished setting up."""
    user = await session.get(User, user_id)
    if (
        user is None
        or user.onboarded_at is None
        or user.onset is None
        or user.timezone is None
        or user.phase is None
        or user.phase_started_on is None
    ):
        return None
    sessions = await session.scalar(
        select(func.count()).select_from(Schedule).where(Schedule.user_id == user_id)
    )
    changed_at = await session.scalar(
        select(func.max(PhaseChange.at)).where(
            PhaseChange.user_id == user_id, PhaseChange.reason != PhaseChangeReason.COMPLETE
        )
    )
    return PlanState(
        user_id=user_id,
        onset=user.onset,
        timezone=user.timezone,
        phase=user.phase,
        phase_started_on=user.phase_started_on,
        # People set up before phase changes were recorded count from their onboarding.
        phase_changed_at=changed_at or user.onboarded_at,
        pain_limit=user.pain_limit,
        has_provider=user.has_provider,
        sessions_per_day=max(1, sessions or 0),
        onboarded_on=user.onboarded_at.astimezone(ZoneInfo(user.timezone)).date(),
        morning_check=user.morning_check,
    )


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
    user = await session.get(User, user_id)
    if user is None:
        raise LookupError(f"user {user_id} does not exist")
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
    await session.flush()


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
