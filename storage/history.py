"""Read-only queries of one person's history, for /progress and the physio report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rehab.pain import MorningReport
from rehab.progress_rules import History, PhaseMove, SessionLog, Slot
from storage.models import (
    CheckIn,
    Delivery,
    FlagKind,
    MorningCheck,
    PainLimitChange,
    Pause,
    PhaseChange,
    PhaseChangeReason,
    PhaseCheck,
    SafetyFlag,
    User,
)
from storage.plans import PhaseStep, decode_answers
from storage.reminders import ASKED, MessageKind, parse_slot_key


@dataclass(frozen=True)
class FlagRecord:
    """A safety event raised for the person, on their local date."""

    day: date
    kind: FlagKind
    detail: str | None


@dataclass(frozen=True)
class PauseRecord:
    """A break the person asked for; ``ends_at`` None while it runs until resumed."""

    started_at: datetime
    ends_at: datetime | None


@dataclass(frozen=True)
class CheckRecord:
    """A criteria check: its local day, the phase, each criterion's key with its answer, and
    the outcome (rehab.progression.Outcome's value)."""

    day: date
    phase: int
    answers: tuple[tuple[str, bool], ...]
    outcome: str


@dataclass(frozen=True)
class PersonHistory:
    """One person's whole history: what the progress rules read, plus what only the report lists."""

    activity: History
    phase_steps: tuple[PhaseStep, ...]
    flags: tuple[FlagRecord, ...]
    injury_date: date | None
    pauses: tuple[PauseRecord, ...] = ()
    checks: tuple[CheckRecord, ...] = ()
    display_name: str | None = None
    # The pain limit's changes, as (from this local day, the limit), oldest first.
    limit_changes: tuple[tuple[date, int], ...] = ()


async def person_history(session: AsyncSession, *, user_id: int) -> PersonHistory | None:
    """Return the person's history, or None until they have finished setting up."""
    user = await session.get(User, user_id)
    if user is None or user.onboarded_at is None or user.timezone is None:
        return None
    started_on = user.onboarded_at.astimezone(ZoneInfo(user.timezone)).date()
    check_ins = (
        await session.scalars(
            select(CheckIn)
            .where(CheckIn.user_id == user_id)
            .order_by(CheckIn.local_date, CheckIn.session)
        )
    ).all()
    mornings = await session.scalars(
        select(MorningCheck)
        .where(MorningCheck.user_id == user_id)
        .order_by(MorningCheck.local_date)
    )
    changes = await session.scalars(
        select(PhaseChange).where(PhaseChange.user_id == user_id).order_by(PhaseChange.id)
    )
    steps = tuple(
        PhaseStep(row.local_date, row.from_phase, row.to_phase, row.reason) for row in changes
    )
    flags = await flag_records(session, user_id=user_id)
    logged = {(row.local_date, row.session) for row in check_ins}
    return PersonHistory(
        activity=History(
            started_on=started_on,
            sessions=tuple(
                SessionLog(
                    day=row.local_date,
                    session=row.session,
                    outcome=row.outcome,
                    pain=row.pain,
                    endurance_minutes=row.endurance_minutes,
                )
                for row in check_ins
            ),
            mornings=tuple(
                MorningReport(day=row.local_date, response=row.response) for row in mornings
            ),
            phase_moves=tuple(
                PhaseMove(day=step.local_date, phase=step.to_phase)
                for step in steps
                # A completion is only recorded: the person stays in their final phase.
                if step.reason is not PhaseChangeReason.COMPLETE
            ),
            unanswered=tuple(
                slot
                for slot in await _asked_slots(session, user_id=user_id)
                if (slot.day, slot.session) not in logged
            ),
        ),
        phase_steps=steps,
        flags=flags,
        injury_date=user.injury_date,
        pauses=await pause_records(session, user_id=user_id),
        checks=await _check_records(session, user_id=user_id),
        display_name=user.display_name,
        limit_changes=await limit_changes(session, user_id=user_id),
    )


async def _asked_slots(session: AsyncSession, *, user_id: int) -> list[Slot]:
    keys = await session.scalars(
        select(Delivery.slot).where(
            Delivery.user_id == user_id,
            Delivery.kind == MessageKind.REMINDER,
            Delivery.status.in_(ASKED),
        )
    )
    return sorted(Slot(*parse_slot_key(key)) for key in keys)


async def limit_changes(session: AsyncSession, *, user_id: int) -> tuple[tuple[date, int], ...]:
    """The person's pain limit changes as (from this local day, the limit), oldest first."""
    rows = await session.execute(
        select(PainLimitChange.local_date, PainLimitChange.pain_limit)
        .where(PainLimitChange.user_id == user_id)
        .order_by(PainLimitChange.local_date)
    )
    return tuple((day, limit) for day, limit in rows)


async def record_limit_change(
    session: AsyncSession, *, user_id: int, day: date, limit: int, now: datetime
) -> None:
    """Keep the limit in force from a local day on; a second change that day replaces it."""
    row = await session.scalar(
        select(PainLimitChange).where(
            PainLimitChange.user_id == user_id, PainLimitChange.local_date == day
        )
    )
    if row is None:
        session.add(PainLimitChange(user_id=user_id, local_date=day, pain_limit=limit, at=now))
    else:
        row.pain_limit, row.at = limit, now


async def flag_records(session: AsyncSession, *, user_id: int) -> tuple[FlagRecord, ...]:
    """The person's safety flags, oldest first."""
    rows = await session.scalars(
        select(SafetyFlag).where(SafetyFlag.user_id == user_id).order_by(SafetyFlag.id)
    )
    return tuple(FlagRecord(row.local_date, row.kind, row.detail) for row in rows)


async def pause_records(session: AsyncSession, *, user_id: int) -> tuple[PauseRecord, ...]:
    """The person's pauses, oldest first."""
    rows = await session.scalars(select(Pause).where(Pause.user_id == user_id).order_by(Pause.id))
    return tuple(PauseRecord(row.started_at, row.ends_at) for row in rows)


async def _check_records(session: AsyncSession, *, user_id: int) -> tuple[CheckRecord, ...]:
    rows = await session.scalars(
        select(PhaseCheck).where(PhaseCheck.user_id == user_id).order_by(PhaseCheck.id)
    )
    return tuple(
        CheckRecord(
            row.local_date,
            row.phase,
            decode_answers(row.answers),
            row.outcome,
        )
        for row in rows
    )
