"""The weekly maintenance after the last phase: daily slots parked, one session a week."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PendingMessage, User
from storage.plans import person
from storage.reminders import MessageKind, stand_down


async def begin(session: AsyncSession, *, user_id: int, since: date) -> None:
    """Put the person on weekly maintenance: no daily reminders, no nudges, no weekly summary."""
    user = await person(session, user_id)
    user.maintenance_since = since
    user.maintenance_weekly = True
    await stand_down(session, user, drop=(MessageKind.SNOOZED, MessageKind.SUMMARY))


async def set_weekly(session: AsyncSession, *, user_id: int, on: bool) -> None:
    """Keep the weekly sessions coming, or stop them (maintenance itself goes on)."""
    (await person(session, user_id)).maintenance_weekly = on
    if not on:
        await session.execute(
            delete(PendingMessage).where(
                PendingMessage.user_id == user_id,
                PendingMessage.kind == MessageKind.MAINTENANCE,
            )
        )


async def weekly_wanted(session: AsyncSession, *, user_id: int) -> bool:
    """Whether the person is on maintenance and still wants the weekly sessions."""
    row = (
        await session.execute(
            select(User.maintenance_since, User.maintenance_weekly).where(User.id == user_id)
        )
    ).one_or_none()
    return row is not None and row.maintenance_since is not None and row.maintenance_weekly
