"""Commands, the command menu, and input the bot does not serve, through the real bot."""

from __future__ import annotations

from bot import texts
from bot.texts import COMMANDS
from emulator.methods.commands import PRIVATE_SCOPE_KEY, PROFILE_LIMITS
from tests.e2e.conftest import Chatting, forged_press


async def test_command_menu_and_profile_are_set_at_start_up(chat: Chatting) -> None:
    """The menu for private chats lists the commands /help describes (groups get none), and the
    profile says what the bot is and that it does not diagnose, within Telegram's lengths."""
    commands = chat.emulator.commands_for(PRIVATE_SCOPE_KEY)
    assert commands is not None
    names = [c["command"] for c in commands]
    assert names == list(COMMANDS)
    assert chat.emulator.commands is None, "no menu for every chat"
    for name in names:
        assert f"/{name}" in texts.HELP, f"/help misses /{name}"
    description = chat.emulator.profile_text("description") or ""
    short = chat.emulator.profile_text("short_description") or ""
    assert "does not diagnose" in description
    assert "not a diagnosis" in short
    assert len(description) <= PROFILE_LIMITS["description"]
    assert len(short) <= PROFILE_LIMITS["short_description"]


async def test_help_lists_the_commands(chat: Chatting) -> None:
    """/help names each command and says the bot does not diagnose."""
    ana = chat.emulator.new_user()
    await chat.send(ana, "/help")
    reply = chat.texts(ana)[-1]
    for command in ("/today", "/start", "/help"):
        assert command in reply
    assert "cannot diagnose" in reply


async def test_today_before_setup_points_to_start(chat: Chatting) -> None:
    """/today without a plan asks the person to /start."""
    ana = chat.emulator.new_user()
    await chat.send(ana, "/today")
    assert "Send /start to begin" in chat.texts(ana)[-1]


async def test_unknown_input_gets_a_short_pointer_to_help(chat: Chatting) -> None:
    """Unknown commands, stray text, huge text, stickers and photos each get a helpful reply."""
    bo = chat.emulator.new_user()
    await chat.send(bo, "/dance")
    assert "don't know that command" in chat.texts(bo)[-1]
    await chat.send(bo, "hello there")
    assert "Send /start to begin" in chat.texts(bo)[-1], "not set up yet"
    await chat.send(bo, "ü" * 4096)
    assert "Send /start to begin" in chat.texts(bo)[-1]
    await chat.settle(chat.emulator.send_sticker(bo))
    assert "only read text" in chat.texts(bo)[-1]
    await chat.settle(chat.emulator.send_photo(bo))
    assert "only read text" in chat.texts(bo)[-1]
    assert all("/help" in text or "/start" in text for text in chat.texts(bo))


async def test_groups_get_a_polite_refusal_and_channels_nothing(chat: Chatting) -> None:
    """A command in a group is refused once, group chatter and channel posts are ignored."""
    cy = chat.emulator.new_user()
    group = -100123
    await chat.settle(chat.emulator.send_text_in_group(cy, "/start", group_id=group, title="Club"))
    await chat.settle(chat.emulator.send_text_in_group(cy, "hi all", group_id=group, title="Club"))
    await chat.settle(chat.emulator.channel_post("news", channel_id=-100999))
    group_replies = chat.emulator.bot_messages(group)
    assert len(group_replies) == 1
    assert "private chat" in (group_replies[0].text or "")
    assert chat.emulator.bot_messages(cy.id) == []


# Data a modified client could send: every family of buttons, each broken in its own way.
FORGED = (
    "mor:20261399:better",
    "mor:20261126:fine",
    "log:20261126:3",
    "log:2026112:1",
    "out:20261126:1:maybe",
    "pain:20261126:1:done:11",
    "pain:20261126:1:skipped:3",
    "flag:20261126:1",
    "end:20261126:1:-5",
    "end:20261126:1:601",
    "snz:20261126",
    "skp:20261126:1:extra",
    "crit:1:yes",
    "crit:x:",
    "pause:61",
    "pause:",
    "keep:now",
    "forget:maybe:1",
    "forget:yes:me",
    "set:tz:Nowhere/Atlantis",
    "set:limit:7",
    "set:two:07:00-25:00",
    "set:quiet:22:00",
    "set:weekly:maybe",
    "ob:limit:9",
    "ob:time:7",
    "",
    "x" * 64,
)


async def test_forged_button_data_is_answered_as_expired_and_changes_nothing(
    chat: Chatting, caplog
) -> None:
    """Broken or forged callback data of any family gets the expired-button alert, no traceback."""
    ana = chat.emulator.new_user()
    await chat.onboard(ana)
    await chat.send(ana, "/today")
    routine = chat.last(ana)
    edits_before = len(chat.emulator.calls_to("editMessageText"))
    for data in FORGED:
        with caplog.at_level("ERROR"):
            await chat.settle(forged_press(chat.emulator, ana, routine, data))
        answer = chat.emulator.calls_to("answerCallbackQuery")[-1].params
        assert answer.get("text") == texts.EXPIRED_BUTTON, data
        assert answer.get("show_alert") is True, data
    assert [r for r in caplog.records if r.levelname == "ERROR"] == []
    assert len(chat.emulator.calls_to("editMessageText")) == edits_before
    await chat.send(ana, "/progress")
    assert "Nothing to chart yet" in chat.texts(ana)[-1]


async def test_a_press_by_someone_else_on_any_button_changes_nothing(chat: Chatting) -> None:
    """A forged press by another person, on setup, routine or settings buttons, is refused."""
    ana, bo = chat.emulator.new_user(), chat.emulator.new_user()
    await chat.onboard(bo)
    await chat.send(ana, "/start")
    onset_question = chat.last(ana)
    await chat.onboard(ana)
    await chat.send(ana, "/today")
    routine = chat.last(ana)
    await chat.send(ana, "/settings")
    settings = chat.last(ana)
    edits = len(chat.emulator.calls_to("editMessageText"))
    for message, data in (
        (onset_question, "ob:onset:gradual"),
        (routine, routine.button_data("Log this session")),
        (settings, settings.button_data("weekly summary")),
    ):
        await chat.settle(forged_press(chat.emulator, bo, message, data))
        answer = chat.emulator.calls_to("answerCallbackQuery")[-1].params
        assert answer.get("text") == texts.NOT_YOUR_BUTTON, data
    assert len(chat.emulator.calls_to("editMessageText")) == edits
    await chat.send(bo, "/today")
    assert "Log this session" in str(chat.last(bo).buttons), "the presser's own plan is intact"
