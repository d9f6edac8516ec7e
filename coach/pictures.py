"""Which exercise pictures go by a file_id Telegram already has, and keeping the new ones.

A cache beside the person's data, not part of it: a lost or refused id only costs an upload.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from coach.work import Work
from storage import pictures


async def stored_file_ids(work: Work, digests: Mapping[str, str]) -> dict[str, str]:
    """The file_ids of the pictures (key: digest) uploaded before, unchanged since."""
    return await pictures.known_file_ids(work.session, digests)


async def keep_file_ids(work: Work, uploaded: Mapping[str, tuple[str, str]]) -> None:
    """Remember pictures just uploaded: key -> (digest, file_id)."""
    await pictures.keep_file_ids(work.session, uploaded, now=work.now)


async def drop_file_ids(work: Work, keys: Collection[str]) -> None:
    """Forget file_ids Telegram refused."""
    await pictures.forget_file_ids(work.session, keys)
