"""The file a send names, checked against Telegram's limits before anything is kept.

A send names its file as an upload (a multipart part, directly or through attach://), a file_id
the server knows, or an http(s) URL. choose_file checks it, keep_file stores it: only a send that
goes through keeps its file and counts its upload, so a send refused later (by flood control, or
for another item of its album) leaves nothing behind, as a failed send on Telegram yields no
file_id either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from emulator.errors import ApiError, bad_request
from emulator.images import image_size
from emulator.models import Upload, UploadedFile
from emulator.state import EmulatorState, StoredFile

WRONG_FILE = "wrong file identifier/HTTP URL specified"
PHOTO_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = 50 * 1024 * 1024  # for any file a bot uploads to api.telegram.org
_PHOTO_MAX_SIDES = 10_000  # width + height
_PHOTO_MAX_RATIO = 20
_DECLARED = ("width", "height", "duration")  # what a sender may say about a new file


@dataclass(frozen=True)
class ChosenFile:
    """A checked file, not stored yet; exactly one of known, upload and url is set."""

    kind: str
    known: StoredFile | None = None
    upload: UploadedFile | None = None
    url: str | None = None
    dimensions: tuple[int, int] | None = None
    duration: int | None = None


def choose_file(
    state: EmulatorState, params: Mapping[str, Any], value: Any, kind: str
) -> ChosenFile:
    """Return the file value names for a send of kind ("photo", ...), or Telegram's 400."""
    if isinstance(value, str) and value.startswith("attach://"):
        value = params.get(value.removeprefix("attach://"))
        if not isinstance(value, UploadedFile):
            raise bad_request(WRONG_FILE)
    if isinstance(value, UploadedFile):
        return ChosenFile(kind, upload=value, dimensions=_checked_upload(value.data, kind))
    if isinstance(value, str):
        known = state.files.get(value)
        if known is not None:
            return ChosenFile(kind, known=known)
        if value.lower().startswith(("http://", "https://")):
            return ChosenFile(kind, url=value)
    raise bad_request(WRONG_FILE)


def with_declared_attributes(chosen: ChosenFile, source: Mapping[str, Any]) -> ChosenFile:
    """Take the width, height and duration the sender declares for a new animation, video or
    audio file: the emulator reads no video, and Telegram reports what the sender said.

    A photo's size is measured, never declared; a file sent again keeps what it had.
    """
    if chosen.kind == "photo" or chosen.known is not None:
        return chosen
    width, height, duration = (_integer(source.get(name)) for name in _DECLARED)
    dimensions = (width, height) if width is not None and height is not None else None
    return replace(
        chosen,
        dimensions=dimensions or chosen.dimensions,
        duration=chosen.duration if duration is None else duration,
    )


def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def keep_file(state: EmulatorState, chosen: ChosenFile, *, method: str, chat_id: int) -> StoredFile:
    """Store a chosen file (a known one stays as it is) and record an upload of new bytes."""
    if chosen.known is not None:
        return chosen.known
    if chosen.upload is None:
        url = chosen.url or ""
        return state.new_file(chosen.kind, None, file_name=url.rsplit("/", 1)[-1])
    upload = chosen.upload
    stored = state.new_file(
        chosen.kind,
        upload.data,
        file_name=upload.filename,
        mime_type=upload.content_type,
        dimensions=chosen.dimensions,
        duration=chosen.duration,
    )
    state.record_upload(Upload(method, chat_id, stored.file_id, upload.filename, len(upload.data)))
    return stored


def _checked_upload(data: bytes, kind: str) -> tuple[int, int] | None:
    """Refuse an upload Telegram refuses; return the picture's size if it is one and readable."""
    if not data:
        raise bad_request("file must be non-empty")
    if len(data) > UPLOAD_MAX_BYTES:
        raise ApiError(413, "Request Entity Too Large")
    if kind == "photo":
        return _checked_photo(data)
    # A GIF animation tells its size; video and other files are not read.
    return image_size(data) if kind == "animation" else None


def _checked_photo(data: bytes) -> tuple[int, int]:
    """Apply sendPhoto's documented rules: at most 10 MB, width + height at most 10000, and
    neither side more than 20 times the other; content that is no readable image fails too."""
    if len(data) > PHOTO_MAX_BYTES:
        raise bad_request(
            f"file of size {len(data)} bytes is too big for a photo; "
            f"the maximum size is {PHOTO_MAX_BYTES} bytes"
        )
    size = image_size(data)
    if size is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    width, height = size
    if width + height > _PHOTO_MAX_SIDES or max(size) > _PHOTO_MAX_RATIO * min(size):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return size
