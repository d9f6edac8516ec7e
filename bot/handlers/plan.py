"""/plan, the criteria check that moves a person to the next phase, and the maintenance after
the last one."""

from __future__ import annotations

from html import escape

from telegram import Update

from bot import callbacks
from bot.context import RehabContext
from bot.handlers.button_presses import ButtonHandlers, Press
from bot.handlers.picture_album import send_first_routine
from bot.handlers.update_io import Handlers, edit, refusals_answered, sent_message
from bot.texts import coaching as coaching_texts
from bot.texts import encouragement
from bot.texts import maintenance as maintenance_texts
from bot.texts import safety as safety_texts
from bot.views import keyboards
from coach import maintenance
from coach.phase_check import NextQuestion, answer_criterion, standing
from coach.plan_position import day_in_phase, phase_of, track_of
from rehab.progression import Outcome

buttons = ButtonHandlers()


@refusals_answered
async def plan(update: Update, context: RehabContext) -> None:
    """Show the track, the phase and day in it, what comes next and the criteria to get there."""
    message, user_id = sent_message(update)
    async with context.work() as work:
        now = await standing(work, user_id=user_id)
    state = now.state
    if state.maintenance_since is not None and state.hold_day is None:
        await message.reply_text(
            maintenance_texts.overview(
                track_of(state), since=state.maintenance_since, weekly=state.maintenance_weekly
            ),
            reply_markup=keyboards.weekly_keyboard(weekly=state.maintenance_weekly),
        )
        return
    overview = coaching_texts.plan_overview(
        track_of(state),
        phase_of(state),
        day_in_phase=day_in_phase(state, now.today),
        started_on=state.phase_started_on,
        today=now.today,
        retry_from=state.check_again_on,
    )
    if state.hold_day is not None:
        # No check to move on while on hold: the answers that end the hold instead.
        await message.reply_text(
            f"{overview}\n\n{escape(safety_texts.on_hold(state.hold_day))}",
            reply_markup=keyboards.seen_keyboard(),
        )
        return
    await message.reply_text(overview, reply_markup=keyboards.plan_keyboard(state.phase))


@buttons.on(callbacks.CRITERION)
async def criterion_answered(
    press: Press[tuple[int, tuple[bool, ...]]], context: RehabContext
) -> None:
    """Ask the next criterion, or decide once all are answered.

    The phase and the answers so far travel in the button, so a restart loses nothing and a
    button from before a phase change is recognised as out of date (its buttons stay: after a
    quick double press, the message is already being edited).
    """
    query, (phase_number, answers) = press.query, press.value
    async with context.work() as work:
        step = await answer_criterion(
            work, user_id=press.user_id, phase_number=phase_number, answers=answers
        )
    await query.answer()
    if isinstance(step, NextQuestion):
        await edit(
            query,
            coaching_texts.criterion_question(step.phase, step.index),
            reply_markup=keyboards.criterion_keyboard(phase_number, answers),
        )
        return
    decided = coaching_texts.decision_text(
        step.decision, track_of(step.state), word=encouragement.say(step.word)
    )
    await edit(query, decided)
    if step.routine is not None:
        await send_first_routine(context, press.chat_id, step.routine)
    if step.decision.outcome is Outcome.COMPLETED:
        await context.bot.send_message(
            press.chat_id,
            maintenance_texts.ASK_SIGN_OFF,
            reply_markup=keyboards.sign_off_keyboard(),
        )


@buttons.on(callbacks.WEEKLY)
async def weekly_switched(press: Press[bool], context: RehabContext) -> None:
    """Stop the weekly maintenance sessions, or start them again."""
    async with context.work() as work:
        weekly = await maintenance.set_weekly(work, user_id=press.user_id, on=press.value)
    said = maintenance_texts.WEEKLY_STOPPED
    if press.value:
        said = maintenance_texts.weekly_started(weekly.next_due, zone=weekly.zone)
    await press.show(said, keyboards.weekly_keyboard(weekly=press.value))


@buttons.on(callbacks.SIGN_OFF)
async def sign_off_answered(press: Press[bool], context: RehabContext) -> None:
    """Record whether a professional signed off the return to full sport."""
    async with context.work() as work:
        await maintenance.sign_off(work, user_id=press.user_id, signed=press.value)
    said = maintenance_texts.SIGNED_OFF if press.value else maintenance_texts.NOT_SIGNED_OFF
    await press.show(f"{maintenance_texts.ASK_SIGN_OFF}\n\n✓ {said}")


def handlers() -> Handlers:
    """The criteria check's buttons."""
    return buttons.handlers
