"""The time zone question, as onboarding and /settings ask it: tapped, typed or located.

A shared location is turned into a zone at once and then dropped: it is neither stored nor
logged, and only the zone goes on to the coach.
"""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from telegram import Update

from bot import texts
from bot.callbacks import Family
from bot.context import RehabContext
from bot.handlers.update_io import explain, pressed_query, sender_id, sent_message, show
from bot.texts import buttons
from bot.texts import typed_answers as words
from bot.views import keyboards
from bot.zones import ZoneFound, ZoneQuestion, offset_label, read_zone, zone_at
from rehab.injury import AnswerError

# In user_data (kept in memory only): the share-location keyboard is up in this chat.
_LOCATION_KEYBOARD = "zone_location_keyboard"


async def offer_location(update: Update, context: RehabContext) -> None:
    """Put the share-location keyboard below the message box (Share my location was tapped)."""
    query = pressed_query(update)
    await query.answer()
    if context.user_data is not None:
        context.user_data[_LOCATION_KEYBOARD] = True
    await context.bot.send_message(
        _chat_id(update),
        escape(words.SHARE_LOCATION_HOW),
        reply_markup=keyboards.location_keyboard(),
    )


async def settled_zone(
    update: Update,
    context: RehabContext,
    *,
    pressed: str | None,
    family: Family[str],
    back: bool,
) -> ZoneFound | None:
    """The zone an answer settles on; else ask with buttons or explain, and return None."""
    found = pressed_zone(pressed) if pressed is not None else await _answered(update, context)
    if found is None:
        return None
    if isinstance(found, ZoneQuestion):
        choices = [(option.zone, option.label) for option in found.options]
        await show(
            update,
            escape(found.question),
            keyboards.zone_choice_keyboard(choices, family, back=back),
        )
        return None
    if (context.user_data or {}).pop(_LOCATION_KEYBOARD, False):
        # Only a new message takes the keyboard below the message box away: it says how the
        # answer was read, and the question's own message goes on as usual.
        html = escape(found.note) if found.note else texts.echo_answer(found.zone.key)
        await context.bot.send_message(
            _chat_id(update), html, reply_markup=keyboards.no_location_keyboard()
        )
        return ZoneFound(found.zone)
    return found


def pressed_zone(name: str) -> ZoneFound:
    """The zone on a button (its family has checked it exists)."""
    return ZoneFound(ZoneInfo(name))


def zone_echo(found: ZoneFound) -> str:
    """The confirmed zone, and how it was read when that needs saying (HTML)."""
    echo = texts.echo_answer(found.zone.key)
    return echo if found.note is None else f"{echo}\n<i>{escape(found.note)}</i>"


async def _answered(update: Update, context: RehabContext) -> ZoneFound | ZoneQuestion | None:
    """Read a typed zone or a shared location; explain (and return None) when it cannot be."""
    message, _ = sent_message(update)
    now = context.services.clock.now()
    if message.location is not None:
        zone = zone_at(latitude=message.location.latitude, longitude=message.location.longitude)
        if zone is None:
            await explain(update, words.ZONE_NOT_LOCATED)
            return None
        return ZoneFound(zone, words.zone_located(zone.key, offset_label(zone, now)))
    text = message.text or ""
    if text == buttons.TYPE_ZONE_INSTEAD:
        if context.user_data is not None:
            context.user_data.pop(_LOCATION_KEYBOARD, None)
        await message.reply_text(
            escape(words.TYPE_ZONE_NOW), reply_markup=keyboards.no_location_keyboard()
        )
        return None
    try:
        return read_zone(text, now=now)
    except AnswerError as error:
        await explain(update, str(error))
        return None


def _chat_id(update: Update) -> int:
    chat = update.effective_chat
    return chat.id if chat is not None else sender_id(update)
