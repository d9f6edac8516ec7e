"""The command line's settings errors name the setting and the reason, never the value."""

from __future__ import annotations

import pytest

from bot import cli

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
