"""Commands outside onboarding: /today and /help."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.context import RehabContext
from bot.handlers.check_in import send_routine
from bot.keyboards import SessionRef
from storage import check_ins, users
from storage.models import UserStatus


async def help_command(update: Update, context: RehabContext) -> None:
    """List what the bot can do."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.HELP)


async def today(update: Update, context: RehabContext) -> None:
    """Show today's routine with its log button."""
    message, person = update.effective_message, update.effective_user
    if message is None or person is None:
        return
    async with context.db() as session:
        user = await users.get_user(session, person.id)
        if user is None or user.status is UserStatus.ONBOARDING:
            await message.reply_text(texts.NOT_SET_UP)
            return
        if user.timezone is None or user.onset is None:
            raise LookupError(f"user {person.id} is set up without a zone or onset")
        day = context.local_today(user.timezone)
        logged = await check_ins.check_ins_on(session, user_id=user.id, local_date=day)
    onset = user.onset
    await send_routine(
        context.bot,
        message.chat_id,
        onset,
        SessionRef(day, 1),
        logged=logged[0] if logged else None,
    )
