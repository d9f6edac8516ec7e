"""A PTB Application, wired as in production, polling the emulator and reacting to people."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from emulator import BotApiEmulator

Context = ContextTypes.DEFAULT_TYPE


async def start(update: Update, _context: Context) -> None:
    """Greet and offer a button."""
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Log session ✅", callback_data="log:1")]]
    )
    await update.effective_message.reply_html("<b>Welcome</b> to rehab", reply_markup=keyboard)


async def log_session(update: Update, _context: Context) -> None:
    """Answer the press and replace the buttons with a confirmation."""
    query = update.callback_query
    assert query is not None
    await query.answer("Saved")
    await query.edit_message_text(f"Logged session {query.data}")


@pytest.fixture
async def application(emu: BotApiEmulator) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """A polling PTB Application built with ApplicationBuilder, as the bot builds its own."""
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(log_session))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0)
        yield app
        await app.updater.stop()
        await app.stop()


@pytest.mark.usefixtures("application")
async def test_a_conversation_through_the_real_application(emu: BotApiEmulator) -> None:
    """/start gets an HTML reply with a button; pressing it is answered and edits the message."""
    ana = emu.new_user(first_name="Ana")
    feed = emu.subscribe()

    emu.send_text(ana, "/start")
    welcome = await asyncio.wait_for(feed.get(), timeout=5)
    assert (welcome.text, welcome.html) == ("Welcome to rehab", "<b>Welcome</b> to rehab")
    assert welcome.entities == [{"type": "bold", "offset": 0, "length": 7}]

    press = emu.press_button(ana, welcome.message_id, welcome.button_data("Log session"))
    edited = await asyncio.wait_for(feed.get(), timeout=5)
    assert (edited.message_id, edited.text, edited.buttons, edited.edit_count) == (
        welcome.message_id,
        "Logged session log:1",
        [],
        1,
    )
    await emu.wait_acknowledged(press)
    answer = await emu.wait_for_call(lambda call: call.method == "answerCallbackQuery")
    assert answer.params["text"] == "Saved"
    assert emu.unanswered_callback_queries() == []
    assert [m.text for m in emu.messages(ana.id)] == ["/start", "Logged session log:1"]
    assert all(call.ok for call in emu.calls)
