"""Commands outside onboarding: /today, /help, /about, and /cancel with nothing to stop."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.context import RehabContext
from bot.handlers.update_io import refusals_answered, send_routine, sent_message
from bot.texts import coaching as coaching_texts
from bot.views.routine_message import render_routine
from coach.today import todays_session
from rehab.content import load_protocol


async def help_command(update: Update, context: RehabContext) -> None:
    """List what the bot can do."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.HELP)


async def nothing_to_cancel(update: Update, context: RehabContext) -> None:
    """Answer /cancel when no setup or settings question is open."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.NOTHING_TO_CANCEL)


async def about(update: Update, context: RehabContext) -> None:
    """Say what the bot is and is not, and list the sources."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(coaching_texts.about(load_protocol()))


@refusals_answered
async def today(update: Update, context: RehabContext) -> None:
    """Show today's next session (the first, or the second once the first is logged)."""
    message, user_id = sent_message(update)
    async with context.work() as work:
        session = await todays_session(work, user_id=user_id)
    await send_routine(context.bot, message.chat_id, *render_routine(session))
