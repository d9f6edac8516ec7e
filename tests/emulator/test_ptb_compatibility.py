"""python-telegram-bot's real Bot, over loopback HTTP, parses every answer the emulator gives."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.request import HTTPXRequest

from emulator import BotApiEmulator, EmulatedUser, blank_png


async def test_get_me_describes_the_bot(bot: Bot) -> None:
    """getMe gives the id from the token and the configured username."""
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "rehab_coach_bot", True)


async def test_html_message_with_keyboard_comes_back_parsed(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """send_message with HTML and an inline keyboard returns a Message with UTF-16 entities."""
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Done ✅", callback_data="done:1")]])
    sent = await bot.send_message(
        user.id,
        "🦵 <b>Day 3</b> of <i>rehab</i> &amp; <a href='https://example.org/plan'>plan</a>",
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard,
    )
    assert sent.text == "🦵 Day 3 of rehab & plan"
    assert sent.entities == (
        MessageEntity(MessageEntity.BOLD, 3, 5),
        MessageEntity(MessageEntity.ITALIC, 12, 5),
        MessageEntity(MessageEntity.TEXT_LINK, 20, 4, url="https://example.org/plan"),
    )
    assert sent.reply_markup == keyboard
    assert sent.chat.id == user.id
    assert sent.from_user is not None
    assert sent.from_user.is_bot
    stored = emu.bot_messages(user.id)[-1]
    assert stored.html is not None
    assert stored.html.startswith("🦵 <b>Day 3</b>")
    assert stored.buttons == [[("Done ✅", "done:1")]]
    assert stored.button_data("Done") == "done:1"


async def test_updates_parse_into_messages_callbacks_and_group_posts(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """get_updates yields Updates PTB parses: a private command, a button press, a group message."""
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])
    question = await bot.send_message(user.id, "Ready?", reply_markup=keyboard)
    command = emu.send_text(user, "/start@rehab_coach_bot")
    press = emu.press_button(user, question.message_id, "yes")
    group = emu.send_text_in_group(user, "/start", group_id=-100555, title="Club")
    post = emu.channel_post("news", channel_id=-100999)

    updates = {update.update_id: update for update in await bot.get_updates()}

    message = updates[command].message
    assert message is not None
    assert message.text == "/start@rehab_coach_bot"
    assert message.entities == (MessageEntity(MessageEntity.BOT_COMMAND, 0, 22),)
    query = updates[press].callback_query
    assert query is not None
    assert (query.data, query.from_user.id) == ("yes", user.id)
    assert query.message is not None
    assert query.message.message_id == question.message_id
    assert query.chat_instance
    group_message = updates[group].message
    assert group_message is not None
    assert (group_message.chat.type, group_message.chat.title) == (ChatType.SUPERGROUP, "Club")
    channel_post = updates[post].channel_post
    assert channel_post is not None
    assert channel_post.chat.type == ChatType.CHANNEL


async def test_uploaded_photo_and_document_bytes_are_kept(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """send_photo and send_document upload multipart bytes that end up in the chat."""
    chart = blank_png(120, 80)
    photo = await bot.send_photo(user.id, chart, caption="<b>Week 2</b>", parse_mode="HTML")
    document = await bot.send_document(user.id, b"date,pain\n", filename="log.csv")

    assert photo.photo[-1].file_size == len(chart)
    assert (photo.photo[-1].width, photo.photo[-1].height) == (120, 80)
    assert photo.caption == "Week 2"
    assert photo.caption_entities == (MessageEntity(MessageEntity.BOLD, 0, 6),)
    assert document.document is not None
    assert document.document.file_name == "log.csv"
    stored_photo, stored_document = emu.bot_messages(user.id)[-2:]
    assert stored_photo.photo == chart
    assert (stored_document.document, stored_document.document_name) == (b"date,pain\n", "log.csv")


async def test_files_download_through_the_file_url(bot: Bot, user: EmulatedUser) -> None:
    """A file sent by id can be fetched back with get_file and PTB's download."""
    sent = await bot.send_document(user.id, b"exercise list", filename="list.txt")
    assert sent.document is not None
    again = await bot.send_document(user.id, sent.document.file_id)
    assert again.document is not None
    file = await bot.get_file(again.document.file_id)
    assert await file.download_as_bytearray() == bytearray(b"exercise list")


async def test_bad_request_maps_to_ptb_bad_request(bot: Bot) -> None:
    """A 400 from the emulator raises telegram.error.BadRequest with Telegram's text."""
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "anyone?")


async def test_blocked_user_maps_to_forbidden(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """Sending to someone who blocked the bot raises telegram.error.Forbidden."""
    emu.block(user)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user.id, "reminder")


@pytest.mark.usefixtures("timedelta_periods")
async def test_flood_error_maps_to_retry_after(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """An injected 429 raises RetryAfter carrying parameters.retry_after."""
    emu.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(user.id, "reminder")
    assert raised.value.retry_after == timedelta(seconds=7)


async def test_server_error_maps_to_network_error(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """An injected 500 raises NetworkError, which PTB treats as retryable."""
    emu.fail_next("sendMessage")
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(user.id, "reminder")


async def test_wrong_token_maps_to_invalid_token(emu: BotApiEmulator) -> None:
    """A token the emulator was not started with is refused with 401, PTB's InvalidToken."""
    stranger = Bot("999:WRONG", base_url=emu.base_url, request=HTTPXRequest())
    try:
        with pytest.raises(InvalidToken):
            await stranger.get_me()
    finally:
        await stranger.request.shutdown()  # never initialized, so Bot would not close it
    assert emu.calls[-1].error_code == 401
