"""Conversation states of multi-step dialogues, so a restart resumes them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationState


async def load_states(session: AsyncSession, *, name: str) -> dict[str, str]:
    """Return every stored state of one conversation, keyed by its serialised key."""
    rows = await session.execute(
        select(ConversationState.key, ConversationState.state).where(ConversationState.name == name)
    )
    return {row.key: row.state for row in rows}


async def save_state(
    session: AsyncSession, *, name: str, key: str, state: str | None, now: datetime
) -> None:
    """Store one conversation's state, or forget it when the conversation ended."""
    row = await session.get(ConversationState, (name, key))
    if state is None:
        if row is not None:
            await session.delete(row)
        return
    if row is None:
        session.add(ConversationState(name=name, key=key, state=state, updated_at=now))
    else:
        row.state = state
        row.updated_at = now


async def load_state(session: AsyncSession, *, name: str, key: str) -> str | None:
    """Return one conversation's stored state, if it has one."""
    row = await session.get(ConversationState, (name, key))
    return None if row is None else row.state
