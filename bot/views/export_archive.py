"""The /export file: a zip with one CSV per table, the same data as JSON, and a short README."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import Enum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.texts import your_data as data_rights_texts

Rows = Mapping[str, Sequence[Mapping[str, object]]]
JsonValue = str | int | float | bool | None

JSON_NAME = "data.json"
README_NAME = "README.txt"


@dataclass(frozen=True)
class DataExport:
    """A built export, ready to send as a document."""

    filename: str
    content: bytes
    zone: str


async def build_export(
    rows: Rows, *, columns: Mapping[str, Sequence[str]], now: datetime
) -> DataExport:
    """Build the person's export off the event loop; times are shown in their zone."""
    zone = zone_of(rows)
    content = await asyncio.to_thread(build_zip, rows, columns=columns, zone=zone, now=now)
    return DataExport(
        filename=export_filename(now.astimezone(zone).date()), content=content, zone=zone.key
    )


def zone_of(rows: Rows) -> ZoneInfo:
    """Return the person's time zone, or UTC before they have chosen one."""
    people = rows.get("users") or []
    name = people[0].get("timezone") if people else None
    if isinstance(name, str):
        try:
            return ZoneInfo(name)
        except (ValueError, ZoneInfoNotFoundError):
            pass
    return ZoneInfo("UTC")


def export_filename(today: date) -> str:
    """Name the file after the day of the export, e.g. rehab-data-2026-11-25.zip."""
    return f"rehab-data-{today.isoformat()}.zip"


def build_zip(
    rows: Rows, *, columns: Mapping[str, Sequence[str]], zone: ZoneInfo, now: datetime
) -> bytes:
    """Write the zip in memory: README.txt, data.json and <table>.csv for every table."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(README_NAME, data_rights_texts.export_readme(zone.key))
        archive.writestr(JSON_NAME, _json_document(rows, columns=columns, zone=zone, now=now))
        for table, names in columns.items():
            archive.writestr(f"{table}.csv", _csv_document(rows.get(table, []), names, zone))
    return buffer.getvalue()


def exported_value(value: object, zone: ZoneInfo) -> JsonValue:
    """Turn a stored value into what the export shows: instants in the person's zone, ISO 8601."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(zone).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return exported_value(value.value, zone)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _json_document(
    rows: Rows, *, columns: Mapping[str, Sequence[str]], zone: ZoneInfo, now: datetime
) -> str:
    document = {
        "exported_at": exported_value(now, zone),
        "time_zone": zone.key,
        "tables": {
            table: [
                {name: exported_value(row.get(name), zone) for name in names}
                for row in rows.get(table, [])
            ]
            for table, names in columns.items()
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv_document(
    rows: Sequence[Mapping[str, object]], names: Sequence[str], zone: ZoneInfo
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(_csv_cell(exported_value(row.get(name), zone)) for name in names)
    return out.getvalue()


def _csv_cell(value: JsonValue) -> str:
    """Write a value as CSV text: empty for none, true/false as in the JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
