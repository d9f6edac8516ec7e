"""Every setting of the bot, read from the environment or a .env file."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from scheduler.quiet_hours import QuietHours
from storage.engine import check_database_url

TELEGRAM_API = "https://api.telegram.org/bot"


class Settings(BaseSettings):
    """Configuration; see .env.example for what each setting means."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API
    database_url: str = "sqlite+aiosqlite:///rehab-bot.db"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    dispatch_interval_seconds: float = Field(default=5.0, gt=0)
    reminder_grace_minutes: int = Field(default=120, ge=0)
    max_messages_per_second: float = Field(default=30.0, gt=0, le=30)
    max_messages_per_chat_per_second: float = Field(default=1.0, gt=0, le=1)
    quiet_hours: str = "22:00-07:00"
    startup_wait_seconds: float = Field(default=60.0, ge=0)

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, window: str) -> str:
        """Refuse quiet hours that do not read as HH:MM-HH:MM."""
        return str(QuietHours.parse(window))

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, url: str) -> str:
        """Refuse a URL that is no SQLite or PostgreSQL database, before any driver is loaded."""
        check_database_url(url)
        return url

    @field_validator("telegram_api_base_url")
    @classmethod
    def _ends_in_bot(cls, url: str) -> str:
        """Refuse a base URL in a form python-telegram-bot would append the token to wrongly."""
        if not url.rstrip("/").endswith("/bot"):
            raise ValueError("must end in /bot, e.g. https://api.telegram.org/bot")
        return url.rstrip("/")

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, level: object) -> object:
        """Accept the level in any case."""
        return level.upper() if isinstance(level, str) else level

    @property
    def telegram_file_base_url(self) -> str:
        """The file download URL that belongs to the API base URL."""
        return self.telegram_api_base_url.removesuffix("/bot") + "/file/bot"

    @property
    def quiet(self) -> QuietHours:
        """The default quiet hours, in each person's local time."""
        return QuietHours.parse(self.quiet_hours)

    @property
    def reminder_grace(self) -> timedelta:
        """How late a reminder may still be sent after a downtime."""
        return timedelta(minutes=self.reminder_grace_minutes)
