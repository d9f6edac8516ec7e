"""/plan, the criteria check that moves a person to the next phase, and the maintenance after
the last one."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot import callbacks
from bot.context import RehabContext
from bot.handlers.update_io import edit, own_press, refusals_answered, send_routine, sent_message
from bot.texts import coaching as coaching_texts
from bot.texts import maintenance as maintenance_texts
from bot.texts import safety as safety_texts
from bot.views import keyboards
from bot.views.routine_message import render_routine
from coach import maintenance
from coach.phase_check import NextQuestion, answer_criterion, standing
from coach.plan_position import day_in_phase, phase_of, track_of
from rehab.progression import Outcome


@refusals_answered
async def plan(update: Update, context: RehabContext) -> None:
    """Show the track, the phase and day in it, what comes next and the criteria to get there."""
    message, user_id = sent_message(update)
    async with context.work() as work:
        now = await standing(work, user_id=user_id)
    state = now.state
    if state.maintenance_since is not None and now.on_hold_since is None:
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
    if now.on_hold_since is not None:
        # No check to move on while on hold: the answers that end the hold instead.
        await message.reply_text(
            f"{overview}\n\n{escape(safety_texts.on_hold(now.on_hold_since))}",
            reply_markup=keyboards.seen_keyboard(),
        )
        return
    await message.reply_text(overview, reply_markup=keyboards.plan_keyboard(state.phase))


@refusals_answered
async def criterion_answered(update: Update, context: RehabContext) -> None:
    """Ask the next criterion, or decide once all are answered.

    The phase and the answers so far travel in the button, so a restart loses nothing and a
    button from before a phase change is recognised as out of date (its buttons stay: after a
    quick double press, the message is already being edited).
    """
    query = own_press(update)
    phase_number, answers = callbacks.CRITERION.decode(query.data)
    async with context.work() as work:
        step = await answer_criterion(
            work, user_id=query.from_user.id, phase_number=phase_number, answers=answers
        )
    await query.answer()
    if isinstance(step, NextQuestion):
        await edit(
            query,
            coaching_texts.criterion_question(step.phase, step.index),
            reply_markup=keyboards.criterion_keyboard(phase_number, answers),
        )
        return
    await edit(query, coaching_texts.decision_text(step.decision, track_of(step.state)))
    if query.message is None:
        return
    if step.routine is not None:
        await send_routine(context.bot, query.message.chat.id, *render_routine(step.routine))
    if step.decision.outcome is Outcome.COMPLETED:
        await context.bot.send_message(
            query.message.chat.id,
            maintenance_texts.ASK_SIGN_OFF,
            reply_markup=keyboards.sign_off_keyboard(),
        )


@refusals_answered
async def weekly_switched(update: Update, context: RehabContext) -> None:
    """Stop the weekly maintenance sessions, or start them again."""
    query = own_press(update)
    on = callbacks.WEEKLY.decode(query.data)
    async with context.work() as work:
        weekly = await maintenance.set_weekly(work, user_id=query.from_user.id, on=on)
    await query.answer()
    said = maintenance_texts.WEEKLY_STOPPED
    if on:
        said = maintenance_texts.weekly_started(weekly.next_due, zone=weekly.zone)
    await edit(query, said, reply_markup=keyboards.weekly_keyboard(weekly=on))


@refusals_answered
async def sign_off_answered(update: Update, context: RehabContext) -> None:
    """Record whether a professional signed off the return to full sport."""
    query = own_press(update)
    signed = callbacks.SIGN_OFF.decode(query.data)
    async with context.work() as work:
        await maintenance.sign_off(work, user_id=query.from_user.id, signed=signed)
    await query.answer()
    said = maintenance_texts.SIGNED_OFF if signed else maintenance_texts.NOT_SIGNED_OFF
    await edit(query, f"{maintenance_texts.ASK_SIGN_OFF}\n\n✓ {said}")


def handlers() -> list[CallbackQueryHandler[RehabContext, None]]:
    """The criteria check's buttons."""
    return [
        CallbackQueryHandler(criterion_answered, pattern=callbacks.CRITERION.matches),
        CallbackQueryHandler(weekly_switched, pattern=callbacks.WEEKLY.matches),
        CallbackQueryHandler(sign_off_answered, pattern=callbacks.SIGN_OFF.matches),
    ]
