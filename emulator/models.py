"""The emulator's public records: users, chat messages as tests see them, and API calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EmulatedUser:
    """A person talking to the bot; their private chat has the same id as they do."""

    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = None


@dataclass(frozen=True)
class UploadedFile:
    """A file that arrived in a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Upload:
    """A file the bot uploaded as bytes, rather than naming a known file_id or a URL."""

    method: str
    chat_id: int
    file_id: str  # the id Telegram gave the new file
    file_name: str | None
    size: int  # bytes


@dataclass(frozen=True)
class BotCall:
    """One Bot API request the bot made and how the emulator answered it."""

    method: str
    params: dict[str, Any]
    ok: bool
    result: Any = None
    error_code: int | None = None
    description: str | None = None


@dataclass(frozen=True)
class ChatMessage:
    """A snapshot of one message in a chat, as a person in that chat would see it."""

    message_id: int
    chat_id: int
    from_bot: bool
    text: str | None = None
    html: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    caption: str | None = None
    caption_html: str | None = None
    photo: bytes | None = field(default=None, repr=False)
    photo_name: str | None = None
    document: bytes | None = field(default=None, repr=False)
    document_name: str | None = None
    # The media of any kind (photo, document, animation, video, audio or sticker), and its
    # file_id (a photo's largest size), which a bot can send again instead of uploading.
    file: bytes | None = field(default=None, repr=False)
    file_name: str | None = None
    file_id: str | None = None
    media_group_id: str | None = None  # shared by the messages of one album
    edit_count: int = 0
    date: int = 0
    sender_id: int | None = None
    kind: str = "text"

    @property
    def buttons(self) -> list[list[tuple[str, str | None]]]:
        """Return the keyboard's rows as (text, callback_data) pairs; data is None for others."""
        if self.reply_markup is None:
            return []
        rows = self.reply_markup.get("inline_keyboard") or self.reply_markup.get("keyboard") or []
        return [[_button_pair(button) for button in row] for row in rows]

    def button_data(self, text_substring: str) -> str:
        """Return the callback_data of the first button whose text contains text_substring."""
        for row in self.buttons:
            for text, data in row:
                if text_substring in text and data is not None:
                    return data
        raise LookupError(
            f"no button with callback_data whose text contains {text_substring!r}; "
            f"buttons are {self.buttons!r}"
        )


def _button_pair(button: Any) -> tuple[str, str | None]:
    """Read a keyboard button, which a reply keyboard may give as a bare string."""
    if isinstance(button, str):
        return button, None
    data = button.get("callback_data")
    return str(button.get("text", "")), data if isinstance(data, str) else None
