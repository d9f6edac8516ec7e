"""Button presses: each handler registered with the family of its buttons, and given the
press with the value its data carries, once the press is known to be the person's own."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.callbacks import Family
from bot.context import RehabContext
from bot.handlers.update_io import Handlers, edit, pressed_query, refusals_answered

R = TypeVar("R")
T = TypeVar("T")


@dataclass(frozen=True)
class Press(Generic[T]):
    """A press of one of the person's own buttons, with the value its data carries."""

    update: Update
    query: CallbackQuery
    value: T

    @property
    def user_id(self) -> int:
        """The person who pressed (in their own private chat)."""
        return self.query.from_user.id

    async def show(self, html: str, markup: InlineKeyboardMarkup | None = None) -> None:
        """Answer the press and show ``html`` in place of the message the button is under."""
        await self.query.answer()
        await edit(self.query, html, reply_markup=markup)

    @property
    def chat_id(self) -> int:
        """The chat of the message the button is under."""
        return self.query.message.chat.id if self.query.message else self.user_id


PressCallback = Callable[[Press[T], RehabContext], Coroutine[Any, Any, R]]


class ButtonHandlers:
    """The handlers of a module's buttons, each registered where it is defined.

    Every press is checked to be the person's own, its data decoded by the button's family, and
    a refusal of the coach answered in words, in one place for every button.
    """

    def __init__(self) -> None:
        self.handlers: Handlers = []

    def on(self, family: Family[T]) -> Callable[[PressCallback[T, R]], PressCallback[T, R]]:
        """Register the decorated callback for presses of a family's buttons."""

        def register(callback: PressCallback[T, R]) -> PressCallback[T, R]:
            @refusals_answered
            async def pressed(update: Update, context: RehabContext) -> R:
                query = pressed_query(update)
                return await callback(Press(update, query, family.decode(query.data)), context)

            functools.update_wrapper(pressed, callback)
            self.handlers.append(CallbackQueryHandler(pressed, pattern=family.matches))
            return callback

        return register
