"""Parameter checks the emulator makes as Telegram does, seen through raw HTTP answers."""

from __future__ import annotations

import aiohttp
import pytest

from emulator import BotApiEmulator, EmulatedUser, blank_png
from tests.emulator.conftest import RawApi


def keyboard(*data: str) -> dict[str, object]:
    """Return an inline keyboard with one button per callback_data."""
    return {"inline_keyboard": [[{"text": f"Button {d}", "callback_data": d} for d in data]]}


async def test_unknown_chat_is_not_found(api: RawApi, emu: BotApiEmulator) -> None:
    """A chat nobody wrote from, even a created user's, is 'chat not found'."""
    silent = emu.new_user()
    answer = await api("sendMessage", chat_id=silent.id, text="hi")
    assert answer["description"] == "Bad Request: chat not found"


async def test_missing_parameters_name_what_is_empty(api: RawApi, user: EmulatedUser) -> None:
    """Required parameters missing or empty get Telegram's 'is empty' wording."""
    assert (await api("sendMessage", text="hi"))["description"] == "Bad Request: chat_id is empty"
    no_text = await api("sendMessage", chat_id=user.id)
    assert no_text["description"] == "Bad Request: message text is empty"
    blank = await api("sendMessage", chat_id=user.id, text=" \n ")
    assert blank["description"] == "Bad Request: message text is empty"


async def test_parameters_of_the_wrong_type_are_refused(api: RawApi, user: EmulatedUser) -> None:
    """Values that cannot be read as the declared type are a 400 naming the field."""
    answer = await api("editMessageText", chat_id=user.id, message_id="first", text="x")
    assert answer["description"] == 'Bad Request: field "message_id" must be of type Integer'
    bad_markup = await api.form("sendMessage", chat_id=user.id, text="x", reply_markup="{oops")
    assert bad_markup["description"] == "Bad Request: can't parse reply_markup JSON object"


async def test_unknown_parameters_are_ignored(api: RawApi, user: EmulatedUser) -> None:
    """Parameters a method does not have are ignored, as Telegram ignores them."""
    answer = await api("sendMessage", chat_id=user.id, text="x", colour="blue")
    assert answer["ok"]


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("a" * 4096, True),
        ("a" * 4097, False),
        ("🦵" * 2048, True),  # each is two UTF-16 code units: exactly 4096
        ("🦵" * 2048 + "a", False),
        ("é" * 4096, True),  # two bytes in UTF-8, one UTF-16 unit
    ],
    ids=["4096-ascii", "4097-ascii", "4096-units-of-emoji", "4097-units", "4096-accented"],
)
async def test_text_limit_is_4096_utf16_units(
    api: RawApi, user: EmulatedUser, text: str, ok: bool
) -> None:
    """Message length is counted in UTF-16 code units after parsing, at most 4096."""
    answer = await api("sendMessage", chat_id=user.id, text=text)
    assert answer["ok"] is ok
    if not ok:
        assert answer["description"] == "Bad Request: message is too long"


async def test_markup_does_not_count_towards_the_limit(api: RawApi, user: EmulatedUser) -> None:
    """Only the parsed text counts: 4096 characters wrapped in tags are accepted."""
    answer = await api(
        "sendMessage", chat_id=user.id, text=f"<b>{'a' * 4096}</b>", parse_mode="HTML"
    )
    assert answer["ok"]


@pytest.mark.parametrize(
    ("data", "ok"),
    [
        ("x" * 64, True),
        ("x" * 65, False),
        ("é" * 32, True),  # 64 bytes in UTF-8
        ("é" * 32 + "x", False),  # 33 characters but 65 bytes
        ("🦵" * 16, True),  # four bytes each
        ("🦵" * 17, False),
        ("", False),
    ],
    ids=[
        "64-ascii",
        "65-ascii",
        "64-bytes-accented",
        "65-bytes-accented",
        "64-emoji",
        "68-emoji",
        "empty",
    ],
)
async def test_callback_data_is_1_to_64_bytes(
    api: RawApi, user: EmulatedUser, data: str, ok: bool
) -> None:
    """callback_data is limited in UTF-8 bytes, not characters."""
    answer = await api("sendMessage", chat_id=user.id, text="Pick", reply_markup=keyboard(data))
    assert answer["ok"] is ok
    if not ok:
        assert answer["description"] == "Bad Request: BUTTON_DATA_INVALID"


async def test_inline_buttons_need_exactly_one_action(api: RawApi, user: EmulatedUser) -> None:
    """A button with no action, or with two, is refused."""
    bare = {"inline_keyboard": [[{"text": "Nothing"}]]}
    answer = await api("sendMessage", chat_id=user.id, text="x", reply_markup=bare)
    assert answer["description"] == (
        "Bad Request: can't parse inline keyboard button: "
        "Text buttons are unallowed in the inline keyboard"
    )
    both = {"inline_keyboard": [[{"text": "Two", "callback_data": "a", "url": "https://a.org"}]]}
    answer = await api("sendMessage", chat_id=user.id, text="x", reply_markup=both)
    assert not answer["ok"]


async def test_reply_keyboards_are_kept_but_not_returned(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """Reply keyboards are accepted and stored; Message objects only ever carry inline ones."""
    markup = {"keyboard": [["Yes", {"text": "No"}]], "one_time_keyboard": True}
    answer = await api("sendMessage", chat_id=user.id, text="Sure?", reply_markup=markup)
    assert "reply_markup" not in answer["result"]
    assert emu.bot_messages(user.id)[-1].buttons == [[("Yes", None), ("No", None)]]
    removed = await api(
        "sendMessage", chat_id=user.id, text="Ok", reply_markup={"remove_keyboard": True}
    )
    assert removed["ok"]
    forced = await api(
        "sendMessage", chat_id=user.id, text="Why?", reply_markup={"force_reply": True}
    )
    assert forced["ok"]


async def test_edit_with_identical_content_is_not_modified(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """Editing to the same text and keyboard is refused; dropping the keyboard is a change."""
    sent = await api(
        "sendMessage",
        chat_id=user.id,
        text="<b>Hi</b>",
        parse_mode="HTML",
        reply_markup=keyboard("a"),
    )
    message_id = sent["result"]["message_id"]
    same = await api(
        "editMessageText",
        chat_id=user.id,
        message_id=message_id,
        text="<b>Hi</b>",
        parse_mode="HTML",
        reply_markup=keyboard("a"),
    )
    assert same["description"] == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    edited = await api(
        "editMessageText",
        chat_id=user.id,
        message_id=message_id,
        text="<b>Hi</b>",
        parse_mode="HTML",
    )
    assert isinstance(edited["result"]["edit_date"], int)
    assert "reply_markup" not in edited["result"]
    unchanged = await api("editMessageReplyMarkup", chat_id=user.id, message_id=message_id)
    assert not unchanged["ok"]
    (message,) = emu.bot_messages(user.id)
    assert (message.text, message.buttons, message.edit_count) == ("Hi", [], 1)


async def test_edit_reply_markup_replaces_the_keyboard(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """editMessageReplyMarkup swaps the inline keyboard and returns the edited Message."""
    sent = await api("sendMessage", chat_id=user.id, text="Pick", reply_markup=keyboard("a"))
    message_id = sent["result"]["message_id"]
    answer = await api(
        "editMessageReplyMarkup", chat_id=user.id, message_id=message_id, reply_markup=keyboard("b")
    )
    assert answer["result"]["reply_markup"] == keyboard("b")
    assert emu.bot_messages(user.id)[-1].button_data("b") == "b"


async def test_edits_need_an_existing_bot_message(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """Unknown messages are not found and people's own messages cannot be edited by the bot."""
    missing = await api("editMessageText", chat_id=user.id, message_id=999, text="x")
    assert missing["description"] == "Bad Request: message to edit not found"
    theirs = emu.messages(user.id)[0]
    assert not theirs.from_bot
    refused = await api("editMessageText", chat_id=user.id, message_id=theirs.message_id, text="x")
    assert refused["description"] == "Bad Request: message can't be edited"


async def test_delete_removes_a_message_once(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """A deleted message leaves the chat; deleting it again is 'not found'."""
    sent = await api("sendMessage", chat_id=user.id, text="temporary")
    message_id = sent["result"]["message_id"]
    assert (await api("deleteMessage", chat_id=user.id, message_id=message_id))["result"] is True
    assert [m.text for m in emu.messages(user.id)] == ["hello"]
    again = await api("deleteMessage", chat_id=user.id, message_id=message_id)
    assert again["description"] == "Bad Request: message to delete not found"


async def test_callback_queries_are_answered_once(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """A press can be answered once; unknown or repeated answers and long texts are refused."""
    sent = await api("sendMessage", chat_id=user.id, text="Pick", reply_markup=keyboard("a"))
    emu.press_button(user, sent["result"]["message_id"], "a")
    (query_id,) = emu.unanswered_callback_queries()
    too_long = await api("answerCallbackQuery", callback_query_id=query_id, text="x" * 201)
    assert too_long["description"] == "Bad Request: MESSAGE_TOO_LONG"
    assert (await api("answerCallbackQuery", callback_query_id=query_id, text="x" * 200))["ok"]
    assert emu.unanswered_callback_queries() == []
    invalid = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    assert (await api("answerCallbackQuery", callback_query_id=query_id))["description"] == invalid
    assert (await api("answerCallbackQuery", callback_query_id="123"))["description"] == invalid


async def test_commands_are_validated_and_kept(api: RawApi, emu: BotApiEmulator) -> None:
    """setMyCommands checks names and descriptions; the default scope's list is emu.commands."""
    bad_name = await api("setMyCommands", commands=[{"command": "Start", "description": "Go"}])
    assert bad_name["description"] == "Bad Request: BOT_COMMAND_INVALID"
    no_description = await api("setMyCommands", commands=[{"command": "start", "description": ""}])
    assert not no_description["ok"]
    too_many = [{"command": f"c{i}", "description": "d"} for i in range(101)]
    assert not (await api("setMyCommands", commands=too_many))["ok"]
    assert emu.commands is None
    commands = [
        {"command": "start", "description": "Begin"},
        {"command": "help", "description": "Help"},
    ]
    assert (await api("setMyCommands", commands=commands))["ok"]
    private = {"type": "all_private_chats"}
    assert (await api("setMyCommands", commands=commands[:1], scope=private))["ok"]
    assert emu.commands == commands
    assert (await api("getMyCommands", scope=private))["result"] == commands[:1]


async def test_chat_actions_must_be_known(api: RawApi, user: EmulatedUser) -> None:
    """sendChatAction accepts Telegram's actions and refuses others."""
    assert (await api("sendChatAction", chat_id=user.id, action="typing"))["result"] is True
    answer = await api("sendChatAction", chat_id=user.id, action="dancing")
    assert answer["description"] == "Bad Request: wrong parameter action in request"


async def test_unknown_method_and_wrong_token(api: RawApi, emu: BotApiEmulator) -> None:
    """Unknown methods are 404 Not Found and a wrong token is 401 Unauthorized, both as JSON."""
    assert await api("sendHologram") == {"ok": False, "error_code": 404, "description": "Not Found"}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{emu.base_url}1:other/getMe") as response,
    ):
        body = await response.json()
    assert (response.status, body["description"]) == (401, "Unauthorized")


async def test_method_names_ignore_case(api: RawApi, emu: BotApiEmulator) -> None:
    """Like Telegram, 'getme' is getMe; calls are recorded under the canonical name."""
    assert (await api("getme"))["result"]["username"] == "rehab_coach_bot"
    assert emu.calls[-1].method == "getMe"


async def test_every_request_encoding_is_understood(
    api: RawApi, emu: BotApiEmulator, user: EmulatedUser
) -> None:
    """Query string, url-encoded form, multipart and JSON bodies all carry typed parameters."""
    assert (await api.query("sendMessage", chat_id=user.id, text="by query"))["ok"]
    assert (
        await api.form("sendMessage", chat_id=user.id, text="by form", reply_markup=keyboard("f"))
    )["ok"]
    form = aiohttp.FormData()
    form.add_field("chat_id", str(user.id))
    form.add_field("caption", "by multipart")
    form.add_field("photo", blank_png(4, 3), filename="p.png", content_type="image/png")
    assert (await api.multipart("sendPhoto", form))["ok"]
    assert (await api("sendMessage", chat_id=str(user.id), text="by json"))["ok"]
    texts = [m.text or m.caption for m in emu.bot_messages(user.id)]
    assert texts == ["by query", "by form", "by multipart", "by json"]
    assert emu.bot_messages(user.id)[1].button_data("f") == "f"
    assert emu.calls_to("sendMessage")[0].params["chat_id"] == user.id


async def test_photo_requires_a_file(api: RawApi, user: EmulatedUser) -> None:
    """sendPhoto without a photo, or with an unknown file_id, is refused."""
    assert (await api("sendPhoto", chat_id=user.id))["description"] == (
        "Bad Request: there is no photo in the request"
    )
    unknown = await api("sendPhoto", chat_id=user.id, photo="no-such-file-id")
    assert unknown["description"] == "Bad Request: wrong file identifier/HTTP URL specified"


async def test_caption_limit_is_1024(api: RawApi, user: EmulatedUser) -> None:
    """Captions may be empty and at most 1024 characters after parsing."""
    ok = await api(
        "sendDocument", chat_id=user.id, document="https://example.org/a.pdf", caption="c" * 1024
    )
    assert ok["ok"]
    long = await api(
        "sendDocument", chat_id=user.id, document="https://example.org/a.pdf", caption="c" * 1025
    )
    assert long["description"] == "Bad Request: message caption is too long"


async def test_profile_texts_are_bounded_and_kept(api: RawApi, emu: BotApiEmulator) -> None:
    """setMyDescription keeps up to 512 characters, setMyShortDescription up to 120; an empty
    text removes it; getMy* falls back to the text for all languages."""
    too_long = await api("setMyDescription", description="x" * 513)
    assert too_long["description"] == "Bad Request: DESCRIPTION_INVALID"
    assert not (await api("setMyShortDescription", short_description="x" * 121))["ok"]
    assert (await api("setMyDescription", description="A coach"))["ok"]
    assert (await api("setMyShortDescription", short_description="Short"))["ok"]
    assert emu.profile_text("description") == "A coach"
    in_german = await api("getMyDescription", language_code="de")
    assert in_german["result"] == {"description": "A coach"}
    assert (await api("setMyShortDescription", short_description=""))["ok"]
    assert emu.profile_text("short_description") is None
