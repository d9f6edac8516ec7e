"""/plan and the criteria check that moves a person to the next phase."""

from __future__ import annotations

from telegram import CallbackQuery, Update
from telegram.ext import CallbackQueryHandler

from bot import keyboards, texts
from bot.coaching import day_in_phase, phase_of, track_of, try_next_phase
from bot.context import RehabContext
from bot.handlers.replies import edit
from bot.keyboards import SessionRef
from bot.routines import routine_message, send_routine
from bot.texts import coaching as coaching_texts
from rehab.progression import Outcome
from storage import plans


async def plan(update: Update, context: RehabContext) -> None:
    """Show the track, the phase and day in it, what comes next and the criteria to get there."""
    message, person = update.effective_message, update.effective_user
    if message is None or person is None:
        return
    async with context.db() as session:
        state = await plans.plan_state(session, user_id=person.id)
    if state is None:
        await message.reply_text(texts.NOT_SET_UP)
        return
    today = context.local_today(state.timezone)
    await message.reply_text(
        coaching_texts.plan_overview(
            track_of(state),
            phase_of(state),
            day_in_phase=day_in_phase(state, today),
            started_on=state.phase_started_on,
            today=today,
        ),
        reply_markup=keyboards.plan_keyboard(state.phase),
    )


async def criterion_answered(update: Update, context: RehabContext) -> None:
    """Ask the next criterion, or decide once all are answered.

    The phase and the answers so far travel in the button, so a restart loses nothing and a
    button from before a phase change is recognised as out of date.
    """
    query = update.callback_query
    if query is None:
        return
    if query.message is None or query.message.chat.id != query.from_user.id:
        await query.answer(texts.NOT_YOUR_BUTTON, show_alert=True)
        return
    _, phase_number, answers = (query.data or "").split(":")
    async with context.db() as session:
        state = await plans.plan_state(session, user_id=query.from_user.id)
    if state is None:
        await query.answer(texts.NOT_SET_UP, show_alert=True)
        return
    phase = phase_of(state)
    if int(phase_number) != state.phase or len(answers) > len(phase.criteria):
        # The buttons stay: after a quick double press, the message is already being edited.
        await query.answer(coaching_texts.CHECK_OUT_OF_DATE, show_alert=True)
        return
    today = context.local_today(state.timezone)
    if not answers and day_in_phase(state, today) < phase.min_days:
        await query.answer(coaching_texts.too_early(phase, state.phase_started_on), show_alert=True)
        return
    await query.answer()
    if len(answers) < len(phase.criteria):
        await edit(
            query,
            coaching_texts.criterion_question(phase, len(answers)),
            reply_markup=keyboards.criterion_keyboard(state.phase, answers),
        )
        return
    await _decide(query, context, answers)


async def _decide(query: CallbackQuery, context: RehabContext, answers: str) -> None:
    now = context.services.clock.now()
    async with context.db() as session, session.begin():
        state = await plans.plan_state(session, user_id=query.from_user.id)
        if state is None:
            raise LookupError(f"user {query.from_user.id} lost their plan mid-check")
        criteria = phase_of(state).criteria
        today = context.local_today(state.timezone)
        decision = await try_next_phase(
            session,
            state,
            answers={c.key: a == "y" for c, a in zip(criteria, answers, strict=True)},
            today=today,
            now=now,
        )
        routine = None
        if decision.outcome is Outcome.ADVANCED:
            state = await plans.plan_state(session, user_id=state.user_id) or state
            routine = await routine_message(session, state, SessionRef(today, 1))
    await edit(query, coaching_texts.decision_text(decision, track_of(state)))
    if routine is not None and query.message is not None:
        await send_routine(context.bot, query.message.chat.id, *routine)


def handlers() -> list[CallbackQueryHandler[RehabContext, None]]:
    """The criteria check's buttons."""
    return [CallbackQueryHandler(criterion_answered, pattern=r"^crit:\d{1,2}:[yn]{0,12}$")]
