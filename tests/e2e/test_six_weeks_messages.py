"""Six simulated weeks of one person's messages, read the way they would read them.

London, one session a day at 07:30, pain limit 3. Most days logged at pain 2; three days missed
in a row; a flare (pain 5 twice, then 4: a step back); a three-day pause; a skipped session.
Checked over the whole run: no reminder over 1,000 characters, no encouragement line twice in
a row, no local day with more unsolicited messages than allowed and none within three hours of
another, and on the last Sunday the same adherence in the summary, /progress and /report.
"""

from __future__ import annotations

import html
import io
import itertools
import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from bot.texts.encouragement import every_line
from emulator import ChatMessage, EmulatedUser
from scheduler.clock import ManualClock
from scheduler.message_budget import SPACING, daily_cap
from tests.e2e.conftest import Chatting, emulator_dated_by

START = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)  # Mon 2 Nov, 06:00 in London
DAYS = 42
LONDON = ZoneInfo("Europe/London")
MISSED, FLARE, SKIPPED = {9, 10, 11}, {16: "5", 17: "5", 18: "4"}, 30
# "/pause 3" at noon on day 23 ends at noon on day 26: no reminders on days 24 to 26.
PAUSED_ON, PAUSED = 23, {24, 25, 26}
SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


emulator = pytest.fixture(name="emulator")(emulator_dated_by)


def on_day(day: int, at: time) -> datetime:
    """The UTC instant of a London wall time on simulation day ``day``."""
    return datetime.combine(START.date() + timedelta(days=day), at, tzinfo=LONDON).astimezone(UTC)


def plain_pattern(line: str) -> re.Pattern[str]:
    """An encouragement line as it reads in a message: tags gone, a streak's days any number."""
    text = html.unescape(re.sub(r"<[^>]+>", "", line))
    return re.compile(re.escape(text).replace(re.escape("{days}"), r"\d+"))


LINE_PATTERNS = [plain_pattern(line) for line in every_line()]


def words_in(text: str) -> list[str]:
    """The encouragement lines a message carries (each as its pattern)."""
    return [pattern.pattern for pattern in LINE_PATTERNS if pattern.search(text)]


async def log_from_reminder(
    chat: Chatting, user: EmulatedUser, *, outcome: str, pain: str | None = None
) -> None:
    """Log the session from the buttons of today's reminder, which is edited in place."""
    reminder = [m for m in chat.emulator.bot_messages(user.id) if (m.text or "").startswith("⏰")][
        -1
    ]

    def now_shown() -> ChatMessage:
        return next(
            m for m in chat.emulator.bot_messages(user.id) if m.message_id == reminder.message_id
        )

    await chat.press(user, now_shown(), "Log this session")
    await chat.press(user, now_shown(), outcome)
    if pain is not None:
        await chat.press(user, now_shown(), pain)


async def live_day(chat: Chatting, ana: EmulatedUser, day: int) -> None:
    """What Ana does on a day, after its reminder."""
    if day in MISSED or day in PAUSED:
        return
    if day == SKIPPED:
        await log_from_reminder(chat, ana, outcome="Skipped")
        return
    await log_from_reminder(chat, ana, outcome="Done", pain=FLARE.get(day, "2"))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


async def test_six_weeks_of_messages_are_short_varied_spaced_and_agree(chat: Chatting) -> None:
    ana = chat.emulator.new_user(first_name="Ana")
    await chat.onboard(ana, times=("07:30",))
    unsolicited: list[tuple[datetime, str]] = []

    async def dispatch_at(instant: datetime) -> None:
        chat.clock.set(instant)
        before = len(chat.emulator.calls)
        await chat.run_dispatcher()
        unsolicited.extend(
            (instant, _text_of(call.result))
            for call in chat.emulator.calls[before:]
            if call.method in SEND_METHODS and call.ok and call.params.get("chat_id") == ana.id
        )

    for day in range(DAYS):
        for hour in range(24):
            instant = START + timedelta(days=day, hours=hour)
            if instant > on_day(DAYS - 1, time(21)):
                break  # the last Sunday evening, after its summary
            await dispatch_at(instant)
            if instant == on_day(day, time(7)):
                await dispatch_at(on_day(day, time(7, 30)))
                await live_day(chat, ana, day)
            if day == PAUSED_ON and instant == on_day(day, time(12)):
                await chat.send(ana, "/pause 3")

    # Short reminders, one of the plan's lines at most where it fits.
    reminders = [text for _, text in unsolicited if text.startswith("⏰")]
    assert len(reminders) >= DAYS - 4, "a reminder every day but the paused ones"
    assert [text for text in reminders if len(text) > 1000] == []

    # Never the same word twice in a row, in anything the bot said (sent or edited in place).
    said = [
        word
        for call in chat.emulator.calls
        if call.ok
        and call.method in ("sendMessage", "editMessageText")
        and call.params.get("chat_id") == ana.id
        for word in words_in(_text_of(call.result))
    ]
    assert len(set(said)) >= 4, "words for misses, skips, flares, streaks and weeks"
    assert all(a != b for a, b in itertools.pairwise(said)), said

    # The budget: two a local day at most, and three hours between any two.
    per_day = Counter(at.astimezone(LONDON).date() for at, _ in unsolicited)
    assert max(per_day.values()) <= daily_cap(1)
    instants = sorted(at for at, _ in unsolicited)
    assert all(b - a >= SPACING for a, b in itertools.pairwise(instants)), instants

    # The paused days (Thu 26 to Sat 28 Nov) were not planned: that week planned four.
    (paused_week,) = [text for _, text in unsolicited if "Mon 23 Nov to Sun 29 Nov" in text]
    assert "Sessions done: 4 of 4 planned." in paused_week

    # The last Sunday: the summary's week is /progress's last seven days, and the report's.
    last_sunday = (START + timedelta(days=DAYS - 1)).astimezone(LONDON).date()
    assert last_sunday.weekday() == 6
    summary = [text for at, text in unsolicited if text.startswith("📅")][-1]
    assert f"to {_day(last_sunday)}" in summary
    figures = re.search(r"Sessions done: (\d+) of (\d+) planned", summary)
    assert figures is not None
    done, planned = (int(number) for number in figures.groups())
    await chat.send(ana, "/progress")
    assert f"Sessions done, last 7 days: {done} of {planned} (" in (chat.last(ana).caption or "")
    await chat.send(ana, "/report")
    report = chat.last(ana).document
    assert report is not None
    page_text = " ".join(pdf_text(report).split())
    assert f"{done} of {planned} (" in page_text
    # The step back after the flare says why in words, not in the program's key.
    assert "pain above the limit in two sessions in a row" in page_text
    assert "pain_twice" not in page_text


def _text_of(result: object) -> str:
    """The text of a message an API call returned (an edit may return True instead)."""
    return str(result.get("text") or "") if isinstance(result, dict) else ""


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"
