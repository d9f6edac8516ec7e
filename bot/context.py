"""The typed context handlers receive: services are properties, not string keys in bot_data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from bot.overall_limit import answering_update
from coach.work import Work
from scheduler.clock import Clock
from scheduler.dispatcher import ReminderDispatcher


@dataclass
class Services:
    """What handlers and jobs need from outside Telegram."""

    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    clock: Clock
    dispatcher: ReminderDispatcher | None = None


class RehabApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's Application carrying the bot's services."""

    def __init__(self, *, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services

    async def process_update(self, update: object) -> None:
        """Handle an update; what its handlers send are replies (bot.overall_limit)."""
        with answering_update():
            await super().process_update(update)


class RehabContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Callback context with typed access to the services."""

    @property
    def services(self) -> Services:
        """The services of the running application."""
        application = self.application
        if not isinstance(application, RehabApplication):
            raise TypeError("handlers run only inside a RehabApplication")
        return application.services

    @asynccontextmanager
    async def work(self) -> AsyncIterator[Work]:
        """Open the one unit of work of this update: it commits on leaving, before any reply."""
        services = self.services
        async with services.sessionmaker() as session, session.begin():
            yield Work(
                session=session, now=services.clock.now(), default_quiet=services.settings.quiet
            )
