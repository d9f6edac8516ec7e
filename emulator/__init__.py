"""A local Telegram Bot API emulator that the real python-telegram-bot can talk to."""

from emulator.emulator import DEFAULT_TOKEN, BotApiEmulator
from emulator.errors import ApiError
from emulator.models import BotCall, ChatMessage, EmulatedUser, UploadedFile

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotApiEmulator",
    "BotCall",
    "ChatMessage",
    "EmulatedUser",
    "UploadedFile",
]
