"""The answers of a setup in progress, kept aside from the person's plan until it finishes."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy.ext.asyncio import AsyncSession

from rehab.injury import Onset
from storage.models import SetupDraft


async def open_draft(session: AsyncSession, *, user_id: int, now: datetime) -> SetupDraft:
    """Start a blank draft for the person, replacing any earlier one."""
    await drop_draft(session, user_id=user_id)
    draft = SetupDraft(user_id=user_id, started_at=now)
    session.add(draft)
    await session.flush()
    return draft


async def draft_of(session: AsyncSession, *, user_id: int) -> SetupDraft | None:
    """The person's setup in progress, if there is one."""
    return await session.get(SetupDraft, user_id)


async def drop_draft(session: AsyncSession, *, user_id: int) -> bool:
    """Forget the setup in progress; False if there was none."""
    draft = await session.get(SetupDraft, user_id)
    if draft is None:
        return False
    await session.delete(draft)
    await session.flush()
    return True


async def save_onset(session: AsyncSession, *, user_id: int, onset: Onset) -> None:
    """Keep how the strain came on."""
    (await _draft(session, user_id)).onset = onset


async def save_provider(session: AsyncSession, *, user_id: int, has_provider: bool) -> SetupDraft:
    """Keep whether a physio or sports physician looks after the injury."""
    draft = await _draft(session, user_id)
    draft.has_provider = has_provider
    return draft


async def save_pain_limit(session: AsyncSession, *, user_id: int, limit: int) -> None:
    """Keep the pain limit agreed for the exercises."""
    (await _draft(session, user_id)).pain_limit = limit


async def save_timezone(session: AsyncSession, *, user_id: int, zone_name: str) -> None:
    """Keep the person's IANA time zone."""
    (await _draft(session, user_id)).timezone = zone_name


async def save_injury_date(session: AsyncSession, *, user_id: int, day: date) -> None:
    """Keep the local date the injury happened."""
    (await _draft(session, user_id)).injury_date = day


async def save_times(
    session: AsyncSession, *, user_id: int, first: time, second: time | None
) -> SetupDraft:
    """Keep the reminder times: the first alone until the second comes, or both."""
    draft = await _draft(session, user_id)
    draft.first_time = first
    draft.second_time = second
    await session.flush()
    return draft


async def _draft(session: AsyncSession, user_id: int) -> SetupDraft:
    draft = await session.get(SetupDraft, user_id)
    if draft is None:
        raise LookupError(f"user {user_id} has no setup in progress")
    return draft
