"""Reminders over days and weeks: two sessions, snooze, skip, nudges, quiet hours, pauses."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.app import running_bot
from bot.config import Settings
from bot.texts.encouragement import lines_of
from emulator import BotApiEmulator, EmulatedUser
from rehab.encouragement import Situation
from scheduler.clock import ManualClock
from storage.models import User, UserStatus
from tests.e2e.conftest import Chatting

HOUR = timedelta(hours=1)


async def onboard(
    chat: Chatting, user: EmulatedUser, *, times: tuple[str, ...] = ("08:00",)
) -> None:
    """Set a person up in London with one or two sessions a day."""
    await chat.onboard(user, times=times)


async def live_until(chat: Chatting, until: datetime, *, step: timedelta = HOUR) -> None:
    """Let time pass step by step, running the reminder job as the JobQueue would."""
    while chat.clock.now() < until:
        await chat.advance(min(step, until - chat.clock.now()))


def sent_texts(chat: Chatting, user: EmulatedUser, marker: str) -> list[str]:
    return [text for text in chat.texts(user) if marker in text]


async def status_of(chat: Chatting, user: EmulatedUser) -> UserStatus:
    async with chat.application.services.sessionmaker() as session:
        status = await session.scalar(select(User.status).where(User.id == user.id))
    assert status is not None
    return status


def london(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in November 2026 in London (UTC+0 then)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def test_two_sessions_a_day_each_come_at_their_time(chat: Chatting) -> None:
    """Two sessions: the second time must leave room after the first; both are reminded."""
    ana = chat.emulator.new_user()
    await chat.send(ana, "/start")
    await chat.press(ana, chat.last(ana), "Sudden")
    await chat.answer_safety_questions(ana)
    await chat.press(ana, chat.last(ana), "Europe/London")
    await chat.press(ana, chat.last(ana), "Yesterday")
    await chat.press(ana, chat.last(ana), "Two a day")
    await chat.send(ana, "08:00")
    assert "second, shorter session" in chat.texts(ana)[-1]
    await chat.send(ana, "09:30")
    assert "at least 3 hours after 08:00" in chat.texts(ana)[-1]
    await chat.send(ana, "18:00")
    assert "Two sessions a day, at 08:00 and 18:00" in chat.texts(ana)[-2]

    await live_until(chat, london(25, 18, 1))
    reminders = sent_texts(chat, ana, "Time for your rehab session")
    assert len(reminders) == 2
    assert "session 1" in reminders[0]
    assert "short session 2" in reminders[1]
    assert "Extender" in reminders[1]


async def test_snooze_sends_the_reminder_again_in_an_hour_even_after_a_restart(
    e2e_settings: Settings, clock: ManualClock, emulator: BotApiEmulator
) -> None:
    """Snooze is kept in the database: a restart in between still brings it, once."""
    bo = emulator.new_user()
    async with running_bot(e2e_settings, clock=clock) as application:
        chat = Chatting(emulator, application, clock)
        await onboard(chat, bo)
        await live_until(chat, london(25, 8))
        reminder = chat.last(bo)
        snooze = reminder.button_data("Snooze")
        first = emulator.press_button(bo, reminder.message_id, snooze)
        second = emulator.press_button(bo, reminder.message_id, snooze)
        await chat.settle(first)
        await chat.settle(second)
        assert "Snoozed: I'll send it again at 09:00" in chat.texts(bo)[-1]
        assert chat.last(bo).message_id == reminder.message_id
        assert "Already snoozed" in str(emulator.calls_to("answerCallbackQuery")[-1].params)

    async with running_bot(e2e_settings, clock=clock) as application:
        chat = Chatting(emulator, application, clock)
        await live_until(chat, london(25, 12))
        again = sent_texts(chat, bo, "Here is your session again")
        assert len(again) == 1
        assert emulator.bot_messages(bo.id)[-1].button_data("Log this session")
    assert emulator.unanswered_callback_queries() == []


async def test_the_first_miss_is_the_first_reminded_session_not_logged(chat: Chatting) -> None:
    """Set up after the day's reminder time: that day's routine came with the setup, so the
    next day's reminder has no word, and the one after it has the first miss's."""
    bea = chat.emulator.new_user()
    await onboard(chat, bea, times=("05:00",))
    await live_until(chat, london(27, 6))
    first, second = sent_texts(chat, bea, "Time for your rehab session")
    words = [re.sub("<[^>]+>", "", line) for line in lines_of(Situation.MISSED)]
    assert not any(word in first for word in words), "the setup day was not a reminded session"
    assert "The last session did not happen" in second


async def test_a_snoozed_reminder_does_not_repeat_the_word_about_a_miss(chat: Chatting) -> None:
    """The word about yesterday's missed session comes once, not again an hour later."""
    al = chat.emulator.new_user()
    await onboard(chat, al)
    await live_until(chat, london(26, 8))
    reminder = chat.last(al)
    assert "The last session did not happen" in (reminder.text or "")
    await chat.press(al, reminder, "Snooze")
    await live_until(chat, london(26, 10))
    again = sent_texts(chat, al, "Here is your session again")
    assert len(again) == 1
    words = [re.sub("<[^>]+>", "", line) for line in lines_of(Situation.MISSED)]
    assert not any(word in again[0] for word in words)


async def test_a_session_logged_after_snoozing_is_not_reminded_again(chat: Chatting) -> None:
    """Logging the session before the snooze is up cancels the snoozed reminder."""
    cy = chat.emulator.new_user()
    await onboard(chat, cy)
    await live_until(chat, london(25, 8))
    await chat.press(cy, chat.last(cy), "Snooze")
    await chat.press(cy, chat.last(cy), "Log this session")
    await chat.press(cy, chat.last(cy), "Done")
    await chat.press(cy, chat.last(cy), "2")
    await live_until(chat, london(25, 12))
    assert sent_texts(chat, cy, "Here is your session again") == []


async def test_skip_today_logs_both_sessions_and_tomorrow_has_a_word_about_it(
    chat: Chatting,
) -> None:
    """Skipping today stops today's second reminder; the next reminder has a kind word."""
    di = chat.emulator.new_user()
    await onboard(chat, di, times=("08:00", "18:00"))
    await live_until(chat, london(25, 8))
    await chat.press(di, chat.last(di), "Skip today")
    assert "Skipped today" in chat.texts(di)[-1]
    assert "Skipping now and then happens" in chat.texts(di)[-1], "the first skip has a word"
    await live_until(chat, london(26, 8))
    assert sent_texts(chat, di, "Wed 25 Nov, short session 2") == [], "today's second is off"
    reminders = sent_texts(chat, di, "Time for your rehab session")
    assert len(reminders) == 1, "the first was edited to say it was skipped"
    assert "Thu 26 Nov, session 1" in reminders[0]
    assert "The last session did not happen, and that's all right" in reminders[0]


async def test_the_nudge_ladder_climbs_once_and_quietly(chat: Chatting) -> None:
    """Two days of silence: a nudge, outside quiet hours; a week: an offer to pause."""
    eve = chat.emulator.new_user()
    chat.clock.set(london(25, 21, 30))
    await onboard(chat, eve, times=("12:00",))
    # 48 h after 21:30 is 21:30 on 27 Nov, outside 22:00-07:00: it goes out then.
    await live_until(chat, london(27, 22, 30))
    nudges = sent_texts(chat, eve, "Haven't heard from you")
    assert len(nudges) == 1
    await live_until(chat, datetime(2026, 12, 2, 22, 0, tzinfo=UTC))
    assert len(sent_texts(chat, eve, "Haven't heard from you")) == 1, "never twice"
    offers = [m for m in chat.emulator.bot_messages(eve.id) if "It's been a week" in (m.text or "")]
    assert len(offers) == 1
    assert offers[0].button_data("Pause for a week") == "pause:7"


async def test_a_nudge_due_just_before_a_reminder_waits_until_after_it(chat: Chatting) -> None:
    """Silent since tapping at 08:00: the 48 h nudge is not sent beside the 08:00 reminder."""
    gil = chat.emulator.new_user()
    await onboard(chat, gil)
    await live_until(chat, london(25, 8))
    await chat.press(gil, chat.last(gil), "Snooze")
    await live_until(chat, london(27, 10, 59))
    assert sent_texts(chat, gil, "Haven't heard from you") == []
    assert "Fri 27 Nov, your session" in sent_texts(chat, gil, "Time for your rehab session")[-1]
    await live_until(chat, london(27, 11, 0))
    assert len(sent_texts(chat, gil, "Haven't heard from you")) == 1


async def test_nudges_wait_for_the_end_of_quiet_hours(chat: Chatting) -> None:
    """A nudge due at night is sent at 07:00 local instead."""
    fay = chat.emulator.new_user()
    chat.clock.set(london(25, 23, 0))
    await onboard(chat, fay, times=("12:00",))
    await live_until(chat, london(27, 23, 30))
    assert sent_texts(chat, fay, "Haven't heard from you") == []
    await live_until(chat, london(28, 6, 59))
    assert sent_texts(chat, fay, "Haven't heard from you") == []
    await live_until(chat, london(28, 7, 0))
    assert len(sent_texts(chat, fay, "Haven't heard from you")) == 1


async def test_three_weeks_of_silence_stop_reminders_until_the_person_writes(
    chat: Chatting,
) -> None:
    """At 21 days the person lapses: no daily reminders, two weekly notes, then any message."""
    gus = chat.emulator.new_user()
    await onboard(chat, gus)
    start = chat.clock.now()
    # The note is due at 21 days, a little before the 08:00 reminder: it waits until three
    # hours after that one, never on top of it.
    await live_until(chat, start + timedelta(days=21, hours=6), step=HOUR)
    assert await status_of(chat, gus) is UserStatus.LAPSED
    assert len(sent_texts(chat, gus, "I'll stop the daily reminders")) == 1
    reminders_at_lapse = len(sent_texts(chat, gus, "Time for your rehab session"))

    await live_until(chat, start + timedelta(days=45), step=4 * HOUR)
    assert len(sent_texts(chat, gus, "Time for your rehab session")) == reminders_at_lapse
    assert len(sent_texts(chat, gus, "Ready when you are")) == 2, "two weekly notes, no third"

    await chat.send(gus, "hello")
    assert await status_of(chat, gus) is UserStatus.ACTIVE
    await live_until(chat, chat.clock.now() + timedelta(days=1))
    assert len(sent_texts(chat, gus, "Time for your rehab session")) == reminders_at_lapse + 1


async def test_pause_and_resume(chat: Chatting) -> None:
    """/pause stops reminders for the days asked; /resume or the end of the pause restarts them."""
    hal = chat.emulator.new_user()
    await onboard(chat, hal)
    await chat.send(hal, "/pause abc")
    assert "from 1 to 60" in chat.texts(hal)[-1]
    await chat.send(hal, "/resume")
    assert "You are not paused" in chat.texts(hal)[-1]
    await chat.send(hal, "/pause 3")
    assert "Reminders paused until Sat 28 Nov, 06:00" in chat.texts(hal)[-1]
    await live_until(chat, london(28, 5))
    assert sent_texts(chat, hal, "Time for your rehab session") == []
    await live_until(chat, london(28, 8, 30))
    assert len(sent_texts(chat, hal, "Time for your rehab session")) == 1, "the pause ran out"

    await chat.send(hal, "/pause")
    await chat.press(hal, chat.last(hal), "Until I resume")
    assert "until you send /resume" in chat.texts(hal)[-1]
    await live_until(chat, london(30, 9))
    assert len(sent_texts(chat, hal, "Time for your rehab session")) == 1
    await chat.send(hal, "/resume")
    assert "next at 08:00" in chat.texts(hal)[-1]
    await live_until(chat, datetime(2026, 12, 1, 8, 30, tzinfo=UTC))
    assert len(sent_texts(chat, hal, "Time for your rehab session")) == 2
