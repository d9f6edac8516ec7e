"""Whose a row is, decided in plain Python: the yardstick the personal-data tests measure by."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import Base
from storage.personal_data import NOT_PERSONAL

TableRows = dict[str, list[dict[str, Any]]]


def belongs_to(table: Table, row: dict[str, Any], user_id: int) -> bool:
    """Whether a row is about the person, without the module under test."""
    if table.name == "users":
        return bool(row["id"] == user_id)
    if "user_id" in row:
        return bool(row["user_id"] == user_id)
    if table.name == "conversation_states":
        return user_id in json.loads(row["key"])
    raise AssertionError(f"the tests do not know whose rows {table.name} holds")


async def rows_of(sessionmaker: async_sessionmaker[AsyncSession], user_id: int) -> TableRows:
    """Read every table whole and keep the person's rows, in primary-key order."""
    found: TableRows = {}
    async with sessionmaker() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in NOT_PERSONAL:
                continue
            result = await session.execute(select(table).order_by(*table.primary_key.columns))
            found[table.name] = [
                dict(row) for row in result.mappings() if belongs_to(table, dict(row), user_id)
            ]
    return found


def counts(rows: TableRows) -> dict[str, int]:
    """How many rows each table holds."""
    return {name: len(table) for name, table in rows.items()}
