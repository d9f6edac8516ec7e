"""Image sizes read from headers, checked against Pillow, and the upload limits on files."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from emulator import UploadedFile, blank_png
from emulator.errors import ApiError
from emulator.images import image_size
from emulator.methods.files import UPLOAD_MAX_BYTES, choose_file
from emulator.state import BotIdentity, EmulatorState


def encoded(image_format: str, size: tuple[int, int], mode: str = "RGB", **options: bool) -> bytes:
    """Return an image Pillow wrote in image_format."""
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, image_format, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        encoded("PNG", (321, 123)),
        encoded("JPEG", (321, 123)),
        encoded("JPEG", (321, 123), progressive=True),
        encoded("GIF", (321, 123)),
        encoded("WEBP", (321, 123)),
        encoded("WEBP", (321, 123), lossless=True),
        encoded("WEBP", (321, 123), mode="RGBA"),  # the extended VP8X layout
    ],
)
def test_header_sizes_match_what_pillow_wrote(data: bytes) -> None:
    """Each format's header gives the width and height Pillow encoded."""
    assert image_size(data) == (321, 123)


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.7", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"GIF89a\x00\x00"],
)
def test_unreadable_or_truncated_images_have_no_size(data: bytes) -> None:
    """Other content, and a header cut short, give None instead of a guess."""
    assert image_size(data) is None


def test_blank_png_is_a_real_png() -> None:
    """Pillow decodes blank_png's output, however extreme its proportions."""
    image = Image.open(io.BytesIO(blank_png(10001, 10)))
    image.load()
    assert image.size == (10001, 10)
    assert image_size(blank_png(7, 3)) == (7, 3)


def test_uploads_over_50_mb_are_too_large() -> None:
    """A bot's upload of any file over 50 MB gets Telegram's 413."""
    state = EmulatorState(BotIdentity(1, "Bot", "bot"))
    upload = UploadedFile("big.bin", None, b"\x00" * (UPLOAD_MAX_BYTES + 1))
    with pytest.raises(ApiError) as refused:
        choose_file(state, {}, upload, "document")
    assert (refused.value.error_code, refused.value.description) == (
        413,
        "Request Entity Too Large",
    )
    assert choose_file(state, {}, UploadedFile("ok.bin", None, b"\x00"), "document").upload
