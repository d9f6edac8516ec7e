"""The file_ids of the exercise pictures already uploaded to Telegram (the same for everyone)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PictureFile


async def known_file_ids(session: AsyncSession, digests: Mapping[str, str]) -> dict[str, str]:
    """The file_id of each picture (by key) uploaded before with the same digest."""
    rows = await session.scalars(select(PictureFile).where(PictureFile.key.in_(list(digests))))
    return {row.key: row.file_id for row in rows if row.digest == digests[row.key]}


async def keep_file_ids(
    session: AsyncSession, uploaded: Mapping[str, tuple[str, str]], *, now: datetime
) -> None:
    """Remember each uploaded picture's (digest, file_id) by key, replacing an older upload."""
    for key, (digest, file_id) in uploaded.items():
        await session.merge(PictureFile(key=key, digest=digest, file_id=file_id, uploaded_at=now))


async def forget_file_ids(session: AsyncSession, keys: Collection[str]) -> None:
    """Forget file_ids Telegram refused, so the pictures are uploaded again."""
    await session.execute(delete(PictureFile).where(PictureFile.key.in_(list(keys))))
