"""A local Telegram Bot API emulator that the real python-telegram-bot can talk to.

async with BotApiEmulator() as emu:
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    ...  # start the application polling
    ana = emu.new_user(first_name="Ana")
    await emu.wait_acknowledged(emu.send_text(ana, "/start"))
    reply = await emu.wait_for_call(lambda call: call.method == "sendMessage")
    emu.bot_messages(ana.id)[-1].button_data("Yes")
"""

from emulator.emulator import DEFAULT_TOKEN, BotApiEmulator
from emulator.errors import ApiError
from emulator.images import blank_png
from emulator.models import BotCall, ChatMessage, EmulatedUser, Upload, UploadedFile

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotApiEmulator",
    "BotCall",
    "ChatMessage",
    "EmulatedUser",
    "Upload",
    "UploadedFile",
    "blank_png",
]
