"""The weekly summary through the real bot: Sunday evening in each person's zone, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from emulator import EmulatedUser
from tests.e2e.conftest import Chatting


async def onboard(chat: Chatting, user: EmulatedUser, *, zone: str, at: str) -> None:
    """Set a person up with one session a day."""
    await chat.onboard(user, zone=zone, times=(at,))


def summaries(chat: Chatting, user: EmulatedUser) -> list[str]:
    return [text for text in chat.texts(user) if text.startswith("📅")]


async def live_until(chat: Chatting, until: datetime) -> None:
    while chat.clock.now() < until:
        await chat.advance(min(timedelta(minutes=30), until - chat.clock.now()))


async def test_summaries_come_on_sunday_evening_in_each_zone(chat: Chatting) -> None:
    """London at 19:00 (no reminder near it); Sydney, with an 18:30 session, three hours
    before it, at 15:30 (04:30 UTC): never two messages on top of each other."""
    ana, bo = chat.emulator.new_user(), chat.emulator.new_user()
    await onboard(chat, ana, zone="Europe/London", at="08:00")
    await onboard(chat, bo, zone="Australia/Sydney", at="18:30")
    await chat.log_today(ana, pain="4")

    await live_until(chat, datetime(2026, 11, 29, 4, 0, tzinfo=UTC))
    assert summaries(chat, bo) == []
    await live_until(chat, datetime(2026, 11, 29, 4, 30, tzinfo=UTC))
    assert len(summaries(chat, bo)) == 1
    assert "Mon 23 Nov to Sun 29 Nov" in summaries(chat, bo)[0]

    await live_until(chat, datetime(2026, 11, 29, 18, 30, tzinfo=UTC))
    assert summaries(chat, ana) == []
    await live_until(chat, datetime(2026, 11, 29, 19, 0, tzinfo=UTC))
    (summary,) = summaries(chat, ana)
    # Wed to Sat planned; Sunday's session counts once logged (as in /progress).
    assert "Sessions done: 1 of 4 planned." in summary
    assert "Average pain during sessions: 4/10." in summary
    assert "Phase 1 of 4: Protect and move" in summary
    assert "A thin week" in summary
    assert "1 session went above your limit of 3/10" in summary

    await live_until(chat, datetime(2026, 12, 6, 19, 0, tzinfo=UTC))
    assert len(summaries(chat, ana)) == 2, "next Sunday, once"
    assert "Sessions done: 0 of 6 planned." in summaries(chat, ana)[1]
    assert "Average pain" not in summaries(chat, ana)[1]


async def test_a_summary_switched_off_is_not_sent(chat: Chatting) -> None:
    """Turning the weekly summary off in /settings stops it."""
    cy = chat.emulator.new_user()
    await onboard(chat, cy, zone="Europe/London", at="08:00")
    await chat.send(cy, "/settings")
    await chat.press(cy, chat.last(cy), "Turn weekly summary off")
    await live_until(chat, datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    assert summaries(chat, cy) == []


async def test_a_new_zone_moves_the_summary_to_its_sunday_evening(chat: Chatting) -> None:
    """After moving from London to Sydney, the summary comes at 19:00 Sydney time (08:00 UTC)."""
    di = chat.emulator.new_user()
    await onboard(chat, di, zone="Europe/London", at="08:00")
    await chat.send(di, "/settings")
    await chat.press(di, chat.last(di), "Time zone")
    await chat.send(di, "Australia/Sydney")
    await live_until(chat, datetime(2026, 11, 29, 7, 30, tzinfo=UTC))
    assert summaries(chat, di) == []
    await live_until(chat, datetime(2026, 11, 29, 8, 0, tzinfo=UTC))
    assert len(summaries(chat, di)) == 1
    await live_until(chat, datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    assert len(summaries(chat, di)) == 1, "not again at London's evening"


async def test_without_a_physio_the_summary_says_why_one_helps_until_there_is_one(
    chat: Chatting,
) -> None:
    """Someone with no physio reads why one helps under the summary, until they say they have
    one; then it stops."""
    di = chat.emulator.new_user()
    await chat.send(di, "/start")
    await chat.press(di, chat.last(di), "Sudden")
    await chat.answer_safety_questions(di, provider="Not yet")
    await chat.send(di, "Europe/London")
    await chat.press(di, chat.last(di), "Yesterday")
    await chat.press(di, chat.last(di), "One a day")
    await chat.send(di, "08:00")

    chat.clock.advance(datetime(2026, 11, 29, 18, 59, tzinfo=UTC) - chat.clock.now())
    await chat.advance(timedelta(minutes=1))  # Sun 29 Nov, 19:00 in London
    (summary,) = summaries(chat, di)
    assert "Worth booking one" in summary
    await chat.press(di, chat.last(di), "I have a physio now")
    answer = chat.emulator.calls_to("answerCallbackQuery")[-1].params
    assert "keep them in the loop" in str(answer.get("text"))
    assert chat.last(di).buttons == []

    chat.clock.advance(datetime(2026, 12, 6, 18, 59, tzinfo=UTC) - chat.clock.now())
    await chat.advance(timedelta(minutes=1))
    assert len(summaries(chat, di)) == 2
    assert "Worth booking one" not in summaries(chat, di)[1]
