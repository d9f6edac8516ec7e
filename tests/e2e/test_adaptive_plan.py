"""The plan follows what the person reports, through the real bot: eased doses after pain above
the limit, the standing exercises after pain-free walking, the Nordic build-up in /plan."""

from __future__ import annotations

from datetime import timedelta

from emulator import EmulatedUser
from storage import plans
from storage.models import FlagKind
from tests.e2e.conftest import Chatting

EASED = "Eased doses for now"
EXTENDER_PLANNED = "Extender: 3 x 12"
EXTENDER_EASED = "Extender: 2 x 8"


def shown(chat: Chatting, user: EmulatedUser) -> str:
    """The bot's newest message in the person's chat, as plain text."""
    return chat.texts(user)[-1]


async def test_pain_above_the_limit_eases_the_next_reminder_until_it_settles(
    chat: Chatting,
) -> None:
    """Pain 5 with the usual limit of 3: the next reminder carries eased doses and one line
    saying so; a session within the limit and a morning no worse bring the plan back."""
    ana = chat.emulator.new_user()
    await chat.onboard(ana, times=("07:00",))  # Wed 25 Nov, 06:00 in London
    await chat.log_today(ana, pain="5")
    assert "ease off" in chat.texts(ana)[-1].lower()

    await chat.advance(timedelta(hours=25))  # Thu 07:00: the reminder
    reminder = chat.texts(ana)[-1]
    assert reminder.startswith("⏰")
    assert EASED in reminder
    assert EXTENDER_EASED in shown(chat, ana)
    await chat.press(ana, chat.last(ana), "The same")
    assert shown(chat, ana).startswith("⏰"), "the reminder keeps its heading"
    assert "Snooze" in str(chat.last(ana).buttons), "and its snooze row"
    await chat.press(ana, chat.last(ana), "Log this session")
    await chat.press(ana, chat.last(ana), "Done")
    await chat.press(ana, chat.last(ana), "2")

    await chat.advance(timedelta(days=1))  # Fri 07:00
    assert EASED in chat.texts(ana)[-1], "the morning after the good session is not in yet"
    await chat.press(ana, chat.last(ana), "Better")
    assert EASED not in chat.texts(ana)[-1]
    assert EXTENDER_PLANNED in shown(chat, ana)


async def test_the_diver_and_glider_wait_for_pain_free_walking_and_day_five(
    chat: Chatting,
) -> None:
    """Day 1 has the Extender and says why the Diver and Glider wait; the button records
    pain-free walking, and they come in five days after the injury."""
    bo = chat.emulator.new_user()
    await chat.onboard(bo, times=("07:00",))  # Wed 25 Nov, injured Tue 24 Nov
    await chat.send(bo, "/today")
    today = chat.texts(bo)[-1]
    assert "Extender" in today
    assert "Diver:" not in today
    assert "come in once you can walk at your normal stride without pain" in today
    await chat.press(bo, chat.last(bo), "walk normally without pain")
    assert "Noted: walking is pain-free." in str(
        chat.emulator.calls_to("answerCallbackQuery")[-1].params.get("text")
    )
    assert "come in on Sun 29 Nov" in shown(chat, bo)
    assert "walk normally" not in str(chat.last(bo).buttons), "asked once"

    await chat.advance(timedelta(hours=1))  # Wed 07:00
    for _ in range(3):  # Thu, Fri, Sat 07:00
        await chat.advance(timedelta(days=1))
        assert shown(chat, bo).startswith("⏰")
        assert "Diver:" not in shown(chat, bo)
    await chat.advance(timedelta(days=1))  # Sun 29 Nov, 07:00
    routine = shown(chat, bo)
    assert "Diver:" in routine
    assert "Glider:" in routine
    assert "come in" not in routine


async def test_gradual_phase_one_moves_the_leg_in_its_pain_free_range(chat: Chatting) -> None:
    """Relative rest is not no movement: the first routine has pain-free range work."""
    cy = chat.emulator.new_user()
    await chat.onboard(cy, onset="Gradual")
    await chat.send(cy, "/today")
    assert "Pain-free range" in chat.texts(cy)[-1]


async def test_the_gradual_track_asks_what_aggravated_it_and_advises(chat: Chatting) -> None:
    """After a gradual-onset session: what aggravated it? The answer brings its advice and is
    kept (a second answer replaces the first); the sudden track is not asked."""
    dee = chat.emulator.new_user()
    await chat.onboard(dee, onset="Gradual")
    await chat.log_today(dee, pain="2")
    await chat.press(dee, chat.last(dee), "10-20 min")
    assert "Did anything aggravate your hamstring today?" in shown(chat, dee)
    await chat.press(dee, chat.last(dee), "Running")
    reply = shown(chat, dee)
    assert "Running aggravated it: cut it back rather than stop" in reply
    assert "Did anything aggravate" not in reply
    assert "Noted" in reply, "the endurance note above stays"
    async with chat.application.services.sessionmaker() as session:
        details = await plans.flags_on(
            session, user_id=dee.id, kind=FlagKind.AGGRAVATED, local_date=chat.clock.now().date()
        )
    assert details == ["running"]

    eve = chat.emulator.new_user()
    await chat.onboard(eve)
    await chat.log_today(eve, pain="2")
    await chat.press(eve, chat.last(eve), "10-20 min")
    assert "aggravate" not in shown(chat, eve)


async def test_reminders_are_short_and_how_to_shows_the_steps_in_place(chat: Chatting) -> None:
    """The first day has every step; the next day's reminder is a short list, and "How to"
    edits it in place to the steps, keeping the reminder's heading and snooze row."""
    fin = chat.emulator.new_user()
    await chat.onboard(fin, times=("07:00",))
    assert "• Lie on your back" in shown(chat, fin), "the first day shows the steps"
    await chat.advance(timedelta(hours=25))  # Thu 07:00
    reminder = chat.last(fin)
    assert (reminder.text or "").startswith("⏰")
    assert "•" not in (reminder.text or "")
    assert len(reminder.text or "") < 1000
    await chat.press(fin, reminder, "How to")
    again = chat.last(fin)
    assert again.message_id == reminder.message_id, "edited in place, only the pictures follow"
    assert "• Lie on your back" in (again.text or "")
    assert (again.text or "").startswith("⏰")
    assert "Snooze" in str(again.buttons)
    assert "How to" not in str(again.buttons)
