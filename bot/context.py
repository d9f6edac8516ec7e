"""The typed context handlers receive: services are properties, not string keys in bot_data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application, CallbackContext, ExtBot

from bot.settings import Settings
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


class RehabContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Callback context with typed access to the services."""

    @property
    def services(self) -> Services:
        """The services of the running application."""
        application = self.application
        if not isinstance(application, RehabApplication):
            raise TypeError("handlers run only inside a RehabApplication")
        return application.services

    def db(self) -> AsyncSession:
        """Open the one database session for this update or job."""
        return self.services.sessionmaker()

    def local_today(self, zone_name: str) -> date:
        """Return today's date in a person's time zone."""
        return self.services.clock.now().astimezone(ZoneInfo(zone_name)).date()
