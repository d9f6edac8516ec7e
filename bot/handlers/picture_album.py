"""Sending the exercises' pictures: an album with the first routine of a phase and under "How
to", uploaded once and then sent by the file_id Telegram returned.

The ids are a cache kept in the database (coach.pictures): a picture redrawn has a new digest
and is uploaded again, and an id Telegram refuses is forgotten and the album sent again with
uploads. Drawing runs in a worker thread the first time (about 60 ms a picture).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Mapping, Sequence

from telegram import Bot, InputMediaPhoto, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot import texts
from bot.context import RehabContext
from bot.handlers.update_io import send_routine
from bot.views.exercise_pictures import exercise_picture, picture_keys
from bot.views.routine_message import render_routine, routine_exercises
from coach import pictures
from coach.today import SessionPlan
from rehab.protocol import Exercise

log = logging.getLogger(__name__)

# Telegram's album: two to ten photos.
ALBUM_MOST = 10


async def send_first_routine(context: RehabContext, chat_id: int, plan: SessionPlan) -> None:
    """The first routine of a phase: its exercises' pictures, then the routine with its steps
    and buttons (last, so its buttons are at hand)."""
    await send_pictures(context, chat_id, routine_exercises(plan))
    await send_routine(context.bot, chat_id, *render_routine(plan))


async def send_pictures(context: RehabContext, chat_id: int, exercises: Sequence[Exercise]) -> None:
    """Send the pictures of these exercises (the first ten): one photo, or an album.

    The pictures help, the routine matters: a Telegram error ends the pictures, not the reply.
    """
    try:
        await _send_pictures(context, chat_id, exercises)
    except TelegramError as error:
        log.warning("exercise pictures not sent: %s", type(error).__name__)


async def _send_pictures(
    context: RehabContext, chat_id: int, exercises: Sequence[Exercise]
) -> None:
    drawn = [exercise for exercise in exercises if exercise.key in picture_keys()][:ALBUM_MOST]
    if not drawn:
        return
    pngs = {e.key: await asyncio.to_thread(exercise_picture, e.key) for e in drawn}
    digests = {key: hashlib.sha256(png).hexdigest() for key, png in pngs.items()}
    async with context.work() as work:
        known = await pictures.stored_file_ids(work, digests)
    try:
        sent = await _send(context.bot, chat_id, drawn, pngs, known)
    except BadRequest as error:
        if not known or not _refused_file(error):
            raise
        log.info("Telegram refused %d stored picture ids; uploading again", len(known))
        async with context.work() as work:
            await pictures.drop_file_ids(work, known)
        known = {}
        sent = await _send(context.bot, chat_id, drawn, pngs, known)
    uploaded = {
        exercise.key: (digests[exercise.key], message.photo[-1].file_id)
        for exercise, message in zip(drawn, sent, strict=True)
        if exercise.key not in known and message.photo
    }
    if uploaded:
        async with context.work() as work:
            await pictures.keep_file_ids(work, uploaded)


async def _send(
    bot: Bot,
    chat_id: int,
    exercises: Sequence[Exercise],
    pngs: Mapping[str, bytes],
    known: Mapping[str, str],
) -> Sequence[Message]:
    media = [known.get(e.key) or pngs[e.key] for e in exercises]
    captions = [texts.picture_caption(e) for e in exercises]
    if len(exercises) == 1:
        photo = await bot.send_photo(
            chat_id, media[0], caption=captions[0], parse_mode=ParseMode.HTML
        )
        return [photo]
    album = [
        InputMediaPhoto(
            item, caption=caption, parse_mode=ParseMode.HTML, filename=f"{exercise.key}.png"
        )
        for item, caption, exercise in zip(media, captions, exercises, strict=True)
    ]
    return await bot.send_media_group(chat_id, album)


def _refused_file(error: BadRequest) -> bool:
    """Telegram's answer to a file_id it does not know (any more)."""
    message = error.message.lower()
    return "file" in message and ("identifier" in message or "file_id" in message)
