"""Setting up again while a plan runs: the plan goes on until the new setup is finished."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from bot.app import running_bot
from bot.config import Settings
from emulator import BotApiEmulator, ChatMessage, EmulatedUser
from scheduler.clock import ManualClock
from storage import plans
from storage.models import CheckIn, PhaseChange, PhaseChangeReason, Schedule, SetupDraft, User
from tests.e2e.conftest import START, Chatting

# 08:00 in London on the day after the setup.
NEXT_MORNING = START.replace(hour=8) + timedelta(days=1)


async def in_phase_2(chat: Chatting, user: EmulatedUser) -> None:
    """Set the person up in London at 08:00, log a session and move them to phase 2 today."""
    await chat.onboard(user)
    await chat.log_today(user, pain="2")
    async with chat.application.services.sessionmaker() as session, session.begin():
        await plans.change_phase(
            session,
            user_id=user.id,
            to_phase=2,
            reason=PhaseChangeReason.ADVANCE,
            local_date=START.date(),
            now=chat.clock.now(),
        )


async def person(chat: Chatting, user: EmulatedUser) -> User:
    """The person's row as stored now."""
    async with chat.application.services.sessionmaker() as session:
        found = await session.get(User, user.id)
    assert found is not None
    return found


async def counted(chat: Chatting, user: EmulatedUser, model: type[object]) -> int:
    """How many rows of a table are about the person."""
    async with chat.application.services.sessionmaker() as session:
        column = model.user_id  # type: ignore[attr-defined]
        return await session.scalar(select(func.count()).where(column == user.id)) or 0


async def slots(chat: Chatting, user: EmulatedUser) -> list[tuple[str, str]]:
    """The person's reminder slots: local time and next due instant."""
    async with chat.application.services.sessionmaker() as session:
        rows = await session.scalars(select(Schedule).where(Schedule.user_id == user.id))
        return [(row.local_time.isoformat(), row.next_due_at.isoformat()) for row in rows]


async def answer_again(chat: Chatting, user: EmulatedUser, *, onset: str = "Sudden") -> None:
    """Open a new setup from /start and answer up to the time zone (Paris)."""
    await chat.send(user, "/start")
    await chat.press(user, chat.last(user), "Set up again")
    assert "Your plan stays as it is" in chat.texts(user)[-1]
    await chat.press(user, chat.last(user), onset)
    await chat.answer_safety_questions(user)
    await chat.send(user, "Europe/Paris")


def setup_question(chat: Chatting, user: EmulatedUser) -> ChatMessage:
    """The setup's question message as it is now (reminders may have come after it)."""
    asked = [
        message
        for message in chat.emulator.bot_messages(user.id)
        if any((data or "").startswith("ob:") for row in message.buttons for _, data in row)
    ]
    return asked[-1]


async def finish_again(chat: Chatting, user: EmulatedUser) -> None:
    """Answer the questions after the zone: injured yesterday, one session at 09:00."""
    await chat.press(user, setup_question(chat, user), "Yesterday")
    await chat.press(user, setup_question(chat, user), "One a day")
    await chat.send(user, "09:00")


async def test_a_new_setup_then_cancel_keeps_phase_2(chat: Chatting) -> None:
    """/cancel halfway through a new setup leaves phase, history and reminders as they were."""
    ana = chat.emulator.new_user("Ana")
    await in_phase_2(chat, ana)
    await chat.advance(timedelta(days=2))
    await chat.send(ana, "/plan")
    plan_before = chat.texts(ana)[-1]
    assert "Phase 2 of 4" in plan_before
    assert "Day 3 of this phase" in plan_before
    before = (await person(chat, ana), await slots(chat, ana))

    await answer_again(chat, ana)
    assert (await person(chat, ana)).timezone == "Europe/London", "nothing applied yet"
    await chat.send(ana, "/cancel")
    assert "Your plan is as it was: phase 2, day 3" in chat.texts(ana)[-1]

    await chat.send(ana, "/plan")
    assert chat.texts(ana)[-1] == plan_before
    after = await person(chat, ana)
    assert (after.phase, after.phase_started_on, after.timezone, after.status) == (
        before[0].phase,
        before[0].phase_started_on,
        before[0].timezone,
        before[0].status,
    )
    assert await slots(chat, ana) == before[1]
    assert await counted(chat, ana, SetupDraft) == 0
    assert await counted(chat, ana, CheckIn) == 1

    chat.clock.set(NEXT_MORNING + timedelta(days=2))
    await chat.run_dispatcher()
    routine = chat.texts(ana)[-1]
    assert "Phase 2 of 4" in routine, "the reminders go on"


async def test_finish_and_keep_the_phase(chat: Chatting) -> None:
    """At the end the person keeps phase 2, its start day and history; new answers apply."""
    bo = chat.emulator.new_user("Bo")
    await in_phase_2(chat, bo)
    started = (await person(chat, bo)).phase_started_on
    changes = await counted(chat, bo, PhaseChange)
    await chat.advance(timedelta(days=1))

    await answer_again(chat, bo)
    await finish_again(chat, bo)
    question = chat.last(bo)
    assert "Keep your place in the plan?" in (question.text or "")
    assert question.button_data("Keep phase 2 (day 2)") == "ob:keep:keep"
    assert question.button_data("Start over from phase 1") == "ob:keep:over"
    assert (await person(chat, bo)).timezone == "Europe/London", "nothing applied before"

    await chat.press(bo, question, "Keep phase 2")
    summary, routine = chat.texts(bo)[-2:]
    assert "You're all set" in summary
    assert "Your plan goes on in phase 2" in summary
    assert "09:00 (Europe/Paris)" in summary
    assert "Phase 2 of 4" in routine
    kept = await person(chat, bo)
    assert (kept.phase, kept.phase_started_on, kept.timezone) == (2, started, "Europe/Paris")
    assert await counted(chat, bo, PhaseChange) == changes
    assert await counted(chat, bo, CheckIn) == 1
    assert await counted(chat, bo, SetupDraft) == 0
    assert [at for at, _ in await slots(chat, bo)] == ["09:00:00"]


async def test_finish_and_start_over(chat: Chatting) -> None:
    """Starting over puts the person in phase 1 today, with the old history kept."""
    cy = chat.emulator.new_user("Cy")
    await in_phase_2(chat, cy)
    await chat.advance(timedelta(days=1))
    await answer_again(chat, cy)
    await finish_again(chat, cy)
    await chat.press(cy, chat.last(cy), "Start over from phase 1")
    summary, routine = chat.texts(cy)[-2:]
    assert "Starting over from phase 1 (you were in phase 2)" in summary
    assert "Phase 1 of 4" in routine
    restarted = await person(chat, cy)
    assert (restarted.phase, restarted.phase_started_on) == (1, date(2026, 11, 26))
    assert await counted(chat, cy, CheckIn) == 1
    assert await counted(chat, cy, PhaseChange) == 3, "start, advance, start again"


async def test_a_new_onset_starts_over_in_its_track(chat: Chatting) -> None:
    """Sudden to gradual is another track: the plan starts over there, saying so, unasked."""
    di = chat.emulator.new_user("Di")
    await in_phase_2(chat, di)
    await answer_again(chat, di, onset="Gradual")
    await finish_again(chat, di)
    summary, routine = chat.texts(di)[-2:]
    assert "different kind of strain" in summary
    assert "you were in phase 2 of the other one" in summary
    assert "Phase 1 of 3" in routine
    assert (await person(chat, di)).phase == 1


async def test_unchecked_warning_signs_in_a_new_setup_hold_the_plan(chat: Chatting) -> None:
    """A warning sign not yet checked by a professional stops the setup and holds the plan."""
    ed = chat.emulator.new_user("Ed")
    await in_phase_2(chat, ed)
    await chat.send(ed, "/start")
    await chat.press(ed, chat.last(ed), "Set up again")
    await chat.press(ed, chat.last(ed), "Sudden")
    await chat.press(ed, chat.last(ed), "Yes")
    while "safety check" in (chat.last(ed).text or ""):
        await chat.press(ed, chat.last(ed), "No")
    await chat.press(ed, chat.last(ed), "checked first")
    assert "your plan is on hold" in chat.texts(ed)[-1]
    held = await person(chat, ed)
    assert held.hold_since is not None
    assert (held.phase, held.timezone) == (2, "Europe/London")
    assert await counted(chat, ed, SetupDraft) == 0


async def test_cancel_with_nothing_open_says_so_and_help_lists_it(chat: Chatting) -> None:
    """/cancel outside a setup or settings question answers helpfully; /help lists /cancel."""
    fay = chat.emulator.new_user("Fay")
    await chat.send(fay, "/cancel")
    assert "nothing to stop" in chat.texts(fay)[-1]
    await chat.onboard(fay)
    await chat.send(fay, "/cancel")
    assert "nothing to stop" in chat.texts(fay)[-1]
    await chat.send(fay, "/help")
    assert "/cancel: stop the setup or a settings question" in chat.texts(fay)[-1]


async def test_a_restart_during_a_new_setup_keeps_the_draft_and_the_plan(
    e2e_settings: Settings, clock: ManualClock, emulator: BotApiEmulator
) -> None:
    """Stopped halfway through a new setup, the bot comes back with both: the reminders of the
    old plan still come, and the next answer carries the new setup on to its end."""
    gus = emulator.new_user(first_name="Gus")
    async with running_bot(e2e_settings, clock=clock) as application:
        first = Chatting(emulator, application, clock)
        await in_phase_2(first, gus)
        await answer_again(first, gus)

    clock.set(NEXT_MORNING)
    async with running_bot(e2e_settings, clock=clock) as application:
        second = Chatting(emulator, application, clock)
        old = await person(second, gus)
        assert (old.phase, old.timezone) == (2, "Europe/London")
        async with application.services.sessionmaker() as session:
            draft = await session.get(SetupDraft, gus.id)
        assert draft is not None
        assert draft.timezone == "Europe/Paris"

        await second.run_dispatcher()
        assert "Phase 2 of 4" in second.texts(gus)[-1], "the old plan's reminder came"
        await finish_again(second, gus)
        await second.press(gus, second.last(gus), "Keep phase 2 (day 2)")
        assert "Your plan goes on in phase 2" in second.texts(gus)[-2]
        assert (await person(second, gus)).timezone == "Europe/Paris"
    assert emulator.unanswered_callback_queries() == []
