"""The protocol through the real bot: phases, criteria checks, pain rules, safety and endurance."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from emulator import EmulatedUser
from storage import plans
from storage.models import CheckIn, FlagKind, PhaseChange, PhaseChangeReason, SafetyFlag, User
from tests.e2e.conftest import Chatting


async def onboard(chat: Chatting, user: EmulatedUser, *, onset: str = "Sudden") -> None:
    """Set a person up in London with a 07:00 reminder."""
    await chat.onboard(user, onset=onset, times=("07:00",))


async def log_session(chat: Chatting, user: EmulatedUser, *, pain: str) -> None:
    """Open today's routine and log it as done with a pain level."""
    await chat.log_today(user, pain=pain)


async def log_days(chat: Chatting, user: EmulatedUser, *, days: int, pain: str = "1") -> None:
    """Log a session on each of the coming days, moving the clock a day after each."""
    for _ in range(days):
        await log_session(chat, user, pain=pain)
        chat.clock.advance(timedelta(days=1))


def last_answer(chat: Chatting) -> str:
    """The text of the bot's last answer to a button press."""
    return str(chat.emulator.calls_to("answerCallbackQuery")[-1].params.get("text", ""))


async def stored_user(chat: Chatting, user: EmulatedUser) -> User:
    async with chat.application.services.sessionmaker() as session:
        row = await session.get(User, user.id)
    assert row is not None
    return row


async def test_passing_the_criteria_check_moves_an_acute_user_to_phase_2(chat: Chatting) -> None:
    """Too early, the check says when; after the minimum days, all yes moves to phase 2."""
    ana = chat.emulator.new_user()
    await onboard(chat, ana)
    await chat.send(ana, "/plan")
    overview = chat.last(ana)
    assert "Phase 1 of 4: Protect and move" in (overview.text or "")
    assert "Next: phase 2, Load and speed" in (overview.text or "")
    assert "Can you walk" in (overview.text or "")
    await chat.press(ana, overview, "Am I ready")
    assert "at least 5 days" in last_answer(chat)
    assert (await stored_user(chat, ana)).phase == 1

    await log_days(chat, ana, days=5)
    await chat.send(ana, "/plan")
    check = chat.last(ana)
    await chat.press(ana, check, "Am I ready")
    for _ in range(2):
        assert "Question" in (chat.last(ana).text or "")
        await chat.press(ana, chat.last(ana), "Yes")
    last_question = chat.last(ana)
    assert "Question 3 of 3" in (last_question.text or "")
    # A quick double press of the last answer: the second finds the phase already changed.
    yes = last_question.button_data("Yes")
    first = chat.emulator.press_button(ana, last_question.message_id, yes)
    second = chat.emulator.press_button(ana, last_question.message_id, yes)
    await chat.settle(first)
    await chat.settle(second)
    assert "out of date" in last_answer(chat)
    decision, routine = chat.conversation(ana)[-2:]
    assert decision.message_id == check.message_id, "the check edits the /plan message"
    assert "moving on to phase 2, Load and speed" in (decision.text or "")
    assert "Phase 2 of 4" in (routine.text or "")
    assert "windmill touches" in (routine.text or "")
    assert routine.button_data("Log this session") == "log:20261130:1"
    user = await stored_user(chat, ana)
    assert (user.phase, user.phase_started_on.isoformat() if user.phase_started_on else None) == (
        2,
        "2026-11-30",
    )
    new_routines = [text for text in chat.texts(ana) if "Phase 2 of 4" in text]
    assert len(new_routines) == 1, "one new routine, not two"


async def test_a_no_to_a_criterion_keeps_the_phase_and_says_what_is_missing(
    chat: Chatting,
) -> None:
    """Answering no names the missing criterion and when to check again."""
    bo = chat.emulator.new_user()
    await onboard(chat, bo)
    await log_days(chat, bo, days=6)
    await chat.send(bo, "/plan")
    await chat.press(bo, chat.last(bo), "Am I ready")
    await chat.press(bo, chat.last(bo), "Yes")
    await chat.press(bo, chat.last(bo), "No, not yet")
    await chat.press(bo, chat.last(bo), "Yes")
    text = chat.texts(bo)[-1]
    assert "Not quite yet" in text
    assert "jog" in text
    assert "check again on Fri 4 Dec" in text
    assert "Plateaus are common" in text
    assert (await stored_user(chat, bo)).phase == 1

    await chat.send(bo, "/plan")
    assert "the next one opens on Fri 4 Dec" in chat.texts(bo)[-1]
    await chat.press(bo, chat.last(bo), "Am I ready")
    assert "try again on Fri 4 Dec" in last_answer(chat), "a failed check cannot be rerun at once"


async def test_the_check_waits_for_enough_sessions_and_for_pain_within_the_limit(
    chat: Chatting,
) -> None:
    """Days alone do not open the check: two thirds of the sessions must be done, and no
    session in the last three days above the pain limit."""
    cy = chat.emulator.new_user()
    await onboard(chat, cy)
    chat.clock.advance(timedelta(days=8))
    await chat.send(cy, "/plan")
    await chat.press(cy, chat.last(cy), "Am I ready")
    assert "two thirds of this phase's sessions" in last_answer(chat)

    await log_days(chat, cy, days=16)
    await log_session(chat, cy, pain="5")  # Sat 19 Dec, above the limit of 3
    chat.clock.advance(timedelta(days=1))
    await chat.send(cy, "/plan")
    await chat.press(cy, chat.last(cy), "Am I ready")
    assert "above your pain limit" in last_answer(chat)
    assert "opens again on Tue 22 Dec" in last_answer(chat)
    await log_days(chat, cy, days=2)
    await chat.send(cy, "/plan")
    await chat.press(cy, chat.last(cy), "Am I ready")
    assert "Question 1 of 3" in (chat.last(cy).text or "")


async def test_pain_above_the_limit_twice_in_a_row_steps_back_a_phase(chat: Chatting) -> None:
    """Once: ease off. Twice in a row: hold, step back a phase, suggest the provider."""
    cy = chat.emulator.new_user()
    await onboard(chat, cy)
    async with chat.application.services.sessionmaker() as session, session.begin():
        await plans.change_phase(
            session,
            user_id=cy.id,
            to_phase=2,
            reason=PhaseChangeReason.ADVANCE,
            local_date=chat.clock.now().date(),
            now=chat.clock.now(),
        )
    chat.clock.advance(timedelta(minutes=10))
    await log_session(chat, cy, pain="5")
    assert "more than your limit of 3/10" in chat.texts(cy)[-1]
    assert (await stored_user(chat, cy)).phase == 2

    chat.clock.advance(timedelta(days=1))
    await log_session(chat, cy, pain="4")
    text, lighter = chat.texts(cy)[-2:]
    assert "Let's take a step back" in text
    assert "Pain has been above your limit in two sessions in a row" in text
    assert "Your next session, lighter" in lighter
    assert "Phase 1 of 4" in lighter
    assert "Eased doses for now" in lighter
    assert "This morning" not in lighter, "tomorrow's morning question waits for tomorrow"
    assert "phase 1, Protect and move" in text
    assert "physio or sports physician" in text
    assert "no reason to lose heart" in text
    assert (await stored_user(chat, cy)).phase == 1
    async with chat.application.services.sessionmaker() as session:
        flags = (await session.scalars(select(SafetyFlag.kind))).all()
        reasons = (await session.scalars(select(PhaseChange.reason))).all()
    assert list(flags) == [FlagKind.STEP_BACK]
    assert list(reasons) == [
        PhaseChangeReason.START,
        PhaseChangeReason.ADVANCE,
        PhaseChangeReason.STEP_BACK,
    ]

    chat.clock.advance(timedelta(days=1))
    await log_session(chat, cy, pain="4")
    assert "more than your limit" in chat.texts(cy)[-1], "the count starts again after a step"
    assert (await stored_user(chat, cy)).phase == 1, "and phase 1 is as far back as it goes"


async def test_pain_8_means_stop_and_is_kept_as_a_flag(chat: Chatting) -> None:
    """Pain of 8 tells the person to stop and see a professional, with no further questions."""
    di = chat.emulator.new_user()
    await onboard(chat, di)
    await log_session(chat, di, pain="8")
    text = chat.texts(di)[-1]
    assert "stop the exercises" in text
    assert "physiotherapist or doctor" in text
    assert chat.last(di).buttons == []
    async with chat.application.services.sessionmaker() as session:
        flags = (await session.scalars(select(SafetyFlag.kind))).all()
    assert list(flags) == [FlagKind.PAIN_STOP]


async def test_a_warning_sign_during_a_session_sends_the_person_to_a_professional(
    chat: Chatting,
) -> None:
    """The warning-sign button stops the session and stores a red flag."""
    eve = chat.emulator.new_user()
    await onboard(chat, eve, onset="Gradual")
    await chat.send(eve, "/today")
    await chat.press(eve, chat.last(eve), "Log this session")
    await chat.press(eve, chat.last(eve), "Partly")
    await chat.press(eve, chat.last(eve), "warning sign")
    text = chat.texts(eve)[-1]
    assert "see a physiotherapist or doctor now" in text
    assert "tingling" in text
    async with chat.application.services.sessionmaker() as session:
        flags = (await session.scalars(select(SafetyFlag.kind))).all()
        check_in = await session.scalar(select(CheckIn))
    assert list(flags) == [FlagKind.RED_FLAG]
    assert check_in is not None
    assert (check_in.outcome.value, check_in.pain) == ("partly", None)


async def test_a_warning_sign_at_setup_asks_for_a_professional_first(chat: Chatting) -> None:
    """A yes in the safety check stops setup until a professional has cleared the person."""
    fay = chat.emulator.new_user()
    await chat.send(fay, "/start")
    await chat.press(fay, chat.last(fay), "Sudden")
    await answer_signs(chat, fay, yes_to=(0, 2))
    stop = chat.texts(fay)[-1]
    assert "checked by a physiotherapist or doctor before you start" in stop
    assert "A heard pop" in stop
    assert "Numbness or tingling" in stop
    assert "Large bruising" not in stop
    await chat.press(fay, chat.last(fay), "get it checked first")
    assert "Send /start once a professional has checked it" in chat.texts(fay)[-1]
    await chat.send(fay, "/today")
    assert "not set up your plan" in chat.texts(fay)[-1]

    await chat.send(fay, "/start")
    await chat.press(fay, chat.last(fay), "Sudden")
    await answer_signs(chat, fay, yes_to=(1,))
    await chat.press(fay, chat.last(fay), "checked and may exercise")
    assert "How much pain is acceptable" in chat.texts(fay)[-1]
    async with chat.application.services.sessionmaker() as session:
        flags = (await session.scalars(select(SafetyFlag.detail))).all()
    assert list(flags) == [
        "at setup: pop_with_gap",
        "at setup: nerve_symptoms",
        "at setup: large_bruise",
    ]
    await chat.press(fay, chat.last(fay), "(usual)")
    await chat.send(fay, "Europe/London")
    await chat.press(fay, chat.last(fay), "Yesterday")
    await chat.press(fay, chat.last(fay), "One a day")
    await chat.send(fay, "08:00")
    summary, routine = chat.texts(fay)[-2:]
    assert "A gentler first week" in summary
    assert "Eased doses for now" in routine
    assert "Extender: 2 x 8" in routine


async def answer_signs(chat: Chatting, user: EmulatedUser, *, yes_to: tuple[int, ...]) -> None:
    """Answer the setup's warning signs one by one: yes to those numbered (from 0)."""
    for number in range(5):
        await chat.press(user, chat.last(user), "Yes, I have this" if number in yes_to else "No")


async def test_worse_next_morning_twice_in_a_week_steps_back(chat: Chatting) -> None:
    """The first reminder after a session asks about the morning; worse twice holds progress."""
    gus = chat.emulator.new_user()
    await onboard(chat, gus, onset="Gradual")
    await log_session(chat, gus, pain="3")
    await chat.advance(timedelta(days=1, hours=1))  # 07:00 London the next day
    reminder = chat.last(gus)
    assert "compared with before yesterday's session" in (reminder.text or "")
    await chat.press(gus, reminder, "Worse")
    edited = chat.last(gus)
    assert edited.message_id == reminder.message_id
    assert "This morning: worse" in (edited.text or "")
    assert "ease off today" in (edited.text or "")
    assert edited.button_data("Log this session") == "log:20261126:1"

    await chat.press(gus, edited, "Log this session")
    await chat.press(gus, chat.last(gus), "Done")
    await chat.press(gus, chat.last(gus), "2")
    await chat.advance(timedelta(days=1))
    await chat.press(gus, chat.last(gus), "Worse")
    held = chat.texts(gus)[-1]
    assert "Let's take a step back" in held
    assert "worse the next morning twice this week" in held, "the reason is the mornings"
    assert "holding your progress in phase 1" in held, "in phase 1: held, not moved"
    assert "moving you to phase 1" not in held
    assert "Phase 1 of 3: Relative rest" in held
    assert "day 3" in held, "the days go on"
    assert "Eased doses for now" in held, "the routine above is the eased one"
    async with chat.application.services.sessionmaker() as session:
        flags = (await session.scalars(select(SafetyFlag.kind))).all()
        reasons = (await session.scalars(select(PhaseChange.reason))).all()
    assert list(flags) == [FlagKind.STEP_BACK]
    assert list(reasons) == [PhaseChangeReason.START]


async def test_endurance_minutes_can_be_typed(chat: Chatting) -> None:
    """A typed number adds endurance minutes to the latest logged session."""
    hal = chat.emulator.new_user()
    await onboard(chat, hal)
    await chat.send(hal, "45")
    assert "Is 45 the minutes of exercise" in chat.texts(hal)[-1]
    await chat.press(hal, chat.last(hal), "45 min of exercise")
    assert "log a session first" in last_answer(chat)
    await log_session(chat, hal, pain="1")
    await chat.press(hal, chat.last(hal), "Type a number")
    assert "like 45" in last_answer(chat)
    await chat.send(hal, "9999")
    assert "more than 5 hours" in chat.texts(hal)[-1]
    await chat.send(hal, "301")
    assert "from 0 to 300" in chat.texts(hal)[-1], "a bound people are told"
    await chat.send(hal, "40 min")
    assert "Noted: 40 min of endurance training for Wed 25 Nov." in chat.texts(hal)[-1], "one a day"
    async with chat.application.services.sessionmaker() as session:
        minutes = await session.scalar(select(CheckIn.endurance_minutes))
    assert minutes == 40


async def test_about_says_what_the_bot_is_and_lists_the_sources(chat: Chatting) -> None:
    """/about works for anyone and cites every source."""
    ivy = chat.emulator.new_user()
    await chat.send(ivy, "/about")
    text = chat.texts(ivy)[-1]
    assert "coach, not a clinician" in text
    assert "Heiderscheit" in text
    assert "Askling" in text
    assert "heiderscheit2010" not in text, "the code's short keys are not for people"
