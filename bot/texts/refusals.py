"""How each refusal of the coach is worded (plain text: shown as an alert or as a reply)."""

from __future__ import annotations

from bot import texts
from bot.texts import coaching as coaching_texts
from bot.texts import nudge as nudge_texts
from bot.texts import progress_report as progress_texts
from bot.texts import safety as safety_texts
from bot.texts import settings as settings_texts
from coach.refusals import Reason, Refusal

# Shown as a passing note under a button rather than an alert to dismiss: nothing went wrong.
QUIET_REASONS = frozenset({Reason.ALREADY_SAVED, Reason.ALREADY_SNOOZED})

_FIXED = {
    Reason.NOT_SET_UP: texts.NOT_SET_UP,
    Reason.SETTING_UP: settings_texts.FINISH_SETUP_FIRST,
    Reason.EXPIRED: texts.EXPIRED_BUTTON,
    Reason.NOT_TODAY: nudge_texts.SNOOZE_TOO_LATE,
    Reason.ALREADY_SNOOZED: nudge_texts.ALREADY_SNOOZED,
    Reason.ALREADY_SAVED: texts.ALREADY_SAVED,
    Reason.MORNING_PASSED: coaching_texts.MORNING_EXPIRED,
    Reason.CHECK_OUT_OF_DATE: coaching_texts.CHECK_OUT_OF_DATE,
    Reason.NO_SESSION_FOR_ENDURANCE: coaching_texts.ENDURANCE_NEEDS_A_SESSION,
    Reason.NOT_PAUSED: nudge_texts.NOT_PAUSED,
    Reason.NOT_ON_HOLD: safety_texts.NOT_ON_HOLD,
    Reason.CHECK_TOO_FEW_SESSIONS: coaching_texts.CHECK_TOO_FEW_SESSIONS,
    Reason.NAME_TOO_LONG: progress_texts.NAME_TOO_LONG,
}


# Reasons worded with the day they carry.
_DATED = {
    Reason.TOO_OLD_TO_LOG: texts.too_old_to_log,
    Reason.CHECK_AFTER_FAILED: coaching_texts.check_after_failed,
    Reason.CHECK_AFTER_PAIN: coaching_texts.check_after_pain,
    Reason.CHECK_BEFORE_BUILD_UP_ENDS: coaching_texts.check_before_build_up_ends,
    Reason.ON_HOLD: safety_texts.on_hold,
}


def refusal_text(refusal: Refusal) -> str:
    """Say why the request was declined."""
    dated = _DATED.get(refusal.reason)
    if dated is not None and refusal.day is not None:
        return dated(refusal.day)
    if refusal.reason is Reason.TOO_EARLY_TO_CHECK and refusal.day is not None:
        return coaching_texts.too_early(refusal.min_days, refusal.day)
    if refusal.reason is Reason.SESSIONS_TOO_CLOSE and refusal.after is not None:
        return texts.second_time_too_close(refusal.after)
    if refusal.reason is Reason.FIRST_TOO_LATE and refusal.after is not None:
        return texts.first_time_too_late(refusal.after)
    return _FIXED.get(refusal.reason, texts.EXPIRED_BUTTON)
