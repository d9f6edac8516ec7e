"""Everything the emulated Telegram server remembers: chats, messages, files, updates, calls."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from emulator.models import BotCall, ChatMessage, EmulatedUser, Upload
from emulator.waiting import ChangeSignal

RECENT_UPDATES_KEPT = 1_000


# Where each kind of file lives on the file server, and the extension its path gets.
_FILE_LAYOUT = {
    "photo": ("photos", "jpg"),
    "document": ("documents", "dat"),
    "animation": ("animations", "mp4"),
    "video": ("videos", "mp4"),
    "audio": ("music", "mp3"),
    "sticker": ("stickers", "webp"),
}
# A photo comes in two sizes; the small one's file_id is the large one's plus this suffix.
SMALL_PHOTO_SUFFIX = "-s"


@dataclass
class StoredFile:
    """A file the server holds: uploaded by the bot or sent by a user.

    width, height and duration are None when unknown: the emulator fetches no URL and reads
    no video, so only image headers and what the sender declared tell them.
    """

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes | None
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    duration: int | None = None


@dataclass
class StoredMessage:
    """A message as the server keeps it; ChatMessage snapshots are taken from it."""

    message_id: int
    chat_id: int
    date: int
    sender: EmulatedUser | None  # None: the bot (or, in a channel, the channel itself)
    from_bot: bool
    kind: str = "text"
    text: str | None = None
    html: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    caption_html: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    media: StoredFile | None = None  # a photo, document, animation...: kind says which
    media_group_id: str | None = None
    has_spoiler: bool = False
    location: tuple[float, float] | None = None  # latitude, longitude
    reply_to_message_id: int | None = None
    edit_date: int | None = None
    edit_count: int = 0

    def snapshot(self) -> ChatMessage:
        """Return an independent public copy of this message."""
        media = self.media
        photo = media if self.kind == "photo" else None
        document = media if self.kind == "document" else None
        return ChatMessage(
            message_id=self.message_id,
            chat_id=self.chat_id,
            from_bot=self.from_bot,
            text=self.text,
            html=self.html,
            entities=[dict(entity) for entity in self.entities],
            reply_markup=_deep_copy(self.reply_markup),
            caption=self.caption,
            caption_html=self.caption_html,
            photo=photo.data if photo else None,
            photo_name=photo.file_name if photo else None,
            document=document.data if document else None,
            document_name=document.file_name if document else None,
            file=media.data if media else None,
            file_name=media.file_name if media else None,
            file_id=media.file_id if media else None,
            media_group_id=self.media_group_id,
            edit_count=self.edit_count,
            date=self.date,
            sender_id=self.sender.id if self.sender else None,
            kind=self.kind,
        )


@dataclass
class ChatRecord:
    """A chat the server knows, with its messages in order."""

    id: int
    type: str
    title: str | None = None
    user: EmulatedUser | None = None
    next_message_id: int = 1
    messages: dict[int, StoredMessage] = field(default_factory=dict)


@dataclass
class PendingUpdate:
    """An update waiting for getUpdates; payload is the JSON object under its kind."""

    update_id: int
    kind: str
    payload: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """Return the Update object."""
        return {"update_id": self.update_id, self.kind: self.payload}


@dataclass
class CallbackQueryRecord:
    """A button press the bot should answer."""

    query_id: str
    chat_id: int
    message_id: int
    data: str
    answered: bool = False


@dataclass
class BotIdentity:
    """The bot's own account."""

    id: int
    first_name: str
    username: str


class EmulatorState:
    """The server's memory, shared by the HTTP handlers and the test-facing API."""

    def __init__(self, bot: BotIdentity, wall_clock: Callable[[], float] = time.time) -> None:
        self.bot = bot
        self.wall_clock = wall_clock
        self.chats: dict[int, ChatRecord] = {}
        self.updates: list[PendingUpdate] = []
        # The latest updates queued, confirmed or not, so a test can have one come again.
        self.recent_updates: OrderedDict[int, PendingUpdate] = OrderedDict()
        self.confirmed_offset = 0  # highest offset the bot has passed to getUpdates
        self.allowed_updates: list[str] | None = None
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.files: dict[str, StoredFile] = {}  # by file_id; a photo's two sizes share one
        self.uploads: list[Upload] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        # The bot's profile texts, by field ("description", "short_description") and language.
        self.profile: dict[tuple[str, str], str] = {}
        self.calls: list[BotCall] = []
        self.blocked_user_ids: set[int] = set()
        self.changed = ChangeSignal()
        self.subscribers: list[asyncio.Queue[ChatMessage]] = []
        self.waiting_polls = 0  # getUpdates requests now parked in a long poll
        self.poll_generation = 0  # bumped by each getUpdates, so an older long poll can yield
        self.last_poll_waits = False  # whether the newest getUpdates is a long poll itself
        self.closing = False
        self._update_ids = itertools.count(1)
        self._file_numbers = itertools.count(1)
        self._media_group_ids = itertools.count(13_579_000_000_000_001)
        self._query_ids = itertools.count(4_611_686_018_427_387_904)

    def now(self) -> int:
        """Return the current Unix time, as message dates carry it."""
        return int(self.wall_clock())

    def chat(self, chat_id: int) -> ChatRecord | None:
        """Return a known chat."""
        return self.chats.get(chat_id)

    def ensure_chat(
        self,
        chat_id: int,
        chat_type: str,
        *,
        title: str | None = None,
        user: EmulatedUser | None = None,
    ) -> ChatRecord:
        """Return the chat, creating it the first time someone writes in it."""
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = ChatRecord(id=chat_id, type=chat_type, title=title, user=user)
            self.chats[chat_id] = chat
        return chat

    def take_message_id(self, chat: ChatRecord) -> int:
        """Return the chat's next message id."""
        message_id = chat.next_message_id
        chat.next_message_id += 1
        return message_id

    def store_message(self, message: StoredMessage) -> StoredMessage:
        """Keep a new message in its chat."""
        self.chats[message.chat_id].messages[message.message_id] = message
        self.changed.notify()
        return message

    def queue_update(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update for the bot and return its update_id."""
        update = PendingUpdate(next(self._update_ids), kind, payload)
        self.updates.append(update)
        self.recent_updates[update.update_id] = update
        if len(self.recent_updates) > RECENT_UPDATES_KEPT:
            self.recent_updates.popitem(last=False)
        self.changed.notify()
        return update.update_id

    def new_file(
        self,
        kind: str,
        data: bytes | None,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        dimensions: tuple[int, int] | None = None,
        duration: int | None = None,
    ) -> StoredFile:
        """Store a file of a kind ("photo", "document", ...) and give it ids and a download path."""
        folder, extension = _FILE_LAYOUT[kind]
        number = next(self._file_numbers)
        width, height = dimensions or (None, None)
        stored = StoredFile(
            file_id=f"EMU-{folder}-{number:06d}",
            file_unique_id=f"emu{number:06d}",
            file_path=f"{folder}/file_{number}.{extension}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
            duration=duration,
        )
        self.files[stored.file_id] = stored
        if kind == "photo":
            self.files[stored.file_id + SMALL_PHOTO_SUFFIX] = stored
        return stored

    def record_upload(self, upload: Upload) -> None:
        """Remember that the bot uploaded a file's bytes."""
        self.uploads.append(upload)

    def forget_file(self, file_id: str) -> None:
        """Drop a file and every file_id it has, as Telegram may; ValueError if unknown."""
        stored = self.files.get(file_id)
        if stored is None:
            raise ValueError(f"no file has the id {file_id!r}")
        for known_id in [key for key, value in self.files.items() if value is stored]:
            del self.files[known_id]

    def new_media_group_id(self) -> str:
        """Return a fresh album id; Telegram's are long decimal numbers in a string."""
        return str(next(self._media_group_ids))

    def new_callback_query_id(self) -> str:
        """Return a fresh callback query id."""
        return str(next(self._query_ids))

    def record_call(self, call: BotCall) -> None:
        """Remember an API call and wake anyone waiting for it."""
        self.calls.append(call)
        self.changed.notify()

    def publish(self, message: ChatMessage) -> None:
        """Hand a snapshot of a bot message to every subscriber."""
        for queue in self.subscribers:
            queue.put_nowait(message)


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _deep_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_deep_copy(item) for item in value]
    return value
