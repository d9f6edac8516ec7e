"""Turning domain objects into Telegram HTML that fits Telegram's limits."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.texts import FREQUENCY_NAMES, format_date
from rehab.routine import Routine

MAX_MESSAGE_LENGTH = 4096


def routine_html(routine: Routine, *, day: date, day_in_phase: int, phases: int) -> str:
    """Render one session's routine: the phase, each exercise with its steps, and the cues."""
    phase = routine.phase
    kind = "short session" if routine.shorter else "session"
    lines = [
        f"<b>{escape(format_date(day))}, {kind} {routine.session}</b>",
        f"Phase {phase.number} of {phases}: <b>{escape(phase.name)}</b>, day {day_in_phase + 1}",
        f"<i>{escape(phase.goal)}</i>",
    ]
    for number, prescription in enumerate(routine.prescriptions, start=1):
        exercise = prescription.exercise
        how_often = FREQUENCY_NAMES[prescription.frequency]
        lines += [
            "",
            f"{number}. <b>{escape(exercise.name)}</b>: {escape(prescription.dose)}, {how_often}",
            *(f"• {escape(step)}" for step in exercise.steps),
        ]
    lines += [
        "",
        "<b>Keep fit without the hamstring:</b> " + escape("; ".join(phase.endurance)),
    ]
    if phase.avoid:
        lines.append("<b>Avoid for now:</b> " + escape("; ".join(phase.avoid)))
    lines.append(f"⚠️ {escape(phase.stop_if)}")
    return "\n".join(lines)


def split_message(html: str, *, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Split HTML at line breaks into messages within the limit; tags never span lines here."""
    messages: list[str] = []
    current = ""
    for line in html.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if telegram_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
        if telegram_length(line) > limit:
            raise ValueError("a single line is longer than a Telegram message")
        current = line
    if current.strip():
        messages.append(current)
    return messages


def telegram_length(text: str) -> int:
    """Count UTF-16 code units, as Telegram does; markup counts too, which errs on the safe side."""
    return len(text.encode("utf-16-le")) // 2
