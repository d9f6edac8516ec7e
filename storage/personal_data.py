"""Everything the bot keeps about one person: read it all out (/export) or delete it all (/forget).

Which rows belong to a person is worked out from the schema, not listed by hand, so a new table
is covered as soon as it points at the person: the users row itself, every row of a table with a
``user_id`` column (or any foreign key to users), and the conversation states whose key names
the person. A table that fits none of these makes export and forget refuse to run, rather than
leave data behind while saying it is gone; tests/integration/test_personal_data.py fails first.
"""

from __future__ import annotations

import json
from collections.abc import Collection

from sqlalchemy import ColumnElement, Table, delete, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base, ConversationState, User

PERSON_COLUMN = "user_id"

# Tables that hold nothing about any one person, each with its reason. Empty today: every table
# the bot has is about someone.
NOT_PERSONAL: dict[str, str] = {
    "picture_files": "the exercise pictures' Telegram file ids, the same for everyone",
}

PersonalRows = dict[str, list[dict[str, object]]]


class UncoveredTableError(LookupError):
    """A table whose rows cannot be tied to a person, and which is not declared impersonal."""

    def __init__(self, table: str) -> None:
        super().__init__(
            f"no rule says which rows of {table!r} belong to a person: give it a user_id "
            "column, or list it in NOT_PERSONAL with the reason"
        )
        self.table = table


def personal_tables() -> list[Table]:
    """Return the tables that can hold a person's data, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_PERSONAL]


def table_columns() -> dict[str, list[str]]:
    """Return each personal table's column names, in schema order (the export's headers)."""
    return {table.name: list(table.columns.keys()) for table in personal_tables()}


async def export_rows(session: AsyncSession, *, user_id: int) -> PersonalRows:
    """Return every row about the person, table by table, as column -> value (empty lists too)."""
    exported: PersonalRows = {}
    for table, where in await _selections(session, user_id):
        result = await session.execute(
            select(table).where(where).order_by(*table.primary_key.columns)
        )
        exported[table.name] = [dict(row) for row in result.mappings()]
    return exported


async def count_rows(session: AsyncSession, *, user_id: int) -> dict[str, int]:
    """Return how many rows about the person each table holds."""
    counts: dict[str, int] = {}
    for table, where in await _selections(session, user_id):
        count = await session.scalar(select(func.count()).select_from(table).where(where))
        counts[table.name] = count or 0
    return counts


async def forget(session: AsyncSession, *, user_id: int) -> dict[str, int]:
    """Delete every row about the person; return how many went from each table.

    Every table's rule is worked out before the first delete, so an uncovered table stops it
    all. Children go before the users row, explicitly rather than through ON DELETE CASCADE, so
    the counts are real and a table without the cascade is emptied all the same.
    """
    selections = await _selections(session, user_id)
    deleted: dict[str, int] = {}
    for table, where in reversed(selections):
        result = await session.execute(delete(table).where(where))
        deleted[table.name] = int(getattr(result, "rowcount", 0) or 0)
    return {table.name: deleted[table.name] for table, _ in selections}


async def has_conversation_in_progress(
    session: AsyncSession, *, user_id: int, ignoring: Collection[str] = ()
) -> bool:
    """Whether the person is in the middle of a multi-step conversation (e.g. onboarding),
    leaving out the conversations named in ``ignoring``."""
    return bool(await _conversation_keys(session, user_id, ignoring=ignoring))


async def _selections(
    session: AsyncSession, user_id: int
) -> list[tuple[Table, ColumnElement[bool]]]:
    """Pair each personal table with the condition that picks the person's rows out of it."""
    return [(table, await _rows_of_person(session, table, user_id)) for table in personal_tables()]


async def _rows_of_person(session: AsyncSession, table: Table, user_id: int) -> ColumnElement[bool]:
    """Return the condition that picks the person's rows out of a table."""
    users = Base.metadata.tables[User.__tablename__]
    if table is users:
        return users.c.id == user_id
    columns = [
        column
        for column in table.columns
        if column.name == PERSON_COLUMN or any(fk.references(users) for fk in column.foreign_keys)
    ]
    if columns:
        return or_(*(column == user_id for column in columns))
    if table.name == ConversationState.__tablename__:
        keys = await _conversation_keys(session, user_id)
        return table.c.key.in_(keys) if keys else false()
    raise UncoveredTableError(table.name)


async def _conversation_keys(
    session: AsyncSession, user_id: int, *, ignoring: Collection[str] = ()
) -> list[str]:
    """Return the conversation keys that name the person.

    A key is the JSON list of the ids PTB tracks the conversation by (bot/persistence.py), e.g.
    ``[chat_id, user_id]``; the bot talks only in private chats, whose id is the person's own.
    """
    candidates = await session.scalars(
        select(ConversationState.key)
        .where(
            ConversationState.key.contains(str(user_id)),
            ConversationState.name.not_in(ignoring),
        )
        .distinct()
    )
    return [key for key in candidates if _names(key, user_id)]


def _names(key: str, user_id: int) -> bool:
    """Whether a serialised conversation key has the person's id as one of its parts."""
    try:
        parts = json.loads(key)
    except ValueError:
        return False
    if not isinstance(parts, list):
        return False
    return any(type(part) is int and part == user_id for part in parts)
