"""A session's routine as Telegram HTML with its buttons, within Telegram's limits.

Used by /today, at the end of onboarding, after a phase change and by reminders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from telegram import InlineKeyboardMarkup

from bot import texts
from bot.texts import coaching as coaching_texts
from bot.texts import maintenance as maintenance_texts
from bot.views import keyboards
from coach.day_record import morning_check_due, routine_on, walking_pain_free_from
from coach.plan_position import day_in_phase, track_of
from coach.today import SessionPlan
from rehab.protocol import Maintenance, Prescription
from rehab.routine import Routine

MAX_MESSAGE_LENGTH = 4096


def routine_html(routine: Routine, *, day: date, day_in_phase: int, phases: int) -> str:
    """Render one session's routine: the phase, each exercise with its steps, and the cues."""
    phase = routine.phase
    lines = [
        texts.routine_heading(day, session=routine.session, shorter=routine.shorter),
        texts.routine_phase_line(phase, phases=phases, day_in_phase=day_in_phase),
        f"<i>{escape(phase.goal)}</i>",
    ]
    lines += _exercises(routine.prescriptions, weeks=dict(routine.build_up_weeks))
    if routine.eased:
        lines += ["", texts.EASED]
    lines += ["", texts.KEEP_FIT + " " + escape("; ".join(phase.endurance))]
    if phase.avoid:
        lines.append(texts.AVOID_FOR_NOW + " " + escape("; ".join(phase.avoid)))
    lines.append(f"⚠️ {escape(phase.stop_if)}")
    return "\n".join(lines)


def maintenance_html(maintenance: Maintenance, *, day: date) -> str:
    """Render the weekly maintenance session: its exercises and why it is kept up."""
    lines = [maintenance_texts.session_title(day), maintenance_texts.why(maintenance)]
    return "\n".join([*lines, *_exercises(maintenance.prescriptions)])


def _exercises(
    prescriptions: Sequence[Prescription], *, weeks: Mapping[str, int] | None = None
) -> list[str]:
    """Each exercise with its dose, how often (a build-up's week) and its steps, numbered."""
    lines: list[str] = []
    for number, prescription in enumerate(prescriptions, start=1):
        exercise = prescription.exercise
        how_often = texts.how_often(prescription, build_up_week=(weeks or {}).get(exercise.key))
        dose = escape(str(prescription.dose))
        lines += [
            "",
            f"{number}. <b>{escape(exercise.name)}</b>: {dose}, {how_often}",
            *(f"• {escape(step)}" for step in exercise.steps),
        ]
    return lines


def render_routine(plan: SessionPlan) -> tuple[str, InlineKeyboardMarkup]:
    """Render one session's routine and its buttons.

    The first session of a day also asks the next-morning question when yesterday had a
    session and it is not answered yet; a note says what is already logged. After the
    programme the routine is the weekly maintenance session.
    """
    state, record, ref = plan.state, plan.record, plan.ref
    if state.maintenance_since is not None:
        html = maintenance_html(track_of(state).maintenance, day=ref.day)
        logged = [entry for entry in record.on(ref.day) if entry.session == ref.session]
        if logged:
            html += "\n\n" + texts.already_logged(logged[0].outcome, logged[0].pain)
        return html, keyboards.log_keyboard(ref)
    routine = routine_on(state, record, session_number=ref.session)
    html = routine_html(
        routine,
        day=ref.day,
        day_in_phase=day_in_phase(state, ref.day),
        phases=track_of(state).last_phase,
    )
    waits_for_walking = bool(routine.waiting) and state.walking_pain_free_on is None
    if routine.waiting:
        html += "\n\n" + texts.waiting_for_walking(
            routine.waiting, from_day=walking_pain_free_from(state)
        )
    logged = [entry for entry in record.on(ref.day) if entry.session == ref.session]
    if logged:
        html += "\n\n" + texts.already_logged(logged[0].outcome, logged[0].pain)
    ask_morning = state.morning_check and ref.session == 1 and morning_check_due(record)
    if ask_morning:
        html += "\n\n" + coaching_texts.ASK_MORNING
    return html, keyboards.log_keyboard(
        ref, morning_of=ref.day if ask_morning else None, walking=waits_for_walking
    )


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
