"""/export and /forget through the real bot: the file read back, deletion, and who may press."""

from __future__ import annotations

import csv
import io
import json
import logging
import zipfile
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.texts import your_data as data_rights_texts
from emulator import EmulatedUser
from storage.models import Base
from storage.personal_data import NOT_PERSONAL
from tests.e2e.conftest import Chatting, forged_press
from tests.ownership import TableRows, counts, rows_of

NEW_YORK = ZoneInfo("America/New_York")
REMINDER = "Time for your rehab session"


async def onboard(chat: Chatting, user: EmulatedUser) -> None:
    """Set a person up in New York with a 07:00 reminder."""
    await chat.onboard(user, zone="America/New_York", times=("07:00",))


async def stored(chat: Chatting, user: EmulatedUser) -> TableRows:
    """Every row the database holds about the person, table by table."""
    return await rows_of(chat.application.services.sessionmaker, user.id)


def last_answer(chat: Chatting) -> dict[str, Any]:
    """The bot's last answer to a button press."""
    return chat.emulator.calls_to("answerCallbackQuery")[-1].params


def assert_exported(value: object, cell: str, shown: object, where: str) -> None:
    """One stored value against its CSV cell and JSON value; instants in New York time."""
    if value is None:
        assert (cell, shown) == ("", None), where
    elif isinstance(value, bool):
        assert (cell, shown) == ("true" if value else "false", value), where
    elif isinstance(value, datetime):
        assert cell == shown, where
        read = datetime.fromisoformat(cell)
        assert read == value, where
        assert read.utcoffset() == value.astimezone(NEW_YORK).utcoffset(), where
    elif isinstance(value, date):
        assert cell == shown == value.isoformat(), where
    elif isinstance(value, time):
        assert time.fromisoformat(cell) == value, where
        assert cell == shown, where
    elif isinstance(value, Enum):
        assert cell == shown == value.value, where
    elif isinstance(value, int):
        assert (int(cell), shown) == (value, value), where
    else:
        assert cell == shown == value, where


async def test_export_sends_a_zip_that_matches_the_database(
    chat: Chatting, caplog: pytest.LogCaptureFixture
) -> None:
    """Every table as CSV and JSON, each value as stored, times in the person's zone."""
    caplog.set_level(logging.DEBUG)
    ana, bo = chat.emulator.new_user("Ana"), chat.emulator.new_user("Bo")
    await onboard(chat, ana)
    await onboard(chat, bo)
    # 07:00 in New York: the reminder (a delivery), then a logged session with its pain.
    await chat.advance(timedelta(hours=6))
    assert REMINDER in chat.texts(ana)[-1]
    await chat.press(ana, chat.last(ana), "Log this session")
    await chat.press(ana, chat.last(ana), "Done")
    await chat.press(ana, chat.last(ana), "4")
    # 03:00 UTC on the 26th is still the evening of the 25th in New York.
    chat.clock.advance(timedelta(hours=15))
    # As the export sees it: once it is sent, the person's activity time moves on.
    database = await stored(chat, ana)
    caplog.clear()
    await chat.send(ana, "/export")

    sent = chat.last(ana)
    assert sent.kind == "document"
    assert sent.document_name == "rehab-data-2026-11-25.zip"
    assert "America/New_York" in (sent.caption or "")
    assert sent.document is not None
    archive = zipfile.ZipFile(io.BytesIO(sent.document))
    tables = [t.name for t in Base.metadata.sorted_tables if t.name not in NOT_PERSONAL]
    assert "picture_files" in NOT_PERSONAL, "the pictures' ids are no one's data"
    assert sorted(archive.namelist()) == sorted(
        ["README.txt", "data.json", *(f"{name}.csv" for name in tables)]
    )
    assert "check_ins.csv" in archive.read("README.txt").decode()
    document = json.loads(archive.read("data.json"))
    assert document["time_zone"] == "America/New_York"
    assert document["exported_at"] == "2026-11-25T22:00:00-05:00"

    assert counts(database)["check_ins"] == 1
    assert counts(database)["deliveries"] >= 1
    for name in tables:
        with archive.open(f"{name}.csv") as raw:
            read = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
        shown = document["tables"][name]
        assert len(read) == len(shown) == len(database[name]), name
        for row, cells, values in zip(database[name], read, shown, strict=True):
            assert list(cells) == list(values) == list(row), name
            for column, value in row.items():
                assert_exported(value, cells[column], values[column], f"{name}.{column}")
    check_in = document["tables"]["check_ins"][0]
    assert (check_in["pain"], check_in["outcome"]) == (4, "done")
    assert document["tables"]["users"][0]["id"] == ana.id
    assert all(row["user_id"] == ana.id for row in document["tables"]["schedules"])
    assert not [
        r for r in caplog.records if r.levelno > logging.DEBUG and str(ana.id) in r.getMessage()
    ]


async def test_export_and_forget_before_any_setup_say_nothing_is_kept(chat: Chatting) -> None:
    """Someone the bot never knew gets a plain answer, no file and no buttons."""
    cy = chat.emulator.new_user()
    await chat.send(cy, "/export")
    await chat.send(cy, "/forget")
    assert chat.texts(cy) == [data_rights_texts.NOTHING_STORED] * 2
    assert chat.last(cy).buttons == []


async def test_forget_after_confirmation_deletes_everything_and_the_bot_starts_afresh(
    chat: Chatting, caplog: pytest.LogCaptureFixture
) -> None:
    """Zero rows in every table, no more reminders, /today not set up, /start from scratch."""
    caplog.set_level(logging.DEBUG)
    ana, bo = chat.emulator.new_user("Ana"), chat.emulator.new_user("Bo")
    await onboard(chat, ana)
    await onboard(chat, bo)
    await chat.send(ana, "/today")
    await chat.press(ana, chat.last(ana), "Log this session")
    await chat.press(ana, chat.last(ana), "Done")
    await chat.press(ana, chat.last(ana), "2")
    bo_before = await stored(chat, bo)
    ana_before = counts(await stored(chat, ana))
    assert all(ana_before[t] for t in ("users", "schedules", "check_ins"))

    await chat.send(ana, "/forget")
    warning = chat.last(ana)
    assert "cannot be undone" in (warning.text or "")
    assert "/export" in (warning.text or "")
    assert warning.button_data("Delete everything") == f"forget:yes:{ana.id}"
    assert warning.button_data("Keep my data") == f"forget:no:{ana.id}"
    caplog.clear()
    # A double tap: the second press finds nothing left and says so, without an error.
    yes = warning.button_data("Delete everything")
    first = chat.emulator.press_button(ana, warning.message_id, yes)
    second = chat.emulator.press_button(ana, warning.message_id, yes)
    await chat.settle(first)
    await chat.settle(second)

    assert counts(await stored(chat, ana)) == dict.fromkeys(bo_before, 0)
    assert await stored(chat, bo) == bo_before
    confirmed = chat.emulator.bot_messages(ana.id)[-1]
    assert confirmed.message_id == warning.message_id
    assert "all your data is deleted" in (confirmed.text or "")
    assert confirmed.buttons == []
    assert last_answer(chat).get("text") == data_rights_texts.ALREADY_DELETED
    assert not [
        r for r in caplog.records if r.levelno > logging.DEBUG and str(ana.id) in r.getMessage()
    ]

    before = len(chat.texts(ana))
    # 07:00 in New York, the reminder time of both.
    await chat.advance(timedelta(hours=6))
    assert len(chat.texts(ana)) == before, "no reminder after forgetting"
    assert REMINDER in chat.texts(bo)[-1]
    await chat.send(ana, "/today")
    assert "Send /start to begin" in chat.texts(ana)[-1]
    await chat.send(ana, "/start")
    assert "How did it start?" in chat.texts(ana)[-1]
    assert "Welcome back" not in "".join(chat.texts(ana)[before:])


async def test_keep_my_data_changes_nothing(chat: Chatting) -> None:
    """Calling it off edits the question away and leaves every row as it was."""
    ana = chat.emulator.new_user()
    await onboard(chat, ana)
    before = await stored(chat, ana)
    await chat.send(ana, "/forget")
    warning = chat.last(ana)
    await chat.press(ana, warning, "Keep my data")
    assert await stored(chat, ana) == before
    kept = chat.last(ana)
    assert (kept.message_id, kept.buttons) == (warning.message_id, [])
    assert "Nothing was deleted" in (kept.text or "")
    await chat.send(ana, "/today")
    assert "Send /start" not in chat.texts(ana)[-1]


async def test_a_press_by_anyone_else_is_refused_and_changes_nothing(chat: Chatting) -> None:
    """Forged data naming another person, or a press on another person's message: an alert."""
    ana, bo = chat.emulator.new_user("Ana"), chat.emulator.new_user("Bo")
    await onboard(chat, ana)
    await onboard(chat, bo)
    await chat.send(ana, "/forget")
    await chat.send(bo, "/forget")
    ana_warning, bo_warning = chat.last(ana), chat.last(bo)
    ana_before, bo_before = await stored(chat, ana), await stored(chat, bo)

    presses = [
        # Bo's own message, with data naming Ana.
        (bo_warning, f"forget:yes:{ana.id}"),
        # Ana's message, seen by Bo, with Ana's own button.
        (ana_warning, f"forget:yes:{ana.id}"),
        # Ana's message, seen by Bo, with data naming Bo.
        (ana_warning, f"forget:yes:{bo.id}"),
    ]
    for message, data in presses:
        await chat.settle(forged_press(chat.emulator, bo, message, data))
        answer = last_answer(chat)
        assert (answer.get("text"), answer.get("show_alert")) == (
            data_rights_texts.NOT_YOUR_DATA,
            True,
        )
    assert await stored(chat, ana) == ana_before
    assert await stored(chat, bo) == bo_before
    assert chat.last(ana) == ana_warning
    assert chat.last(bo) == bo_warning


async def test_forget_waits_until_a_setup_in_progress_is_cancelled(chat: Chatting) -> None:
    """Mid-setup the delete is refused with the way out; after /cancel it goes through."""
    ana = chat.emulator.new_user()
    await onboard(chat, ana)
    await chat.send(ana, "/forget")
    warning = chat.last(ana)
    await chat.send(ana, "/start")
    await chat.press(ana, chat.last(ana), "Set up again")
    before = await stored(chat, ana)
    await chat.press(ana, warning, "Delete everything")
    assert last_answer(chat).get("text") == data_rights_texts.FINISH_SETUP_FIRST
    assert await stored(chat, ana) == before
    await chat.send(ana, "/cancel")
    await chat.press(ana, warning, "Delete everything")
    assert not any(counts(await stored(chat, ana)).values())
    await chat.send(ana, "/start")
    assert "How did it start?" in chat.texts(ana)[-1]
