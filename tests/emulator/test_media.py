"""Albums, animations and sending a file again by its file_id, through PTB's real Bot."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import aiohttp
import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaAudio,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    Message,
)
from telegram.error import BadRequest

from emulator import BotApiEmulator, EmulatedUser, blank_png
from tests.emulator.conftest import RawApi

# A 3 x 2 GIF header is all sendAnimation reads of an upload.
TINY_GIF = b"GIF89a\x03\x00\x02\x00\x00\x00\x00;"


def pictures(count: int) -> list[InputMediaPhoto]:
    """Return count different small PNGs to upload as album items."""
    return [InputMediaPhoto(blank_png(40 + index, 30)) for index in range(count)]


def largest_file_id(message: Message) -> str:
    """Return the file_id of a photo message's largest size, the one to send again."""
    return message.photo[-1].file_id


async def test_album_of_uploaded_photos_shares_one_media_group_id(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """Three uploaded photos come back as three messages of one album, in order, each with
    its own caption and the picture's real size, and subscribers see each of them."""
    feed = emu.subscribe()
    items = pictures(3)
    items[0] = InputMediaPhoto(blank_png(600, 400), caption="<b>Week 1</b>", parse_mode="HTML")

    album = await bot.send_media_group(user.id, items)

    assert len(album) == 3
    group_ids = {message.media_group_id for message in album}
    assert len(group_ids) == 1
    assert None not in group_ids
    assert [message.message_id for message in album] == list(
        range(album[0].message_id, album[0].message_id + 3)
    )
    assert album[0].caption == "Week 1"
    assert (album[0].photo[-1].width, album[0].photo[-1].height) == (600, 400)
    assert (album[1].photo[-1].width, album[1].photo[-1].height) == (41, 30)
    stored = emu.bot_messages(user.id)
    assert [(message.kind, message.media_group_id) for message in stored] == [
        ("photo", album[0].media_group_id)
    ] * 3
    assert stored[1].photo == blank_png(41, 30)
    assert stored[0].caption_html == "<b>Week 1</b>"
    assert [message.file_id for message in stored] == [largest_file_id(m) for m in album]
    assert feed.qsize() == 3
    assert emu.upload_count(user.id) == 3
    assert [upload.method for upload in emu.uploads] == ["sendMediaGroup"] * 3


async def test_sending_again_by_file_id_uploads_nothing(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """An album sent again by the file_ids Telegram returned reuses the files: same ids, no
    new upload; a second album is a new media group."""
    first = await bot.send_media_group(user.id, pictures(3))
    assert emu.upload_count() == 3

    again = await bot.send_media_group(
        user.id, [InputMediaPhoto(largest_file_id(message)) for message in first]
    )

    assert [largest_file_id(m) for m in again] == [largest_file_id(m) for m in first]
    assert again[0].media_group_id != first[0].media_group_id
    assert emu.upload_count() == 3
    # A thumbnail's file_id names the same photo.
    single = await bot.send_photo(user.id, first[0].photo[0].file_id)
    assert largest_file_id(single) == largest_file_id(first[0])
    assert emu.upload_count() == 3


@pytest.mark.parametrize(("count", "reason"), [(1, "Too few"), (11, "Too many")])
async def test_albums_hold_two_to_ten_items(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser, count: int, reason: str
) -> None:
    """One item or eleven are refused, and nothing of them is kept."""
    with pytest.raises(BadRequest, match=f"{reason} messages to send as an album"):
        await bot.send_media_group(user.id, pictures(count))
    assert emu.bot_messages(user.id) == []
    assert emu.uploads == []


async def test_ten_items_are_the_most(bot: Bot, user: EmulatedUser) -> None:
    """Ten photos still make one album."""
    album = await bot.send_media_group(user.id, pictures(10))
    assert len({message.media_group_id for message in album}) == 1


async def test_documents_and_audio_keep_to_their_own_kind(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """A document or an audio file mixed with photos is refused; documents together, audio
    together and photos with videos are albums."""
    with pytest.raises(BadRequest, match="Document can't be mixed with other media types"):
        await bot.send_media_group(
            user.id, [*pictures(1), InputMediaDocument(b"date,pain\n", filename="log.csv")]
        )
    with pytest.raises(BadRequest, match="Audio can't be mixed with other media types"):
        await bot.send_media_group(user.id, [InputMediaAudio(b"ID3"), *pictures(1)])
    assert emu.uploads == []

    documents = await bot.send_media_group(
        user.id,
        [
            InputMediaDocument(b"a\n", filename="a.csv"),
            InputMediaDocument(b"b\n", filename="b.csv"),
        ],
    )
    assert [m.document.file_name for m in documents if m.document] == ["a.csv", "b.csv"]
    mixed = await bot.send_media_group(
        user.id, [InputMediaVideo(b"\x00\x00\x00\x18ftypmp42", width=640, height=360), *pictures(1)]
    )
    assert mixed[0].video is not None
    assert (mixed[0].video.width, mixed[0].video.height) == (640, 360)
    assert [m.kind for m in emu.bot_messages(user.id)] == ["document", "document", "video", "photo"]


async def test_an_item_caption_over_1024_characters_refuses_the_album(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """Each item's caption is measured after parsing; one too long refuses every item."""
    items = pictures(2)
    items[1] = InputMediaPhoto(blank_png(10, 10), caption="c" * 1025)
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_media_group(user.id, items)
    assert emu.bot_messages(user.id) == []
    assert emu.upload_count() == 0

    items[1] = InputMediaPhoto(
        blank_png(10, 10), caption="<i>" + "c" * 1024 + "</i>", parse_mode="HTML"
    )
    assert len(await bot.send_media_group(user.id, items)) == 2


async def test_a_forgotten_file_id_is_refused_until_uploaded_again(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """Once Telegram forgot a file, sending it by id fails with the 400 for unknown ids, alone
    or in an album, getFile fails too, and uploading it again gives a new file_id."""
    chart = blank_png(120, 80)
    sent = await bot.send_photo(user.id, chart)
    file_id = largest_file_id(sent)
    emu.forget_file(sent.photo[0].file_id)  # any size's id forgets the photo

    with pytest.raises(BadRequest, match="Wrong file identifier/http url specified"):
        await bot.send_photo(user.id, file_id)
    with pytest.raises(BadRequest, match="Wrong file identifier/http url specified"):
        await bot.send_media_group(user.id, [InputMediaPhoto(file_id), *pictures(1)])
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file(file_id)
    assert emu.bot_messages(user.id)[-1].photo == chart, "the message keeps its picture"

    uploaded_again = await bot.send_photo(user.id, chart)
    assert largest_file_id(uploaded_again) != file_id
    assert emu.upload_count(user.id) == 2
    with pytest.raises(ValueError, match="no file has the id"):
        emu.forget_file(file_id)


async def test_unknown_file_id_is_refused(bot: Bot, user: EmulatedUser) -> None:
    """A file_id the server never gave is refused, in an album as alone."""
    with pytest.raises(BadRequest, match="Wrong file identifier/http url specified"):
        await bot.send_media_group(user.id, [InputMediaPhoto("AgACAgIAAxk-made-up"), *pictures(1)])


async def test_photo_dimensions_are_checked_as_telegram_does(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """Width plus height over 10000 or a side more than 20 times the other is refused, alone
    or in an album; bytes that are no image cannot be processed."""
    for width, height in [(10001, 10), (2100, 100), (10, 201)]:
        with pytest.raises(BadRequest, match="Photo_invalid_dimensions"):
            await bot.send_photo(user.id, blank_png(width, height))
    with pytest.raises(BadRequest, match="Photo_invalid_dimensions"):
        await bot.send_media_group(user.id, [*pictures(1), InputMediaPhoto(blank_png(10001, 10))])
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(user.id, b"\x89PNG-not-really")
    assert emu.uploads == []

    edge = await bot.send_photo(user.id, blank_png(2000, 100))
    assert (edge.photo[-1].width, edge.photo[-1].height) == (2000, 100)
    assert (edge.photo[0].width, edge.photo[0].height) == (90, 4)


async def test_photos_are_at_most_10_mb(api: RawApi, user: EmulatedUser) -> None:
    """A photo upload over 10 MB is refused with the size Telegram names."""
    size = 10 * 1024 * 1024 + 1
    form = aiohttp.FormData()
    form.add_field("chat_id", str(user.id))
    big = io.BytesIO(blank_png(10, 10).ljust(size, b"\x00"))
    form.add_field("photo", big, filename="big.png", content_type="image/png")
    refused = await api.multipart("sendPhoto", form)
    assert refused["description"] == (
        f"Bad Request: file of size {size} bytes is too big for a photo; "
        "the maximum size is 10485760 bytes"
    )


async def test_send_animation_uploads_once_then_reuses(
    bot: Bot, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """sendAnimation stores an animation (a GIF's own size unless declared), returns it also
    as a document as Telegram does, and sends it again by file_id without uploading."""
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Done", callback_data="done")]])
    sent = await bot.send_animation(
        user.id, TINY_GIF, filename="stretch.gif", caption="Like this", reply_markup=keyboard
    )
    assert sent.animation is not None
    assert (sent.animation.width, sent.animation.height) == (3, 2)
    assert sent.animation.duration == timedelta(0)
    assert sent.animation.file_name == "stretch.gif"
    assert sent.document is not None
    assert sent.document.file_id == sent.animation.file_id
    assert sent.reply_markup == keyboard

    declared = await bot.send_animation(user.id, TINY_GIF, width=320, height=240, duration=4)
    assert declared.animation is not None
    assert (declared.animation.width, declared.animation.height) == (320, 240)
    assert declared.animation.duration == timedelta(seconds=4)
    again = await bot.send_animation(user.id, sent.animation.file_id, has_spoiler=True)
    assert again.animation is not None
    assert again.animation.file_id == sent.animation.file_id
    assert again.has_media_spoiler
    assert emu.upload_count() == 2
    stored = emu.bot_messages(user.id)[0]
    assert (stored.kind, stored.file, stored.file_name) == ("animation", TINY_GIF, "stretch.gif")
    with pytest.raises(BadRequest, match="There is no animation in the request"):
        await bot.send_animation(user.id, "")


async def test_album_by_json_with_urls_and_attachments(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """A JSON body may name URLs, which are no uploads; reply_markup is no parameter of
    sendMediaGroup and is ignored; every message replies to the same one."""
    question = await api("sendMessage", chat_id=user.id, text="Photos?")
    album = await api(
        "sendMediaGroup",
        chat_id=user.id,
        media=[
            {"type": "photo", "media": "https://example.org/a.jpg", "has_spoiler": True},
            {"type": "photo", "media": "https://example.org/b.jpg"},
        ],
        reply_parameters={"message_id": question["result"]["message_id"]},
        reply_markup={"inline_keyboard": [[{"text": "x", "callback_data": "x"}]]},
    )
    assert album["ok"]
    messages = album["result"]
    assert [m["reply_to_message"]["text"] for m in messages] == ["Photos?", "Photos?"]
    assert [m.get("has_media_spoiler") for m in messages] == [True, None]
    assert all("reply_markup" not in m for m in messages)
    assert emu.uploads == []


async def test_items_telegram_cannot_read_are_refused(api: RawApi, user: EmulatedUser) -> None:
    """A missing attach:// part, an animation or an unknown type, or an empty list."""
    form = aiohttp.FormData()
    form.add_field("chat_id", str(user.id))
    media = [{"type": "photo", "media": "attach://one"}, {"type": "photo", "media": "attach://two"}]
    form.add_field("media", json.dumps(media))
    form.add_field("one", blank_png(5, 5), filename="one.png")
    missing = await api.multipart("sendMediaGroup", form)
    assert missing["description"] == "Bad Request: can't parse InputMedia: media not found"

    link = "https://example.org/a.gif"
    animation = [{"type": "animation", "media": link}, {"type": "photo", "media": link}]
    assert (await api("sendMediaGroup", chat_id=user.id, media=animation))["description"] == (
        "Bad Request: can't parse InputMedia: type \"animation\" can't be used in sendMediaGroup"
    )
    unknown = [{"type": "sticker", "media": link}, {"type": "photo", "media": link}]
    assert (await api("sendMediaGroup", chat_id=user.id, media=unknown))["description"] == (
        'Bad Request: can\'t parse InputMedia: type "sticker" is unsupported'
    )
    untyped = [{"media": link}, {"type": "photo", "media": link}]
    assert (await api("sendMediaGroup", chat_id=user.id, media=untyped))["description"] == (
        'Bad Request: can\'t parse InputMedia: field "type" must be of type String'
    )
    assert (await api("sendMediaGroup", chat_id=user.id, media=[]))["description"] == (
        "Bad Request: there are no messages to send"
    )


async def test_each_album_message_counts_against_flood_limits(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """With five messages a second allowed, an album of three leaves room for two more."""
    emu.clock = lambda: 1000.0
    emu.max_messages_per_chat_per_second = 5
    link = "https://example.org/p.jpg"
    album = [{"type": "photo", "media": link}] * 3
    assert (await api("sendMediaGroup", chat_id=user.id, media=album))["ok"]
    assert (await api("sendMessage", chat_id=user.id, text="4"))["ok"]
    assert (await api("sendMessage", chat_id=user.id, text="5"))["ok"]
    flooded = await api("sendMediaGroup", chat_id=user.id, media=album)
    assert flooded["error_code"] == 429
    assert len(emu.bot_messages(user.id)) == 5
