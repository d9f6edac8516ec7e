"""Onboarding through the real bot and the emulator, as a new person would do it."""

from __future__ import annotations

from datetime import timedelta

from bot.app import running_bot
from bot.config import Settings
from emulator import BotApiEmulator
from scheduler.clock import ManualClock
from tests.e2e.conftest import Chatting


async def test_onboarding_with_buttons_ends_with_summary_and_todays_routine(chat: Chatting) -> None:
    """Tapping through every question sets the plan up and shows the first routine."""
    ana = chat.emulator.new_user(first_name="Ana")
    await chat.send(ana, "/start")
    welcome, question = chat.conversation(ana)[-2:]
    assert "not a clinician" in (welcome.text or "")
    assert "How did it start?" in (question.text or "")

    await chat.press(ana, question, "Sudden")
    question = chat.last(ana)
    assert question.edit_count == 1
    assert "safety check (1 of 5)" in (question.text or "")
    signs = []
    for _ in range(5):
        signs.append(chat.last(ana).text or "")
        await chat.press(ana, chat.last(ana), "No")
    assert any("tingling" in sign for sign in signs), "the signs are asked one by one"
    assert "physiotherapist or sports physician" in (chat.last(ana).text or "")
    await chat.press(ana, chat.last(ana), "Not yet")
    question = chat.last(ana)
    assert "I recommend seeing one" in (question.text or "")
    assert "usual limit for your kind of strain: 3/10" in (question.text or "")
    await chat.press(ana, question, "2")
    question = chat.last(ana)
    assert question.edit_count == 8, "every answer edits the one question message"
    assert "time zone" in (question.text or "")
    await chat.press(ana, question, "Europe/London")
    assert "When did it happen?" in (chat.last(ana).text or "")
    await chat.press(ana, chat.last(ana), "Yesterday")
    assert "One or two sessions a day?" in (chat.last(ana).text or "")
    await chat.press(ana, chat.last(ana), "One a day")
    assert "When should I send" in (chat.last(ana).text or "")
    await chat.press(ana, chat.last(ana), "08:00")

    summary, routine = chat.conversation(ana)[-2:]
    assert "You're all set" in (summary.text or "")
    assert "sudden strain, yesterday" in (summary.text or "")
    assert "08:00 (Europe/London)" in (summary.text or "")
    assert "Pain limit during exercise: 2/10" in (summary.text or "")
    assert "Wed 25 Nov, your session" in (routine.text or "")
    assert "Phase 1 of 4" in (routine.text or "")
    assert "Extender" in (routine.text or "")
    assert routine.button_data("Log this session") == "log:20261125:1"


async def test_typed_answers_are_checked_with_friendly_replies(chat: Chatting) -> None:
    """Wrong zones, dates and times get a hint and change nothing; good ones move on."""
    bo = chat.emulator.new_user(first_name="Bo")
    await chat.send(bo, "/start")
    await chat.send(bo, "hello")
    assert "could not tell which it was" in chat.texts(bo)[-1]
    assert "How did it start?" in chat.texts(bo)[-1]
    await chat.send(bo, "it was a slow dull ache")
    assert "✓ Gradual ache" in chat.texts(bo)[-1], "an onset typed in words is taken"
    assert "safety check (1 of 5)" in chat.texts(bo)[-1]
    await chat.send(bo, "no")
    assert "buttons above" in chat.texts(bo)[-1]
    for _ in range(5):  # the question is above the hint, edited in place
        await chat.press(bo, chat.conversation(bo)[-2], "No")
    await chat.press(bo, chat.conversation(bo)[-2], "Yes")
    await chat.send(bo, "8")
    assert "between 0 and 6" in chat.texts(bo)[-1]
    await chat.send(bo, "four")
    assert "between 0 and 6" in chat.texts(bo)[-1]
    await chat.send(bo, "4/10")
    assert "Pain limit 4/10" in chat.texts(bo)[-1]

    await chat.send(bo, "Europe/Londn")
    assert "Did you mean Europe/London" in chat.texts(bo)[-1]
    await chat.send(bo, "<b>Mars</b>")
    assert "<b>Mars</b>" in chat.texts(bo)[-1], "the typed text is shown escaped, as typed"
    await chat.send(bo, "america/new_york")
    assert "America/New_York" in chat.texts(bo)[-1]
    assert "When did the ache start?" in chat.texts(bo)[-1], "an ache is not asked when it happened"

    # 06:00 UTC on 25 Nov is 01:00 on 25 Nov in New York.
    await chat.send(bo, "2026-11-26")
    assert "future" in chat.texts(bo)[-1]
    await chat.send(bo, "01.01.2020")
    assert "more than a year ago" in chat.texts(bo)[-1]
    await chat.send(bo, "31.02.2026")
    assert "When did the ache start?" not in chat.texts(bo)[-1]
    await chat.send(bo, "2026-11-20")
    assert "One or two sessions" in chat.texts(bo)[-1]
    await chat.press(bo, chat.last(bo), "One a day")
    assert "When should I send" in chat.texts(bo)[-1]

    await chat.send(bo, "25:99")
    assert "07:30" in chat.texts(bo)[-1]
    await chat.settle(chat.emulator.send_sticker(bo))
    assert "only read text" in chat.texts(bo)[-1]
    await chat.send(bo, "/today")
    assert "finish setting up" in chat.texts(bo)[-1]
    await chat.send(bo, "x" * 4096)
    assert "07:30" in chat.texts(bo)[-1]
    await chat.send(bo, "7:30")
    summary = chat.texts(bo)[-2]
    assert "gradual ache, Fri 20 Nov (5 days ago)" in summary
    assert "07:30 (America/New_York)" in summary


async def test_cancel_stops_onboarding_and_start_begins_again(chat: Chatting) -> None:
    """After /cancel the questions stop; /start asks them from the beginning."""
    cy = chat.emulator.new_user(first_name="Cy")
    await chat.send(cy, "/start")
    await chat.send(cy, "/cancel")
    assert "Setup stopped" in chat.texts(cy)[-1]
    await chat.send(cy, "Europe/London")
    assert "Send /start to begin" in chat.texts(cy)[-1], "not taken as an answer"
    await chat.send(cy, "/start")
    assert "How did it start?" in chat.texts(cy)[-1]


async def test_a_set_up_person_is_welcomed_back_and_may_start_over(chat: Chatting) -> None:
    """/start after onboarding keeps the plan unless the person asks to set up again."""
    di = chat.emulator.new_user(first_name="Di")
    await chat.send(di, "/start")
    await chat.press(di, chat.last(di), "Sudden")
    await chat.answer_safety_questions(di)
    await chat.press(di, chat.last(di), "Australia/Sydney")
    await chat.press(di, chat.last(di), "Today")
    await chat.press(di, chat.last(di), "One a day")
    await chat.press(di, chat.last(di), "18:00")
    await chat.send(di, "/start")
    assert "Welcome back" in chat.texts(di)[-1]
    assert "18:00 (Australia/Sydney)" in chat.texts(di)[-1]
    await chat.press(di, chat.last(di), "Set up again")
    assert "How did it start?" in chat.texts(di)[-1]


async def test_onboarding_resumes_where_it_was_after_a_restart(
    e2e_settings: Settings, clock: ManualClock, emulator: BotApiEmulator
) -> None:
    """A restart between two answers loses nothing: the next answer continues the setup."""
    eve = emulator.new_user(first_name="Eve")
    async with running_bot(e2e_settings, clock=clock) as application:
        first = Chatting(emulator, application, clock)
        await first.send(eve, "/start")
        await first.press(eve, first.last(eve), "Sudden")
        await first.answer_safety_questions(eve)
        await first.send(eve, "Europe/Berlin")

    clock.advance(timedelta(minutes=5))
    async with running_bot(e2e_settings, clock=clock) as application:
        second = Chatting(emulator, application, clock)
        await second.send(eve, "today")
        await second.press(eve, second.last(eve), "One a day")
        assert "When should I send" in second.texts(eve)[-1]
        await second.send(eve, "06:45")
        assert "06:45 (Europe/Berlin)" in second.texts(eve)[-2]
    assert emulator.unanswered_callback_queries() == []


async def test_a_first_of_two_sessions_too_late_for_a_second_is_refused(chat: Chatting) -> None:
    """Past 20:59 no second session fits the same day: the first time is refused with why; a
    first time after the usual second times still gets a button for the earliest one."""
    cy = chat.emulator.new_user()
    await chat.onboard(cy, times=("22:00", "19:30"))
    assert "first needs to be at 20:59 or earlier" in chat.texts(cy)[-2]
    assert "At least 3 hours after 19:30: tap a time or type one, like 22:30" in chat.texts(cy)[-1]
    offered = [label for row in chat.last(cy).buttons for label, _ in row]
    assert offered == ["22:30"], "the one time that fits is offered, not an empty keyboard"
    await chat.press(cy, chat.last(cy), "22:30")
    assert "19:30 and 22:30 (Europe/London)" in chat.texts(cy)[-2]
