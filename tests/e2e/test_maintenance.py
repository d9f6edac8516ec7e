"""After the last phase, through the real bot: daily routines stop, a weekly maintenance
session comes instead, the sport sign-off is asked and recorded, and the sessions can stop."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from emulator import EmulatedUser
from rehab.injury import SessionOutcome
from storage import check_ins, plans
from storage.models import FlagKind, PhaseChangeReason, SafetyFlag
from tests.e2e.conftest import Chatting

WEEKLY = "weekly maintenance session"
SUDDEN_LAST_PHASE = 4


async def in_last_phase_for_three_weeks(chat: Chatting, user: EmulatedUser, phase: int) -> None:
    """Put a set-up person in their last phase since 21 days, a session done on each day; on
    the sudden track, with the Nordic build-up begun in phase 3 ten weeks ago."""
    today = chat.clock.now().date()
    async with chat.application.services.sessionmaker() as session, session.begin():
        if phase == SUDDEN_LAST_PHASE:
            await plans.change_phase(
                session,
                user_id=user.id,
                to_phase=phase - 1,
                reason=PhaseChangeReason.ADVANCE,
                local_date=today - timedelta(weeks=10),
                now=chat.clock.now(),
            )
        await plans.change_phase(
            session,
            user_id=user.id,
            to_phase=phase,
            reason=PhaseChangeReason.ADVANCE,
            local_date=today - timedelta(days=21),
            now=chat.clock.now(),
        )
        for days_ago in range(1, 22):
            await check_ins.record_check_in(
                session,
                user_id=user.id,
                local_date=today - timedelta(days=days_ago),
                session_number=1,
                outcome=SessionOutcome.DONE,
                pain=1,
                now=chat.clock.now(),
            )


async def finish_the_programme(chat: Chatting, user: EmulatedUser) -> None:
    """Pass the last phase's check from /plan."""
    await chat.send(user, "/plan")
    await chat.press(user, chat.last(user), "Am I ready")
    while "Question" in (chat.last(user).text or ""):
        await chat.press(user, chat.last(user), "Yes")


async def test_after_the_last_phase_a_weekly_session_replaces_the_daily_routine(
    chat: Chatting,
) -> None:
    """Finishing asks for the sign-off; then no daily reminder, nudge or summary, one weekly
    session with the Nordic exercise, and /plan can stop it."""
    ana = chat.emulator.new_user()
    await chat.onboard(ana)  # 08:00 in London
    await in_last_phase_for_three_weeks(chat, ana, phase=4)
    await finish_the_programme(chat, ana)
    decision, question = chat.texts(ana)[-2:]
    assert "finished the programme" in decision
    assert "The daily routines stop" in decision
    assert "signed off your return to full sport" in question
    await chat.press(ana, chat.last(ana), "Yes, signed off")
    assert "cleared for full sport" in chat.texts(ana)[-1]

    before = len(chat.texts(ana))
    await chat.advance(timedelta(hours=2))  # Wed 25 Nov, 08:00
    for _ in range(6):  # Thu 26 Nov to Tue 1 Dec, 08:00 each day
        await chat.advance(timedelta(days=1))
    assert chat.texts(ana)[before:] == [], "no daily reminder, nudge or weekly summary"
    await chat.advance(timedelta(days=1))  # Wed 2 Dec, 08:00: a week after finishing
    (weekly,) = chat.texts(ana)[before:]
    assert WEEKLY in weekly
    assert "Nordic" in weekly
    assert "one strain in three comes back" in weekly
    assert "log:20261202:1" in str(chat.last(ana).buttons)

    await chat.send(ana, "/plan")
    assert "Now: maintenance" in chat.texts(ana)[-1]
    await chat.press(ana, chat.last(ana), "Stop the weekly sessions")
    assert "Weekly sessions stopped" in chat.texts(ana)[-1]
    before = len(chat.texts(ana))
    await chat.advance(timedelta(days=7))
    assert chat.texts(ana)[before:] == []
    await chat.press(ana, chat.last(ana), "Start the weekly sessions again")
    assert "The next one comes on Wed 16 Dec at 08:00" in chat.texts(ana)[-1]

    async with chat.application.services.sessionmaker() as session:
        flags = (await session.scalars(select(SafetyFlag.kind))).all()
    assert list(flags) == [FlagKind.SPORT_SIGNED_OFF]


async def test_the_gradual_track_has_its_own_maintenance(chat: Chatting) -> None:
    """No Nordic exercise the person never had: the gradual track keeps its own loading."""
    bo = chat.emulator.new_user()
    await chat.onboard(bo, onset="Gradual")
    await in_last_phase_for_three_weeks(chat, bo, phase=3)
    await finish_the_programme(chat, bo)
    await chat.press(bo, chat.last(bo), "Not yet")
    assert "have it checked before full training" in chat.texts(bo)[-1]
    await chat.send(bo, "/today")
    today = chat.texts(bo)[-1]
    assert "maintenance session" in today
    assert "deadlift" in today.lower()
    assert "Nordic" not in today
