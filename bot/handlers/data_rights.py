"""/export and /forget: the person's own data, as a file or deleted for good."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import callbacks
from bot.context import RehabContext
from bot.handlers.update_io import edit, sent_message
from bot.texts import your_data as your_data_texts
from bot.views.export_archive import build_export
from bot.views.keyboards import forget_keyboard
from coach import own_data
from coach.refusals import Refusal

log = logging.getLogger(__name__)


async def export(update: Update, context: RehabContext) -> None:
    """Send everything stored about the person as a zip file, times in their zone."""
    message, user_id = sent_message(update)
    async with context.work() as work:
        rows = await own_data.rows_to_export(work, user_id=user_id)
        now = work.now
    if not any(rows.values()):
        await message.reply_text(your_data_texts.NOTHING_STORED)
        return
    archive = await build_export(rows, columns=own_data.export_columns(), now=now)
    await message.reply_document(
        document=archive.content,
        filename=archive.filename,
        caption=your_data_texts.export_caption(archive.zone),
    )
    log.info("sent a data export of %d rows", sum(len(table) for table in rows.values()))


async def forget(update: Update, context: RehabContext) -> None:
    """Say what deleting everything means and ask to confirm."""
    message, user_id = sent_message(update)
    async with context.work() as work:
        stored = await own_data.anything_stored(work, user_id=user_id)
    if not stored:
        await message.reply_text(your_data_texts.NOTHING_STORED)
        return
    await message.reply_text(your_data_texts.FORGET_WARNING, reply_markup=forget_keyboard(user_id))


async def forget_answered(update: Update, context: RehabContext) -> None:
    """Delete everything, or keep it; only the person the buttons name can do either."""
    query = update.callback_query
    if query is None:
        return
    delete, owner = callbacks.FORGET.decode(query.data)
    if not _pressed_by_owner(query, owner):
        # Ids stay out of logs above DEBUG: they tie a health record to a Telegram account.
        log.debug("refused a forget press by user %s on the data of %s", query.from_user.id, owner)
        await query.answer(your_data_texts.NOT_YOUR_DATA, show_alert=True)
        return
    if not delete:
        await query.answer()
        await edit(query, your_data_texts.KEPT)
        return
    await _delete_everything(query, context)


async def _delete_everything(query: CallbackQuery, context: RehabContext) -> None:
    person = query.from_user.id
    try:
        async with context.work() as work:
            deleted = await own_data.forget(work, user_id=person)
    except Refusal:
        # Mid-onboarding: /cancel ends the setup first.
        await query.answer(your_data_texts.FINISH_SETUP_FIRST, show_alert=True)
        return
    # Whatever PTB holds in memory about the person goes too.
    context.application.drop_user_data(person)
    context.application.drop_chat_data(person)
    total = sum(deleted.values())
    if total == 0:
        # A second press (a double tap, or an older /forget message): nothing is left. The
        # message is left alone; after a double tap it is already being edited.
        await query.answer(your_data_texts.ALREADY_DELETED)
        return
    await query.answer(your_data_texts.DELETED_ALERT)
    log.info("deleted a person's data: %d rows", total)
    log.debug("deleted the data of user %s: %s", person, deleted)
    await edit(query, your_data_texts.DELETED)


def _pressed_by_owner(query: CallbackQuery, owner: int) -> bool:
    """Whether the presser is the person the button names, in their own private chat."""
    chat = query.message.chat if query.message is not None else None
    return (
        owner == query.from_user.id
        and chat is not None
        and chat.type == ChatType.PRIVATE
        and chat.id == owner
    )


def handlers() -> list[BaseHandler[Update, RehabContext, None]]:
    """/export, /forget and the confirmation buttons."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("export", export, filters=private),
        CommandHandler("forget", forget, filters=private),
        CallbackQueryHandler(forget_answered, pattern=callbacks.FORGET.matches),
    ]
