"""The safety hold through the real bot: after pain of 7+ or a warning sign nothing is loaded
until the person says a professional has seen them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from emulator import EmulatedUser
from storage.models import FlagKind, SafetyFlag, User
from tests.e2e.conftest import Chatting

SEEN_QUESTION = "Have you been seen by a physiotherapist or doctor"
ROUTINE = "Log this session"
EASING = "Eased doses for now"


def answer_text(chat: Chatting) -> str:
    """The text of the bot's last answer to a button press."""
    return str(chat.emulator.calls_to("answerCallbackQuery")[-1].params.get("text", ""))


def messages_since(chat: Chatting, user: EmulatedUser, count: int) -> list[str]:
    """The texts of the bot's messages after the first ``count``."""
    return chat.texts(user)[count:]


async def flags_of(chat: Chatting) -> list[FlagKind]:
    async with chat.application.services.sessionmaker() as session:
        return list((await session.scalars(select(SafetyFlag.kind).order_by(SafetyFlag.id))).all())


async def held_after_pain_8(chat: Chatting, user: EmulatedUser) -> None:
    """Set a person up in London with an 08:00 reminder and log a session with pain 8."""
    await chat.onboard(user)
    await chat.log_today(user, pain="8")
    assert "see a physiotherapist or doctor" in chat.texts(user)[-1]
    assert "on hold" in chat.texts(user)[-1]


async def test_after_pain_8_the_reminder_asks_whether_they_were_seen_and_carries_no_routine(
    chat: Chatting,
) -> None:
    """Pain 8 holds the plan; at 08:00 the question comes instead of the routine, every way in
    to a routine says why not, and "not yet" brings the question again two days later."""
    ana = chat.emulator.new_user()
    await held_after_pain_8(chat, ana)  # 06:00 London, Wed 25 Nov
    before = len(chat.texts(ana))

    await chat.advance(timedelta(hours=2))  # 08:00, the reminder time
    sent = messages_since(chat, ana, before)
    assert len(sent) == 1
    assert SEEN_QUESTION in sent[0]
    question = chat.last(ana)
    assert ROUTINE not in str(question.buttons)

    await chat.send(ana, "/today")
    assert "on hold since Wed 25 Nov" in chat.texts(ana)[-1]
    assert "Not seen yet" in str(chat.last(ana).buttons)
    await chat.send(ana, "/plan")
    assert "Am I ready" not in str(chat.last(ana).buttons)
    await chat.send(ana, "/resume")
    assert "on hold" in chat.texts(ana)[-1]
    await chat.send(ana, "/start")
    assert "on hold" in chat.texts(ana)[-1]

    await chat.press(ana, chat.last(ana), "Not seen yet")
    assert "I'll ask again on Fri 27 Nov at 08:00" in chat.texts(ana)[-1]
    before = len(chat.texts(ana))
    await chat.advance(timedelta(days=1))  # Thu 08:00: no reminder, no question, no nudge
    assert messages_since(chat, ana, before) == []
    await chat.advance(timedelta(days=1))  # Fri 08:00
    sent = messages_since(chat, ana, before)
    assert len(sent) == 1
    assert SEEN_QUESTION in sent[0]

    await chat.press(ana, chat.last(ana), "Not seen yet")
    assert "I'll ask again on Fri 4 Dec at 08:00" in chat.texts(ana)[-1], "then weekly"
    assert await flags_of(chat) == [
        FlagKind.PAIN_STOP,
        FlagKind.HOLD_NOT_SEEN,
        FlagKind.HOLD_NOT_SEEN,
    ]


async def test_cleared_brings_back_the_routine_easing_in_for_three_days(chat: Chatting) -> None:
    """After "cleared" the routine comes at once and at each reminder, easing in for three days
    and then until a session within the limit is followed by a morning that is no worse."""
    bo = chat.emulator.new_user()
    await held_after_pain_8(chat, bo)
    await chat.advance(timedelta(hours=2))
    await chat.press(bo, chat.last(bo), "cleared to carry on")
    assert "We carry on in phase 1" in chat.texts(bo)[-2]
    assert EASING in chat.texts(bo)[-1]
    assert ROUTINE in str(chat.last(bo).buttons)

    for day in (1, 2):
        await chat.advance(timedelta(days=1))
        assert chat.texts(bo)[-1].startswith("⏰")
        assert EASING in chat.texts(bo)[-1], f"day {day + 1} after clearance still eases in"
    await chat.advance(timedelta(days=1))
    assert chat.texts(bo)[-1].startswith("⏰")
    assert EASING in chat.texts(bo)[-1], "the last pain reported was 8/10"
    assert "2 x 8, twice a day" in chat.texts(bo)[-1], "the Extender's 3 x 12, eased"
    await chat.log_today(bo, pain="2")
    await chat.advance(timedelta(days=1))
    assert EASING in chat.texts(bo)[-1], "the morning after is not answered yet"
    await chat.press(bo, chat.last(bo), "The same")
    assert EASING not in chat.texts(bo)[-1]
    assert "3 x 12, twice a day" in chat.texts(bo)[-1], "the planned dose is back"
    assert await flags_of(chat) == [FlagKind.PAIN_STOP, FlagKind.HOLD_CLEARED]


async def test_a_warning_sign_after_a_skipped_session_holds_the_plan(chat: Chatting) -> None:
    """Skipped has the warning-sign button too; pressing it holds the plan at once."""
    cy = chat.emulator.new_user()
    await chat.onboard(cy)
    await chat.send(cy, "/today")
    await chat.press(cy, chat.last(cy), ROUTINE)
    await chat.press(cy, chat.last(cy), "Skipped")
    routine_words = chat.texts(cy)[-1]
    assert "Skipping now and then happens" in routine_words
    await chat.press(cy, chat.last(cy), "warning sign")
    assert "see a physiotherapist or doctor now" in chat.texts(cy)[-1]
    await chat.send(cy, "/today")
    assert "on hold" in chat.texts(cy)[-1]
    assert await flags_of(chat) == [FlagKind.RED_FLAG]


async def test_problem_and_typed_warning_words_hold_the_plan(chat: Chatting) -> None:
    """/problem asks about warning signs, a yes holds; typed words that describe one hold at
    once."""
    di = chat.emulator.new_user()
    await chat.onboard(di)
    await chat.send(di, "/problem")
    await chat.press(di, chat.last(di), "No, all fine")
    assert "send /problem at any time" in chat.texts(di)[-1]
    await chat.send(di, "/today")
    assert ROUTINE in str(chat.last(di).buttons)

    await chat.send(di, "I felt a pop at the back of my thigh")
    assert "see a physiotherapist or doctor now" in chat.texts(di)[-1]
    await chat.send(di, "/today")
    assert "on hold" in chat.texts(di)[-1]


async def test_old_buttons_cannot_get_around_the_hold(chat: Chatting) -> None:
    """A routine's Log button, the phase check and Set up again, pressed during a hold, say why."""
    eve = chat.emulator.new_user()
    await chat.onboard(eve)
    await chat.send(eve, "/today")
    old_routine = chat.last(eve)
    await chat.send(eve, "/plan")
    old_plan = chat.last(eve)
    await chat.send(eve, "/start")
    old_welcome = chat.last(eve)
    await chat.send(eve, "/problem")
    await chat.press(eve, chat.last(eve), "Yes, one of these")

    await chat.press(eve, old_routine, ROUTINE)
    assert "on hold" in answer_text(chat)
    await chat.press(eve, old_plan, "Am I ready")
    assert "on hold" in answer_text(chat)
    await chat.press(eve, old_welcome, "Set up again")
    assert "on hold" in answer_text(chat)
    await chat.send(eve, "/today")
    assert "on hold" in chat.texts(eve)[-1]


async def test_no_nudge_about_skipping_while_on_hold(chat: Chatting) -> None:
    """Days without a session while on hold bring no "haven't heard from you" note; an
    unanswered question comes again a week later."""
    fay = chat.emulator.new_user()
    await held_after_pain_8(chat, fay)
    await chat.advance(timedelta(hours=2))  # the reminder time, as the job would see it
    for _ in range(9):
        await chat.advance(timedelta(days=1))
    sent = chat.texts(fay)
    assert not any("Haven't heard from you" in text for text in sent)
    assert not any(text.startswith("⏰") for text in sent)
    assert sum(SEEN_QUESTION in text for text in sent) == 2, "unanswered, it comes again weekly"


async def test_a_question_missed_during_a_pause_comes_again_a_week_later(chat: Chatting) -> None:
    """Paused while on hold, the question waits; the daily upkeep keeps it; once the pause is
    over it is recorded missed and asked again a week after it was due."""
    gus = chat.emulator.new_user()
    await held_after_pain_8(chat, gus)  # Wed 25 Nov, 06:00; the question is due at 08:00
    await chat.send(gus, "/pause 3")
    before = len(chat.texts(gus))
    await chat.advance(timedelta(days=1, hours=3))  # Thu 09:00
    dispatcher = chat.application.services.dispatcher
    assert dispatcher is not None
    await dispatcher.maintain()
    await chat.advance(timedelta(days=2))  # Sat 09:00: the pause is over, the question late
    assert messages_since(chat, gus, before) == []
    await chat.advance(timedelta(days=3, hours=23))  # Wed 2 Dec, 08:00
    sent = messages_since(chat, gus, before)
    assert len(sent) == 1
    assert SEEN_QUESTION in sent[0]


async def test_a_hold_without_a_physio_says_why_one_helps(chat: Chatting) -> None:
    """Pain 8 for someone without a physio: the stop says why one helps, with a button that
    records one; someone with a physio is not told."""
    di = chat.emulator.new_user()
    await chat.onboard(di, provider="Not yet")
    await chat.log_today(di, pain="8")
    assert "Without a physio" in chat.texts(di)[-1]
    await chat.press(di, chat.last(di), "I have a physio now")
    assert chat.last(di).buttons == []
    async with chat.application.services.sessionmaker() as session:
        row = await session.get(User, di.id)
    assert row is not None
    assert row.has_provider is True

    ed = chat.emulator.new_user()
    await chat.onboard(ed)
    await chat.send(ed, "/problem")
    await chat.press(ed, chat.last(ed), "Yes")
    assert "on hold" in chat.texts(ed)[-1]
    assert "Without a physio" not in chat.texts(ed)[-1]
