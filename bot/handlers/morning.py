"""The next-morning check: how the thigh feels the day after a session (pain-monitoring model)."""

from __future__ import annotations

from datetime import date

from bot import callbacks
from bot.context import RehabContext
from bot.handlers.button_presses import ButtonHandlers, Press
from bot.handlers.update_io import Handlers, edit, in_reminder_frame
from bot.texts import coaching as coaching_texts
from bot.texts import encouragement
from bot.views.routine_message import render_routine
from coach.mornings import answer_morning
from coach.plan_position import phase_of
from rehab.pain import MorningResponse

buttons = ButtonHandlers()


@buttons.on(callbacks.MORNING)
async def morning_answered(
    press: Press[tuple[date, MorningResponse]], context: RehabContext
) -> None:
    """Store this morning's answer, apply the rule and fold the reply into the message."""
    query, (day, response) = press.query, press.value
    async with context.work() as work:
        feedback, today = await answer_morning(
            work, user_id=press.user_id, day=day, response=response
        )
    await query.answer()
    state = today.state
    if feedback.cause is not None and feedback.stepped_back_from is not None:
        reply = coaching_texts.stepped_back(
            phase_of(state),
            from_phase=feedback.stepped_back_from,
            cause=feedback.cause,
            has_provider=state.has_provider,
            word=encouragement.say(feedback.word),
        )
    else:
        reply = coaching_texts.MORNING_FEEDBACK[feedback.verdict]
    # The routine is shown again as the answer leaves it: lighter after a step back, eased
    # after a worse morning, without the question; a reminder keeps its heading and snooze row.
    routine, markup = in_reminder_frame(press.query, *render_routine(today), today.ref)
    await edit(
        query,
        f"{routine}\n\n{coaching_texts.morning_answered(response, reply)}",
        reply_markup=markup,
    )


def handlers() -> Handlers:
    """The next-morning buttons."""
    return buttons.handlers
