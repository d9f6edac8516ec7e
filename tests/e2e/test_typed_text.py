"""Typed messages through the real bot: answers to the open question work like its buttons,
a number never goes to a question that is not open, and free text is read for what it says."""

from __future__ import annotations

from datetime import timedelta

from emulator import EmulatedUser
from storage import activity, check_ins
from storage.models import User, UserStatus
from tests.e2e.conftest import Chatting

SEEN_QUESTION = "Have you been seen by a physiotherapist or doctor"


def shown(chat: Chatting, user: EmulatedUser) -> str:
    return chat.texts(user)[-1]


async def logged(chat: Chatting, user: EmulatedUser) -> list[check_ins.LoggedSession]:
    async with chat.application.services.sessionmaker() as session:
        return await check_ins.check_ins_on(
            session, user_id=user.id, local_date=chat.clock.now().date()
        )


async def test_typed_pain_at_the_pain_question_logs_it(chat: Chatting) -> None:
    """At the pain question "4" is the pain: saved, the question's buttons spent, and the
    endurance question open for a typed "20"."""
    ana = chat.emulator.new_user()
    await chat.onboard(ana)
    await chat.send(ana, "/today")
    await chat.press(ana, chat.last(ana), "Log this session")
    await chat.press(ana, chat.last(ana), "Done")
    question = chat.last(ana)
    await chat.send(ana, "4")
    assert "done, pain 4/10" in shown(chat, ana)
    assert "endurance" in shown(chat, ana)
    asked = next(
        m for m in chat.emulator.bot_messages(ana.id) if m.message_id == question.message_id
    )
    assert asked.buttons == [], "the answered question's buttons are gone"
    await chat.send(ana, "20")
    assert "Noted: 20 min of endurance training" in shown(chat, ana)
    (entry,) = await logged(chat, ana)
    assert (entry.pain, entry.endurance_minutes) == (4, 20)

    await chat.send(ana, "6")
    assert "Is 6 your pain today, or minutes of exercise?" in shown(chat, ana)
    (entry,) = await logged(chat, ana)
    assert (entry.pain, entry.endurance_minutes) == (4, 20), "nothing changed without asking"
    await chat.press(ana, chat.last(ana), "6 min of exercise")
    assert "instead of the 20 min logged before" in shown(chat, ana)


async def test_a_number_goes_only_to_the_open_question(chat: Chatting) -> None:
    """Two sessions a day: with session 2's pain question open, "6" is session 2's pain and
    session 1's minutes stay as they were."""
    bo = chat.emulator.new_user()
    await chat.onboard(bo, times=("07:00", "18:00"))
    await chat.log_today(bo, pain="2")
    await chat.press(bo, chat.last(bo), "10-20 min")
    await chat.send(bo, "/today")
    assert "session 2" in shown(chat, bo)
    await chat.press(bo, chat.last(bo), "Log this session")
    await chat.press(bo, chat.last(bo), "Partly")
    await chat.send(bo, "6")
    first, second = await logged(chat, bo)
    assert (first.pain, first.endurance_minutes) == (2, 15)
    assert (second.session, second.pain) == (2, 6)


async def test_a_bare_number_with_nothing_open_is_asked_about(chat: Chatting) -> None:
    """ "3" with nothing open: pain or minutes? Pain asks done or partly, then logs it."""
    cy = chat.emulator.new_user()
    await chat.onboard(cy)
    await chat.send(cy, "3")
    assert "Is 3 your pain today" in shown(chat, cy)
    assert await logged(chat, cy) == []
    await chat.press(cy, chat.last(cy), "Pain 3/10")
    await chat.press(cy, chat.last(cy), "Partly")
    (entry,) = await logged(chat, cy)
    assert (entry.outcome.value, entry.pain) == ("partly", 3)
    await chat.send(cy, "٣٠")
    assert "Is 30" not in shown(chat, cy), "other scripts' digits are not read as numbers"


async def test_done_in_words_starts_the_log_and_skip_offers_the_skip(chat: Chatting) -> None:
    """ "did it" asks the pain; "done" at the outcome question too; "can't today" offers to
    snooze or skip."""
    dee = chat.emulator.new_user()
    await chat.onboard(dee)
    await chat.send(dee, "did it!!")
    assert "How much did it hurt" in shown(chat, dee)
    await chat.send(dee, "1")
    assert "done, pain 1/10" in shown(chat, dee)

    eve = chat.emulator.new_user()
    await chat.onboard(eve)
    await chat.send(eve, "can't today, sorry")
    assert "Snooze" in str(chat.last(eve).buttons)
    await chat.press(eve, chat.last(eve), "Skip today")
    (entry,) = await logged(chat, eve)
    assert entry.outcome.value == "skipped"


async def test_a_pop_in_free_text_holds_the_plan(chat: Chatting) -> None:
    """A warning sign in words puts the plan on hold at once; the next reminder asks whether
    they have been seen and carries no routine."""
    fay = chat.emulator.new_user()
    await chat.onboard(fay)
    await chat.send(fay, "hmm I felt a pop in my hamstring during the glider")
    assert "see a physiotherapist or doctor now" in shown(chat, fay)
    await chat.send(fay, "/today")
    assert "on hold" in shown(chat, fay)
    await chat.send(fay, "done")
    assert "on hold" in shown(chat, fay)
    await chat.advance(timedelta(hours=2))  # 08:00, the reminder time
    assert SEEN_QUESTION in shown(chat, fay)
    assert "Log this session" not in str(chat.last(fay).buttons)


async def test_coming_back_after_21_days_is_welcomed_and_reminded_again(chat: Chatting) -> None:
    """After three silent weeks the person has lapsed; "hi, sorry I was away" welcomes them
    back with today's routine, and reminders come again."""
    gus = chat.emulator.new_user()
    await chat.onboard(gus)
    # Every 4 hours, so nudges outside quiet hours go out; the note at 21 days waits three
    # hours past the reminder it would come close to.
    for _ in range(21 * 6 + 3):
        await chat.advance(timedelta(hours=4))
    async with chat.application.services.sessionmaker() as session:
        row = await session.get(User, gus.id)
        assert row is not None
        assert row.status is UserStatus.LAPSED
    await chat.send(gus, "hi, sorry I was away")
    welcome, routine = chat.texts(gus)[-2:]
    assert "Welcome back" in welcome
    assert "Log this session" in str(chat.last(gus).buttons)
    assert "Phase 1" in routine
    before = len(chat.texts(gus))
    for _ in range(6):
        await chat.advance(timedelta(hours=4))
    assert any(text.startswith("⏰") for text in chat.texts(gus)[before:])


async def test_questions_thanks_other_languages_and_the_rest(chat: Chatting) -> None:
    """Fitness questions get this phase's options; thanks a short reply; another language a
    polite English one; anything else the most useful buttons, never "didn't understand"."""
    hal = chat.emulator.new_user()
    await chat.onboard(hal)
    await chat.send(hal, "what can I do to keep my fitness up?")
    assert "Swimming with a pull buoy" in shown(chat, hal)
    await chat.send(hal, "thanks!")
    assert "You're welcome" in shown(chat, hal)
    await chat.send(hal, "me duele la pierna")
    assert "only read English" in shown(chat, hal)
    await chat.send(hal, "what's the weather like")
    assert "didn't understand" not in shown(chat, hal)
    await chat.press(hal, chat.last(hal), "Today's routine")
    assert "Phase 1 of 4" in shown(chat, hal)
    await chat.send(hal, "what do I do today")
    assert "Phase 1 of 4" in shown(chat, hal)


async def test_hello_during_a_pause_leaves_it_to_the_person(chat: Chatting) -> None:
    """A greeting from someone on a pause shows today's routine and says how to resume; the
    pause they asked for ends only when they say so."""
    ida = chat.emulator.new_user()
    await chat.onboard(ida)
    await chat.send(ida, "/pause")
    await chat.press(ida, chat.last(ida), "Until I resume")
    await chat.send(ida, "hello")
    welcome = chat.texts(ida)[-2]
    assert "Welcome back" in welcome
    assert "paused: send /resume" in welcome
    assert "Log this session" in str(chat.last(ida).buttons)
    async with chat.application.services.sessionmaker() as session:
        assert await activity.is_paused(session, user_id=ida.id)
    await chat.send(ida, "/resume")
    async with chat.application.services.sessionmaker() as session:
        assert not await activity.is_paused(session, user_id=ida.id)


async def test_words_mid_log_point_back_at_the_open_question(chat: Chatting) -> None:
    """At the outcome question, "asdf" gets a hint about that question; "99" is not taken for
    minutes, and "4" is kept as the pain once the outcome is tapped."""
    jo = chat.emulator.new_user()
    await chat.onboard(jo)
    await chat.send(jo, "/today")
    await chat.press(jo, chat.last(jo), "Log this session")
    await chat.send(jo, "asdf")
    assert "The question above is still open" in shown(chat, jo)
    assert "Log a session" not in str(chat.last(jo).buttons)
    await chat.send(jo, "99")
    assert "how did today's session go" in shown(chat, jo)
    assert "minutes" not in shown(chat, jo)
    await chat.send(jo, "4")
    await chat.press(jo, chat.last(jo), "Done")
    (entry,) = await logged(chat, jo)
    assert (entry.outcome.value, entry.pain) == ("done", 4)


async def test_a_bare_number_after_the_first_of_two_sessions_is_about_it(
    chat: Chatting,
) -> None:
    """Session 1 logged, nothing open: "4" is asked about for session 1, not session 2."""
    ky = chat.emulator.new_user()
    await chat.onboard(ky, times=("07:00", "18:00"))
    await chat.log_today(ky, pain="2")
    await chat.press(ky, chat.last(ky), "None")
    await chat.send(ky, "4")
    assert "Is 4 your pain today" in shown(chat, ky)
    await chat.press(ky, chat.last(ky), "Pain 4/10")
    (entry,) = await logged(chat, ky)
    assert (entry.session, entry.pain) == (1, 4)
