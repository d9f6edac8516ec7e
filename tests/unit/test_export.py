"""The export file built from rows: layout, values, and instants in the person's zone."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, time

from bot.views.export_archive import build_export, build_zip, export_filename, zone_of
from rehab.injury import SessionOutcome

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
COLUMNS = {
    "users": ["id", "timezone", "morning_check", "quiet_start", "lapsed_at"],
    "check_ins": ["id", "local_date", "outcome", "pain", "created_at"],
    "safety_flags": ["id", "detail"],
}
ROWS = {
    "users": [
        {
            "id": 7,
            "timezone": "America/New_York",
            "morning_check": False,
            "quiet_start": time(22, 0),
            "lapsed_at": None,
        }
    ],
    "check_ins": [
        {
            "id": 1,
            "local_date": date(2026, 7, 1),
            "outcome": SessionOutcome.DONE,
            "pain": 3,
            "created_at": datetime(2026, 7, 1, 12, 0, tzinfo=UTC),
        },
        {
            "id": 2,
            "local_date": date(2026, 11, 25),
            "outcome": SessionOutcome.SKIPPED,
            "pain": None,
            "created_at": datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
        },
    ],
    "safety_flags": [],
}


def read_csv(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(archive.read(name).decode())))


def test_instants_carry_the_offset_of_their_own_date_in_the_zone() -> None:
    """Summer and winter times in New York show -04:00 and -05:00; dates and times stay ISO."""
    archive = zipfile.ZipFile(
        io.BytesIO(build_zip(ROWS, columns=COLUMNS, zone=zone_of(ROWS), now=NOW))
    )
    assert read_csv(archive, "check_ins.csv") == [
        ["id", "local_date", "outcome", "pain", "created_at"],
        ["1", "2026-07-01", "done", "3", "2026-07-01T08:00:00-04:00"],
        ["2", "2026-11-25", "skipped", "", "2026-11-25T07:00:00-05:00"],
    ]
    assert read_csv(archive, "users.csv")[1] == ["7", "America/New_York", "false", "22:00:00", ""]
    document = json.loads(archive.read("data.json"))
    assert document["exported_at"] == "2026-11-25T22:00:00-05:00"
    assert document["tables"]["users"][0]["morning_check"] is False
    assert document["tables"]["check_ins"][1]["pain"] is None


def test_an_empty_table_still_gets_its_header() -> None:
    """A table with no rows is a CSV with only the header, and an empty list in the JSON."""
    archive = zipfile.ZipFile(
        io.BytesIO(build_zip(ROWS, columns=COLUMNS, zone=zone_of(ROWS), now=NOW))
    )
    assert read_csv(archive, "safety_flags.csv") == [["id", "detail"]]
    assert json.loads(archive.read("data.json"))["tables"]["safety_flags"] == []
    assert sorted(archive.namelist()) == [
        "README.txt",
        "check_ins.csv",
        "data.json",
        "safety_flags.csv",
        "users.csv",
    ]


def test_before_a_zone_is_chosen_times_are_in_utc() -> None:
    """Someone who stopped setup before the zone question gets UTC, and is told so."""
    rows = {"users": [{"id": 7, "timezone": None}]}
    assert zone_of(rows).key == "UTC"
    assert zone_of({"users": []}).key == "UTC"


async def test_the_file_is_named_after_the_local_day() -> None:
    """At 03:00 UTC it is still the 25th in New York, and the name says so."""
    built = await build_export(ROWS, columns=COLUMNS, now=NOW)
    assert (built.filename, built.zone) == ("rehab-data-2026-11-25.zip", "America/New_York")
    assert export_filename(date(2027, 1, 2)) == "rehab-data-2027-01-02.zip"
    assert zipfile.ZipFile(io.BytesIO(built.content)).testzip() is None
