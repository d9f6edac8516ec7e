"""What Telegram shows of the bot before anyone writes: its command menu and its profile texts.

The menu is scoped to private chats, where the bot works; groups get none (the bot only points
people to a private chat there). Every call is idempotent, so start-up can repeat them freely.
"""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats

from bot.texts import COMMANDS, DESCRIPTION, SHORT_DESCRIPTION


async def set_profile(bot: Bot) -> None:
    """Set the command menu for private chats, clear any older one for all chats, and set the
    description and short description (what it is; that it coaches and does not diagnose)."""
    menu = [BotCommand(name, description) for name, description in COMMANDS.items()]
    await bot.set_my_commands(menu, scope=BotCommandScopeAllPrivateChats())
    await bot.delete_my_commands()  # a menu an earlier version set for every chat
    await bot.set_my_description(DESCRIPTION)
    await bot.set_my_short_description(SHORT_DESCRIPTION)
