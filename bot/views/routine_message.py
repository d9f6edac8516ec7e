"""A session's routine as Telegram HTML with its buttons, within Telegram's limits.

Used by /today, at the end of onboarding, after a phase change and by reminders.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
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
from rehab.protocol import Exercise, Maintenance, Prescription
from rehab.routine import Routine

MAX_MESSAGE_LENGTH = 4096


def routine_html(
    routine: Routine, *, day: date, day_in_phase: int, phases: int, full: bool = False
) -> str:
    """Render one session's routine as a short list: each exercise with its dose and a cue,
    the steps only for exercises new in the phase; ``full`` (asked for, or the phase's first
    routine) adds every exercise's steps, the goal, ways to keep fit and what to avoid."""
    phase = routine.phase
    lines = [
        texts.routine_heading(day, session=routine.session, shorter=routine.shorter, of=routine.of),
        texts.routine_phase_line(phase, phases=phases, day_in_phase=day_in_phase),
    ]
    if full:
        lines.append(f"<i>{escape(phase.goal)}</i>")
    steps_for = {p.exercise.key for p in routine.prescriptions} if full else routine.new
    lines += _exercises(
        routine.prescriptions, weeks=dict(routine.build_up_weeks), steps_for=steps_for
    )
    if routine.eased:
        lines += ["", texts.EASED if full else texts.EASED_SHORT]
    if full:
        lines += ["", texts.KEEP_FIT + " " + escape("; ".join(phase.endurance))]
        if phase.avoid:
            lines.append(texts.AVOID_FOR_NOW + " " + escape("; ".join(phase.avoid)))
    else:
        lines.append("")
    lines.append(f"⚠️ {escape(phase.stop_if)}")
    return "\n".join(lines)


def maintenance_html(maintenance: Maintenance, *, day: date) -> str:
    """Render the weekly maintenance session: its exercises and why it is kept up."""
    lines = [maintenance_texts.session_title(day), maintenance_texts.why(maintenance)]
    every = {p.exercise.key for p in maintenance.prescriptions}
    return "\n".join([*lines, *_exercises(maintenance.prescriptions, steps_for=every)])


def _exercises(
    prescriptions: Sequence[Prescription],
    *,
    steps_for: Collection[str],
    weeks: Mapping[str, int] | None = None,
) -> list[str]:
    """Each exercise with its dose and how often (a build-up's week), numbered: with its steps
    if its key is in ``steps_for``, else with its one-line cue."""
    lines: list[str] = []
    for number, prescription in enumerate(prescriptions, start=1):
        exercise = prescription.exercise
        how_often = texts.how_often(prescription, build_up_week=(weeks or {}).get(exercise.key))
        dose = escape(str(prescription.dose))
        head = f"{number}. <b>{escape(exercise.name)}</b>: {dose}, {how_often}"
        if exercise.key in steps_for:
            lines += ["", head, *(f"• {escape(step)}" for step in exercise.steps)]
        else:
            lines += [head, f"   <i>{escape(exercise.cue)}</i>"]
    return lines


def render_routine(
    plan: SessionPlan, *, full: bool = False, reminder: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    """Render one session's routine and its buttons (``full``: every exercise's steps).

    A phase's first day shows every step, except in a reminder: reminders stay short (under
    1,000 characters); the steps were shown when the phase began (at set-up, a check passed,
    a step back) and stay one tap away under "How to".

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
    day = day_in_phase(state, ref.day)
    full = full or (day == 0 and not reminder)
    html = routine_html(
        routine, day=ref.day, day_in_phase=day, phases=track_of(state).last_phase, full=full
    )
    waits_for_walking = bool(routine.waiting) and state.walking_pain_free_on is None
    if routine.waiting:
        html += "\n\n" + texts.waiting_for_walking(
            routine.waiting, from_day=walking_pain_free_from(state), short=not full
        )
    logged = [entry for entry in record.on(ref.day) if entry.session == ref.session]
    if logged:
        html += "\n\n" + texts.already_logged(logged[0].outcome, logged[0].pain)
    ask_morning = state.morning_check and ref.session == 1 and morning_check_due(record)
    if ask_morning:
        html += "\n\n" + coaching_texts.ASK_MORNING
    return html, keyboards.log_keyboard(
        ref,
        morning_of=ref.day if ask_morning else None,
        walking=waits_for_walking,
        how_to=not full,
    )


def routine_exercises(plan: SessionPlan) -> tuple[Exercise, ...]:
    """The exercises a session's routine shows, in its order, each once."""
    state, record, ref = plan.state, plan.record, plan.ref
    if state.maintenance_since is not None:
        prescriptions = track_of(state).maintenance.prescriptions
    else:
        prescriptions = routine_on(state, record, session_number=ref.session).prescriptions
    return tuple(dict.fromkeys(p.exercise for p in prescriptions))


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
