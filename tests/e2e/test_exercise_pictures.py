"""The exercises' pictures through the real bot: an album with a phase's first routine and under
"How to", uploaded once, then sent by file_id; a file_id Telegram forgot is uploaded again."""

from __future__ import annotations

from datetime import timedelta

from emulator import ChatMessage, EmulatedUser
from tests.e2e.conftest import Chatting


def album(chat: Chatting, user: EmulatedUser) -> list[ChatMessage]:
    """The photos of the person's newest album."""
    photos = [m for m in chat.emulator.bot_messages(user.id) if m.media_group_id is not None]
    newest = photos[-1].media_group_id if photos else None
    return [m for m in photos if m.media_group_id == newest]


async def test_the_first_routine_comes_with_its_pictures_uploaded_once(chat: Chatting) -> None:
    ana, bo = chat.emulator.new_user(), chat.emulator.new_user()
    await chat.onboard(ana)
    pictures = album(chat, ana)
    assert len(pictures) >= 2
    assert all(m.kind == "photo" for m in pictures)
    captions = [m.caption or "" for m in pictures]
    assert "Extender" in captions, captions
    routine = chat.last(ana)
    assert "Lie on your back" in (routine.text or ""), "the steps are in the routine, once"
    assert not any("Lie on your back" in c for c in captions)
    assert (routine.text or "").startswith(chat.texts(ana)[-1][:10])
    assert "Log this session" in str(routine.buttons), "the routine comes last, buttons at hand"
    uploads = chat.emulator.upload_count()
    assert uploads == len(pictures)

    await chat.onboard(bo)
    assert [m.caption for m in album(chat, bo)] == captions
    assert chat.emulator.upload_count() == uploads, "the second album goes by file_id"
    assert [m.file_id for m in album(chat, bo)] == [m.file_id for m in pictures]


async def test_a_forgotten_file_id_is_uploaded_again(chat: Chatting) -> None:
    cy, di = chat.emulator.new_user(), chat.emulator.new_user()
    await chat.onboard(cy)
    first = album(chat, cy)
    chat.emulator.forget_file(first[0].file_id or "")
    chat.expected_refusals.append("wrong file identifier")
    before = chat.emulator.upload_count()
    await chat.onboard(di)
    again = album(chat, di)
    assert [m.caption for m in again] == [m.caption for m in first]
    assert chat.emulator.upload_count() == before + len(first)

    # How to, the next day: the reminder's steps in place, the pictures again by file_id.
    await chat.advance(timedelta(hours=26))
    reminder = chat.last(di)
    assert (reminder.text or "").startswith("⏰")
    uploads = chat.emulator.upload_count()
    await chat.press(di, reminder, "How to")
    shown = next(
        m for m in chat.emulator.bot_messages(di.id) if m.message_id == reminder.message_id
    )
    assert "• Lie on your back" in (shown.text or "")
    assert len(album(chat, di)) == len(again)
    assert album(chat, di)[0].message_id > reminder.message_id
    assert chat.emulator.upload_count() == uploads


async def test_pictures_telegram_refuses_never_cost_the_routine(chat: Chatting) -> None:
    """Telegram answers the album with a 500: setup still ends with the routine, and the
    pictures come the next time a phase starts or How to is pressed."""
    eve = chat.emulator.new_user()
    chat.emulator.fail_next("sendMediaGroup", 500)
    chat.expected_refusals.append("Internal Server Error")
    await chat.onboard(eve)
    assert album(chat, eve) == []
    assert "Log this session" in str(chat.last(eve).buttons)
    assert chat.emulator.upload_count() == 0
