"""/export and /forget: the person's own data, as a file or deleted for good."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.context import RehabContext
from bot.export import build_export
from bot.handlers.replies import edit
from bot.texts import data_rights as texts
from storage import personal_data

log = logging.getLogger(__name__)

FORGET = "forget"
YES, NO = "yes", "no"
# forget:<yes|no>:<user id>: the buttons say whose data they are about, so a press by anyone
# else is recognised whatever chat the message ends up in.
FORGET_PATTERN = rf"^{FORGET}:({YES}|{NO}):\d{{1,20}}$"


def forget_keyboard(user_id: int) -> InlineKeyboardMarkup:
    """Confirm or call off the deletion; both buttons name the person they are for."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.DELETE_EVERYTHING, callback_data=f"{FORGET}:{YES}:{user_id}"
                ),
                InlineKeyboardButton(texts.KEEP_MY_DATA, callback_data=f"{FORGET}:{NO}:{user_id}"),
            ]
        ]
    )


async def export(update: Update, context: RehabContext) -> None:
    """Send everything stored about the person as a zip file, times in their zone."""
    message, person = update.effective_message, update.effective_user
    if message is None or person is None:
        return
    async with context.db() as session:
        rows = await personal_data.export_rows(session, user_id=person.id)
    if not any(rows.values()):
        await message.reply_text(texts.NOTHING_STORED)
        return
    archive = await build_export(
        rows, columns=personal_data.table_columns(), now=context.services.clock.now()
    )
    await message.reply_document(
        document=archive.content,
        filename=archive.filename,
        caption=texts.export_caption(archive.zone),
    )
    log.info("sent a data export of %d rows", sum(len(table) for table in rows.values()))


async def forget(update: Update, context: RehabContext) -> None:
    """Say what deleting everything means and ask to confirm."""
    message, person = update.effective_message, update.effective_user
    if message is None or person is None:
        return
    async with context.db() as session:
        counts = await personal_data.count_rows(session, user_id=person.id)
    if not any(counts.values()):
        await message.reply_text(texts.NOTHING_STORED)
        return
    await message.reply_text(texts.FORGET_WARNING, reply_markup=forget_keyboard(person.id))


async def forget_answered(update: Update, context: RehabContext) -> None:
    """Delete everything, or keep it; only the person the buttons name can do either."""
    query = update.callback_query
    if query is None:
        return
    _, choice, owner = (query.data or "").split(":")
    if not _pressed_by_owner(query, int(owner)):
        # Ids stay out of logs above DEBUG: they tie a health record to a Telegram account.
        log.debug(
            "refused a %s press by user %s on the data of %s", FORGET, query.from_user.id, owner
        )
        await query.answer(texts.NOT_YOUR_DATA, show_alert=True)
        return
    if choice == NO:
        await query.answer()
        await edit(query, texts.KEPT)
        return
    await _delete_everything(query, context)


async def _delete_everything(query: CallbackQuery, context: RehabContext) -> None:
    person = query.from_user.id
    async with context.db() as session, session.begin():
        # Mid-onboarding, the conversation would go on asking about a person who no longer
        # exists; /cancel ends it first.
        busy = await personal_data.has_conversation_in_progress(session, user_id=person)
        deleted = {} if busy else await personal_data.forget(session, user_id=person)
    if busy:
        await query.answer(texts.FINISH_SETUP_FIRST, show_alert=True)
        return
    # Whatever PTB holds in memory about the person goes too.
    context.application.drop_user_data(person)
    context.application.drop_chat_data(person)
    total = sum(deleted.values())
    if total == 0:
        # A second press (a double tap, or an older /forget message): nothing is left. The
        # message is left alone; after a double tap it is already being edited.
        await query.answer(texts.ALREADY_DELETED)
        return
    await query.answer(texts.DELETED_ALERT)
    log.info("deleted a person's data: %d rows", total)
    log.debug("deleted the data of user %s: %s", person, deleted)
    await edit(query, texts.DELETED)


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
        CallbackQueryHandler(forget_answered, pattern=FORGET_PATTERN),
    ]
