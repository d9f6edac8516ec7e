"""Daily reminders at local time and check-ins from their buttons, through the real bot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from emulator import EmulatedUser
from storage.models import CheckIn, Delivery, DeliveryStatus
from tests.e2e.conftest import Chatting


async def onboard(chat: Chatting, user: EmulatedUser, *, zone: str, at: str) -> None:
    """Answer the setup questions by typing, as a person might."""
    await chat.send(user, "/start")
    await chat.press(user, chat.last(user), "Sudden")
    await chat.answer_safety_questions(user)
    await chat.send(user, zone)
    await chat.send(user, "yesterday")
    await chat.press(user, chat.last(user), "One a day")
    await chat.send(user, at)
    assert "You're all set" in chat.texts(user)[-2]


def reminders(chat: Chatting, user: EmulatedUser) -> list[str]:
    """Return the texts of the reminders this person received."""
    return [t for t in chat.texts(user) if t.startswith("⏰")]


async def test_reminder_comes_at_each_persons_local_time(chat: Chatting) -> None:
    """A London and a New York person both set 08:00 and each gets it at their own 08:00, once."""
    london, new_york = chat.emulator.new_user(), chat.emulator.new_user()
    await onboard(chat, london, zone="Europe/London", at="08:00")
    await onboard(chat, new_york, zone="America/New_York", at="08:00")

    await chat.advance(timedelta(hours=1, minutes=59))  # 07:59 UTC
    assert reminders(chat, london) == []
    await chat.advance(timedelta(minutes=1))  # 08:00 UTC = 08:00 in London
    assert len(reminders(chat, london)) == 1
    assert "Wed 25 Nov, your session" in reminders(chat, london)[0]
    assert reminders(chat, new_york) == []

    await chat.advance(timedelta(hours=5))  # 13:00 UTC = 08:00 in New York
    assert len(reminders(chat, new_york)) == 1
    await chat.run_dispatcher()
    assert (len(reminders(chat, london)), len(reminders(chat, new_york))) == (1, 1)

    await chat.advance(timedelta(hours=19))  # 08:00 UTC the next day
    assert len(reminders(chat, london)) == 2
    assert "Thu 26 Nov" in reminders(chat, london)[1]
    assert chat.last(london).button_data("Log this session") == "log:20261126:1"


async def test_check_in_is_stored_then_updated_from_today(chat: Chatting) -> None:
    """Logging from the reminder stores the session; logging again from /today updates it."""
    ana = chat.emulator.new_user()
    await onboard(chat, ana, zone="Europe/London", at="08:00")
    await chat.advance(timedelta(hours=2))
    reminder = chat.last(ana)

    await chat.press(ana, reminder, "Log this session")
    assert "How did the session go?" in chat.texts(ana)[-1]
    await chat.press(ana, chat.last(ana), "Done")
    assert "How much did it hurt" in chat.texts(ana)[-1]
    await chat.press(ana, chat.last(ana), "2")
    assert "Logged for Wed 25 Nov: done, pain 2/10." in chat.texts(ana)[-1]
    assert "within your limit" in chat.texts(ana)[-1]
    assert chat.last(ana).message_id == reminder.message_id, "the reminder itself was edited"
    assert "Any endurance training today" in chat.texts(ana)[-1]
    await chat.press(ana, chat.last(ana), "10-20 min")
    assert "Noted: 15 min of endurance training" in chat.texts(ana)[-1]
    assert "within your limit" in chat.texts(ana)[-1], "the feedback stays above"
    assert chat.last(ana).buttons == []

    await chat.send(ana, "/today")
    assert "Already logged: done, pain 2/10" in chat.texts(ana)[-1]
    await chat.press(ana, chat.last(ana), "Log this session")
    await chat.press(ana, chat.last(ana), "Partly")
    await chat.press(ana, chat.last(ana), "5")
    assert "Updated for Wed 25 Nov: partly, pain 5/10." in chat.texts(ana)[-1]
    assert "more than your limit of 3/10" in chat.texts(ana)[-1]

    async with chat.application.services.sessionmaker() as session:
        rows = (await session.scalars(select(CheckIn))).all()
    assert [(r.outcome.value, r.pain, r.session, r.endurance_minutes) for r in rows] == [
        ("partly", 5, 1, 15)
    ]


async def test_high_pain_means_stop_and_see_a_professional(chat: Chatting) -> None:
    """Pain of 8 during a session gets the advice to stop and see someone."""
    bo = chat.emulator.new_user()
    await onboard(chat, bo, zone="Europe/London", at="07:00")
    await chat.send(bo, "/today")
    await chat.press(bo, chat.last(bo), "Log this session")
    await chat.press(bo, chat.last(bo), "Done")
    await chat.press(bo, chat.last(bo), "8")
    assert "stop the exercises" in chat.texts(bo)[-1]
    assert "physiotherapist or doctor" in chat.texts(bo)[-1]


async def test_a_skipped_session_is_logged_without_pain(chat: Chatting) -> None:
    """Skipping stores the session and encourages, without asking about pain."""
    cy = chat.emulator.new_user()
    await onboard(chat, cy, zone="Europe/London", at="07:00")
    await chat.send(cy, "/today")
    await chat.press(cy, chat.last(cy), "Log this session")
    await chat.press(cy, chat.last(cy), "Skipped")
    assert "Logged for Wed 25 Nov: skipped." in chat.texts(cy)[-1]
    assert "Skipping now and then happens" in chat.texts(cy)[-1], "the first skip has a word"


async def test_a_button_pressed_twice_saves_once(chat: Chatting) -> None:
    """Two quick presses of the same pain button store one row and say it is already saved."""
    di = chat.emulator.new_user()
    await onboard(chat, di, zone="Europe/London", at="07:00")
    await chat.send(di, "/today")
    await chat.press(di, chat.last(di), "Log this session")
    await chat.press(di, chat.last(di), "Done")
    pain_question = chat.last(di)
    first = chat.emulator.press_button(di, pain_question.message_id, pain_question.button_data("3"))
    second = chat.emulator.press_button(
        di, pain_question.message_id, pain_question.button_data("3")
    )
    await chat.settle(first)
    await chat.settle(second)
    answers = [c.params.get("text") for c in chat.emulator.calls_to("answerCallbackQuery")]
    assert answers[-1] == "Already saved."
    async with chat.application.services.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(CheckIn)) == 1


async def test_a_button_under_an_old_reminder_expires_clearly(chat: Chatting) -> None:
    """Two days later, the log button of an old routine says so and disappears."""
    eve = chat.emulator.new_user()
    await onboard(chat, eve, zone="Europe/London", at="07:00")
    await chat.send(eve, "/today")
    old = chat.last(eve)
    chat.clock.advance(timedelta(days=2))
    await chat.press(eve, old, "Log this session")
    answer = chat.emulator.calls_to("answerCallbackQuery")[-1]
    assert "You can log today's and yesterday's sessions" in answer.params["text"]
    refreshed = [m for m in chat.emulator.bot_messages(eve.id) if m.message_id == old.message_id]
    assert refreshed[0].buttons == []


async def test_a_person_who_blocked_the_bot_gets_nothing_until_they_return(
    chat: Chatting,
) -> None:
    """403 marks the person blocked; /start again brings the reminders back."""
    fay = chat.emulator.new_user()
    await onboard(chat, fay, zone="Europe/London", at="08:00")
    chat.emulator.block(fay)
    await chat.advance(timedelta(hours=2))  # 08:00 London
    chat.emulator.unblock(fay)
    await chat.advance(timedelta(days=1))
    assert reminders(chat, fay) == []

    await chat.send(fay, "/start")
    assert "Welcome back" in chat.texts(fay)[-1]
    await chat.advance(timedelta(days=1))
    assert len(reminders(chat, fay)) == 1
    async with chat.application.services.sessionmaker() as session:
        statuses = (await session.scalars(select(Delivery.status).order_by(Delivery.id))).all()
    assert statuses[0] is DeliveryStatus.FAILED
    assert statuses[-1] is DeliveryStatus.SENT


async def test_a_reminder_missed_during_downtime_is_sent_within_grace_only(
    chat: Chatting,
) -> None:
    """One hour late the reminder still goes out; a day late it is recorded as missed."""
    gil = chat.emulator.new_user()
    await onboard(chat, gil, zone="Europe/London", at="08:00")
    chat.clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    await chat.run_dispatcher()
    assert len(reminders(chat, gil)) == 1
    chat.clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    await chat.run_dispatcher()
    assert len(reminders(chat, gil)) == 2, "26 Nov is missed, 27 Nov is an hour late"
    async with chat.application.services.sessionmaker() as session:
        statuses = (
            await session.scalars(
                select(Delivery.status).where(Delivery.kind == "reminder").order_by(Delivery.slot)
            )
        ).all()
    assert statuses == [DeliveryStatus.SENT, DeliveryStatus.MISSED, DeliveryStatus.SENT]


async def test_a_person_who_unblocked_the_bot_is_back_with_any_message(chat: Chatting) -> None:
    """After a 403, any message (not only /start) makes the reminders come again."""
    hal = chat.emulator.new_user()
    await onboard(chat, hal, zone="Europe/London", at="08:00")
    chat.emulator.block(hal)
    await chat.advance(timedelta(hours=2))  # 08:00 London: 403, marked blocked
    chat.emulator.unblock(hal)
    await chat.send(hal, "/today")
    assert "Wed 25 Nov, your session" in chat.texts(hal)[-1]
    await chat.advance(timedelta(days=1))
    assert len(reminders(chat, hal)) == 1
