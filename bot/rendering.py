"""Turning domain objects into Telegram HTML that fits Telegram's limits."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.texts import format_date
from rehab.routine import Routine

MAX_MESSAGE_LENGTH = 4096


def routine_html(routine: Routine, *, day: date, session: int) -> str:
    """Render one session's routine."""
    lines = [
        f"<b>{escape(format_date(day))}, session {session}: {escape(routine.title)}</b>",
        "",
    ]
    for number, exercise in enumerate(routine.exercises, start=1):
        lines.append(f"{number}. <b>{escape(exercise.name)}</b> ({escape(exercise.dose)})")
        lines.append(escape(exercise.how))
    lines += [
        "",
        f"<b>Endurance:</b> {escape(routine.endurance)}",
        f"<b>Stop if:</b> {escape(routine.stop_if)}",
    ]
    return "\n".join(lines)


def split_message(html: str, *, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Split HTML at line breaks into messages within the limit; tags never span lines here."""
    messages: list[str] = []
    current = ""
    for line in html.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if _telegram_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
        if _telegram_length(line) > limit:
            raise ValueError("a single line is longer than a Telegram message")
        current = line
    if current.strip():
        messages.append(current)
    return messages


def _telegram_length(text: str) -> int:
    """Count UTF-16 code units, as Telegram does; markup counts too, which errs on the safe side."""
    return len(text.encode("utf-16-le")) // 2
