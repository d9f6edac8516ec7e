"""Commands outside onboarding: /today, /help and /about."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.context import RehabContext
from bot.keyboards import SessionRef
from bot.routines import routine_message, send_routine
from bot.texts import coaching as coaching_texts
from rehab.content import load_protocol
from storage import check_ins, plans


async def help_command(update: Update, context: RehabContext) -> None:
    """List what the bot can do."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.HELP)


async def about(update: Update, context: RehabContext) -> None:
    """Say what the bot is and is not, and list the sources."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(coaching_texts.about(load_protocol()))


async def today(update: Update, context: RehabContext) -> None:
    """Show today's next session (the first, or the second once the first is logged)."""
    message, person = update.effective_message, update.effective_user
    if message is None or person is None:
        return
    async with context.db() as session:
        state = await plans.plan_state(session, user_id=person.id)
    if state is None:
        await message.reply_text(texts.NOT_SET_UP)
        return
    async with context.db() as session:
        day = context.local_today(state.timezone)
        logged = {
            e.session
            for e in await check_ins.check_ins_on(session, user_id=person.id, local_date=day)
        }
        number = 2 if state.sessions_per_day == 2 and 1 in logged and 2 not in logged else 1
        html, markup = await routine_message(session, state, SessionRef(day, number))
    await send_routine(context.bot, message.chat_id, html, markup)
