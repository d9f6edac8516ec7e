"""The command line's settings errors name the setting and the reason, never the value."""

from __future__ import annotations

import pytest

from bot import cli
from bot.config import Settings

TOKEN = "123456:ABC-marker-token-never-shown"  # noqa: S105 (a marker, not a secret)


def test_a_bad_setting_is_named_without_echoing_its_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A token pasted into the base URL setting is refused, and not printed back."""
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", f"https://api.telegram.org/bot{TOKEN}")
    monkeypatch.setenv("QUIET_HOURS", "late")
    assert cli.main(["run"]) == cli.EXIT_CONFIG
    printed = capsys.readouterr().err
    assert "TELEGRAM_API_BASE_URL: Value error, must end in /bot" in printed
    assert "QUIET_HOURS" in printed
    assert TOKEN not in printed
    assert "marker-token" not in printed


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://rehab:hunter2@db/rehab", "names the 'mysql' database driver"),
        (
            "postgresql+psycopg2://rehab:hunter2@db/rehab",
            "names the 'postgresql+psycopg2' database driver",
        ),
        ("hunter2 is no URL", "is not a database URL"),
    ],
)
def test_a_database_url_the_bot_cannot_use_is_a_settings_error(
    url: str, reason: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A URL for another database, or none at all, is refused before any driver is loaded,
    without printing it back (it may hold a password)."""
    monkeypatch.setenv("DATABASE_URL", url)
    assert cli.main(["run"]) == cli.EXIT_CONFIG
    printed = capsys.readouterr().err
    assert f"DATABASE_URL: Value error, {reason}" in printed
    assert "hunter2" not in printed


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///rehab.db",
        "sqlite+aiosqlite:////var/lib/rehab/rehab.db",
        "postgres://rehab@db/rehab",
        "postgresql://rehab@db:5432/rehab",
        "postgresql+asyncpg://rehab:secret@db/rehab?ssl=require",
    ],
)
def test_sqlite_and_postgresql_urls_are_accepted(url: str) -> None:
    """Every URL form the README documents passes the check."""
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    assert settings.database_url == url
