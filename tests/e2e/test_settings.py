"""/settings through the real bot: each setting changed, read back, and felt in the reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from bot.app import running_bot
from bot.config import Settings
from emulator import BotApiEmulator, ChatMessage, EmulatedUser
from scheduler.clock import ManualClock
from storage import history
from storage.models import Schedule, User
from tests.e2e.conftest import Chatting

HOUR = timedelta(hours=1)
REMINDER = "Time for your rehab session"


async def onboard(
    chat: Chatting, user: EmulatedUser, *, times: tuple[str, ...] = ("08:00",)
) -> None:
    """Set a person up in London with one or two sessions a day."""
    await chat.onboard(user, times=times)


async def open_settings(chat: Chatting, user: EmulatedUser) -> ChatMessage:
    """Send /settings and return the message with the buttons."""
    await chat.send(user, "/settings")
    return chat.last(user)


def current(chat: Chatting, user: EmulatedUser, shown: ChatMessage) -> ChatMessage:
    """Return a message as it looks now, after edits."""
    [now] = [m for m in chat.emulator.bot_messages(user.id) if m.message_id == shown.message_id]
    return now


async def press_again(chat: Chatting, user: EmulatedUser, shown: ChatMessage, label: str) -> None:
    """Press a button on a message as it looks now, after edits."""
    await chat.press(user, current(chat, user, shown), label)


async def person(chat: Chatting, user: EmulatedUser) -> User:
    async with chat.application.services.sessionmaker() as session:
        row = await session.get(User, user.id)
    assert row is not None
    return row


async def slots(chat: Chatting, user: EmulatedUser) -> list[tuple[int, time, datetime]]:
    async with chat.application.services.sessionmaker() as session:
        rows = await session.scalars(
            select(Schedule).where(Schedule.user_id == user.id).order_by(Schedule.session)
        )
        return [(row.session, row.local_time, row.next_due_at) for row in rows]


async def live_until(chat: Chatting, until: datetime, *, step: timedelta = HOUR) -> None:
    """Let time pass step by step, running the reminder job as the JobQueue would."""
    while chat.clock.now() < until:
        await chat.advance(min(step, until - chat.clock.now()))


def sent(chat: Chatting, user: EmulatedUser, marker: str) -> list[str]:
    return [text for text in chat.texts(user) if marker in text]


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in November 2026, in UTC (London's wall clock then)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def test_settings_before_setup_point_to_start(chat: Chatting) -> None:
    """Without a plan /settings says to /start; in the middle of setup it says to finish it."""
    ana = chat.emulator.new_user()
    await chat.send(ana, "/settings")
    assert "Send /start to begin" in chat.texts(ana)[-1]

    await chat.send(ana, "/start")
    question = chat.last(ana)
    await chat.send(ana, "/settings")
    assert "until the setup is done" in chat.texts(ana)[-1]
    await chat.press(ana, question, "Sudden")
    [edited] = [
        m for m in chat.emulator.bot_messages(ana.id) if m.message_id == question.message_id
    ]
    assert "safety check" in (edited.text or ""), "the setup goes on where it was"


async def test_settings_show_every_value_with_a_button_each(chat: Chatting) -> None:
    """The summary lists all six settings, defaults marked, and every button is a settings one."""
    bo = chat.emulator.new_user()
    await onboard(chat, bo)
    shown = await open_settings(chat, bo)
    text = shown.text or ""
    assert "Reminders: daily at 08:00" in text
    assert "Time zone: Europe/London" in text
    assert "Pain limit during exercise: 3/10 (the usual for a sudden strain)" in text
    assert "Quiet hours: 22:00-07:00 (default)" in text
    assert "Weekly summary: on" in text
    assert "Next-morning check: on" in text
    data = [d for row in shown.buttons for _, d in row]
    assert len(data) == 6
    assert all(d is not None and d.startswith("set:") and len(d.encode()) <= 64 for d in data)


async def test_a_new_zone_moves_the_next_reminder_to_its_wall_clock(chat: Chatting) -> None:
    """London to New York at 06:00 UTC: today's 08:00 comes at 08:00 in New York, not London."""
    cy = chat.emulator.new_user()
    await onboard(chat, cy)
    shown = await open_settings(chat, cy)
    await chat.press(cy, shown, "Time zone")
    assert "Which time zone are you in?" in chat.texts(cy)[-1]
    await press_again(chat, cy, shown, "America/New_York")
    edited = chat.last(cy)
    assert edited.message_id == shown.message_id, "the pressed message is edited, not a new one"
    assert "✓ Time zone: America/New_York. Reminders re-planned: next at 08:00 (Wed 25 Nov)." in (
        edited.text or ""
    )
    assert "Time zone: America/New_York" in (edited.text or "").split("\n\n", 1)[1]
    assert (await person(chat, cy)).timezone == "America/New_York"

    await live_until(chat, utc(25, 12, 59))
    assert sent(chat, cy, REMINDER) == [], "no reminder at 08:00 London time"
    await live_until(chat, utc(25, 13))
    reminders = sent(chat, cy, REMINDER)
    assert len(reminders) == 1
    assert "Wed 25 Nov, your session" in reminders[0]

    settings = await open_settings(chat, cy)
    await chat.press(cy, settings, "Time zone")
    await chat.send(cy, "Mars/Olympus")
    assert "I don't know the time zone" in chat.texts(cy)[-1]
    assert (await person(chat, cy)).timezone == "America/New_York"
    await chat.send(cy, "europe/paris")
    assert "✓ Time zone: Europe/Paris" in chat.texts(cy)[-1]
    assert "next at 08:00 (Thu 26 Nov)" in chat.texts(cy)[-1]
    [(_, at, due)] = await slots(chat, cy)
    assert (at, due) == (time(8), utc(26, 7)), "08:00 in Paris is 07:00 UTC"
    await live_until(chat, utc(26, 7))
    assert "Thu 26 Nov, your session" in sent(chat, cy, REMINDER)[-1]


async def test_reminder_times_go_from_one_session_to_two_and_back(chat: Chatting) -> None:
    """Two a day needs a second time 3 hours after the first; bad times change nothing."""
    di = chat.emulator.new_user()
    await onboard(chat, di)
    shown = await open_settings(chat, di)
    await chat.press(di, shown, "Reminder times")
    assert "Now: daily at 08:00" in chat.texts(di)[-1]
    await press_again(chat, di, shown, "Two a day")
    await press_again(chat, di, shown, "07:00")
    assert "second, shorter session" in chat.texts(di)[-1]
    await chat.send(di, "25:00")
    assert "Please send a time like 07:30" in chat.texts(di)[-1]
    await chat.send(di, "09:00")
    assert "at least 3 hours after 07:00" in chat.texts(di)[-1]
    await chat.send(di, "/settings")
    late = await open_settings(chat, di)
    await chat.press(di, late, "Reminder times")
    await press_again(chat, di, late, "Two a day")
    await chat.send(di, "21:30")
    assert "first needs to be at 20:59 or earlier" in chat.texts(di)[-1]
    await chat.send(di, "07:00")
    assert [(n, at) for n, at, _ in await slots(chat, di)] == [(1, time(8))]
    await chat.send(di, "18:00")
    assert (
        "✓ Reminders: two sessions a day, at 07:00 and 18:00. Re-planned: next at 07:00 "
        "(Wed 25 Nov)." in chat.texts(di)[-1]
    )
    assert await slots(chat, di) == [(1, time(7), utc(25, 7)), (2, time(18), utc(25, 18))]

    await live_until(chat, utc(25, 18))
    reminders = sent(chat, di, REMINDER)
    assert len(reminders) == 2
    assert "short session 2" in reminders[1]

    again = await open_settings(chat, di)
    assert "Reminders: two sessions a day, at 07:00 and 18:00" in (again.text or "")
    await chat.press(di, again, "Reminder times")
    await press_again(chat, di, again, "One a day")
    await chat.send(di, "7:30")
    assert "✓ Reminders: daily at 07:30" in chat.texts(di)[-1]
    assert [(n, at) for n, at, _ in await slots(chat, di)] == [(1, time(7, 30))]


async def test_two_times_from_the_buttons(chat: Chatting) -> None:
    """Both times can be tapped; the second button carries the first time with it, and only
    times far enough after the first are offered."""
    eve = chat.emulator.new_user()
    await onboard(chat, eve)
    shown = await open_settings(chat, eve)
    await chat.press(eve, shown, "Reminder times")
    await press_again(chat, eve, shown, "Two a day")
    await press_again(chat, eve, shown, "12:00")
    offered = [label for row in current(chat, eve, shown).buttons for label, _ in row]
    assert "13:00" not in offered, "only times at least 3 hours after the first are offered"
    await press_again(chat, eve, shown, "20:00")
    assert "two sessions a day, at 12:00 and 20:00" in chat.texts(eve)[-1]
    assert [(n, at) for n, at, _ in await slots(chat, eve)] == [(1, time(12)), (2, time(20))]


async def test_pain_limit_from_the_buttons(chat: Chatting) -> None:
    """The limit buttons mark the usual one and store the chosen one."""
    fay = chat.emulator.new_user()
    await onboard(chat, fay)
    shown = await open_settings(chat, fay)
    await chat.press(fay, shown, "Pain limit")
    assert "Now: 3/10 (the usual for a sudden strain)" in chat.texts(fay)[-1]
    await press_again(chat, fay, shown, "5")
    assert "✓ Pain limit during exercise: 5/10." in chat.texts(fay)[-1]
    assert "Pain limit during exercise: 5/10\n" in chat.texts(fay)[-1]
    assert (await person(chat, fay)).pain_limit == 5

    # Typed the next day: the limit's history has each day's own limit.
    await live_until(chat, utc(26, 9))
    await press_again(chat, fay, shown, "Pain limit")
    await chat.send(fay, "😀")
    assert "as a number between 0 and 6" in chat.texts(fay)[-1]
    await chat.send(fay, "4")
    assert "✓ Pain limit during exercise: 4/10." in chat.texts(fay)[-1], "typed, not a pain"
    async with chat.application.services.sessionmaker() as session:
        changes = await history.limit_changes(session, user_id=fay.id)
    assert changes == ((date(2026, 11, 25), 5), (date(2026, 11, 26), 4))


async def test_quiet_hours_typed_or_tapped_and_none(chat: Chatting) -> None:
    """Typed windows are checked; a good one is kept; None means no quiet hours at all."""
    gus = chat.emulator.new_user()
    await onboard(chat, gus)
    shown = await open_settings(chat, gus)
    await chat.press(gus, shown, "Quiet hours")
    assert "Now: 22:00-07:00 (default)" in chat.texts(gus)[-1]
    for bad in ("22-7", "25:00-07:00", "tonight"):
        await chat.send(gus, bad)
        assert "like 22:00-07:00" in chat.texts(gus)[-1]
    assert ((await person(chat, gus)).quiet_start, (await person(chat, gus)).quiet_end) == (
        None,
        None,
    )
    await chat.send(gus, "23:30 - 06:15")
    assert "✓ Quiet hours: 23:30-06:15." in chat.texts(gus)[-1]
    assert ((await person(chat, gus)).quiet_start, (await person(chat, gus)).quiet_end) == (
        time(23, 30),
        time(6, 15),
    )
    await chat.press(gus, chat.last(gus), "Quiet hours")
    await chat.press(gus, chat.last(gus), "None")
    assert "Quiet hours: none" in chat.texts(gus)[-1]
    row = await person(chat, gus)
    assert row.quiet_start == row.quiet_end


async def test_without_quiet_hours_a_nudge_comes_at_night(chat: Chatting) -> None:
    """With quiet hours off, the two-day nudge due at 23:00 goes out then, not at 07:00."""
    hal = chat.emulator.new_user()
    chat.clock.set(utc(25, 23))
    await onboard(chat, hal, times=("12:00",))
    shown = await open_settings(chat, hal)
    await chat.press(hal, shown, "Quiet hours")
    await press_again(chat, hal, shown, "None")
    await live_until(chat, utc(27, 23, 30))
    assert len(sent(chat, hal, "Haven't heard from you")) == 1


async def test_switches_flip_at_once_on_the_same_message(chat: Chatting) -> None:
    """Each switch button flips its setting, and the message shows the new state."""
    ivy = chat.emulator.new_user()
    await onboard(chat, ivy)
    shown = await open_settings(chat, ivy)
    await chat.press(ivy, shown, "Turn weekly summary off")
    edited = chat.last(ivy)
    assert edited.message_id == shown.message_id
    assert "✓ Weekly summary: off." in (edited.text or "")
    assert not (await person(chat, ivy)).weekly_summary
    await chat.press(ivy, edited, "Turn weekly summary on")
    assert (await person(chat, ivy)).weekly_summary
    await press_again(chat, ivy, shown, "Turn morning check off")
    assert "✓ Next-morning check: off." in chat.texts(ivy)[-1]
    assert "Turn morning check on" in str(chat.last(ivy).buttons)
    assert not (await person(chat, ivy)).morning_check


async def test_with_the_morning_check_off_the_next_reminder_asks_nothing(chat: Chatting) -> None:
    """After a done session, the next reminder asks about the morning only if the check is on."""
    off, on = chat.emulator.new_user(), chat.emulator.new_user()
    for user in (off, on):
        await onboard(chat, user)
        await chat.press(user, chat.last(user), "Log this session")
        await chat.press(user, chat.last(user), "Done")
        await chat.press(user, chat.last(user), "2")
    shown = await open_settings(chat, off)
    await chat.press(off, shown, "Turn morning check off")

    await live_until(chat, utc(26, 8))
    asked = "This morning, compared with"
    [reminder_off] = [
        m for m in chat.emulator.bot_messages(off.id) if "Thu 26 Nov" in (m.text or "")
    ]
    [reminder_on] = [m for m in chat.emulator.bot_messages(on.id) if "Thu 26 Nov" in (m.text or "")]
    assert asked in (reminder_on.text or "")
    assert "Better" in str(reminder_on.buttons)
    assert asked not in (reminder_off.text or "")
    assert "Better" not in str(reminder_off.buttons)


async def test_commands_and_buttons_during_a_question_work_as_always(chat: Chatting) -> None:
    """/today, /start, /cancel or another button end the question; the answer is not taken."""
    jo = chat.emulator.new_user()
    await onboard(chat, jo)
    routine = chat.last(jo)
    shown = await open_settings(chat, jo)

    await chat.press(jo, shown, "Time zone")
    await chat.send(jo, "/today")
    assert "Wed 25 Nov, your session" in chat.texts(jo)[-1]
    await chat.send(jo, "Europe/Paris")
    assert "not sure what you mean" in chat.texts(jo)[-1], "not taken as an answer"

    await chat.send(jo, "/settings")
    await chat.press(jo, chat.last(jo), "Time zone")
    await chat.send(jo, "/start")
    assert "Welcome back" in chat.texts(jo)[-1]
    await chat.send(jo, "Europe/Paris")
    assert "not sure what you mean" in chat.texts(jo)[-1], "not taken as an answer"

    await chat.send(jo, "/settings")
    await chat.press(jo, chat.last(jo), "Quiet hours")
    await chat.settle(chat.emulator.send_sticker(jo))
    assert "answer the question above, or send /cancel" in chat.texts(jo)[-1]
    await chat.send(jo, "/cancel")
    assert "Settings closed" in chat.texts(jo)[-1]
    await chat.send(jo, "23:00-08:00")
    assert "not sure what you mean" in chat.texts(jo)[-1], "not taken as an answer"

    await chat.send(jo, "/settings")
    await chat.press(jo, chat.last(jo), "Time zone")
    await chat.press(jo, routine, "Log this session")
    assert "How did the session go?" in (current(chat, jo, routine).text or "")
    await chat.send(jo, "Europe/Paris")
    assert "question above is still open" in chat.texts(jo)[-1], "not a zone: the log's hint"
    assert (await person(chat, jo)).timezone == "Europe/London"
    assert (await person(chat, jo)).quiet_start is None


async def test_a_settings_button_after_starting_over_changes_nothing(chat: Chatting) -> None:
    """While the person runs the setup again, old settings buttons are refused with an alert:
    the new setup would replace what they change."""
    kim = chat.emulator.new_user()
    await onboard(chat, kim)
    shown = await open_settings(chat, kim)
    await chat.send(kim, "/start")
    await chat.press(kim, chat.last(kim), "Set up again")
    await chat.press(kim, shown, "Turn weekly summary off")
    alert = str(chat.emulator.calls_to("answerCallbackQuery")[-1].params)
    assert "until the setup is done" in alert
    assert "/cancel" in alert
    assert (await person(chat, kim)).weekly_summary
    assert "How did it start?" in chat.texts(kim)[-1], "the setup question is still there"


async def test_a_settings_question_resumes_after_a_restart(
    e2e_settings: Settings, clock: ManualClock, emulator: BotApiEmulator
) -> None:
    """A restart between the question and the answer loses nothing."""
    lu = emulator.new_user()
    async with running_bot(e2e_settings, clock=clock) as application:
        first = Chatting(emulator, application, clock)
        await onboard(first, lu)
        shown = await open_settings(first, lu)
        await first.press(lu, shown, "Time zone")

    async with running_bot(e2e_settings, clock=clock) as application:
        second = Chatting(emulator, application, clock)
        await second.send(lu, "Asia/Kolkata")
        assert "✓ Time zone: Asia/Kolkata" in second.texts(lu)[-1]
        assert (await person(second, lu)).timezone == "Asia/Kolkata"
    assert emulator.unanswered_callback_queries() == []
