"""Why the coach declines a request: raised by use cases, worded by the Telegram layer."""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum


class Reason(StrEnum):
    """What stands in the way of a request."""

    NOT_SET_UP = "not_set_up"
    SETTING_UP = "setting_up"
    EXPIRED = "expired"
    TOO_OLD_TO_LOG = "too_old_to_log"
    NOT_TODAY = "not_today"
    ALREADY_SNOOZED = "already_snoozed"
    ALREADY_SAVED = "already_saved"
    MORNING_PASSED = "morning_passed"
    CHECK_OUT_OF_DATE = "check_out_of_date"
    TOO_EARLY_TO_CHECK = "too_early_to_check"
    # The criteria check after a failed one (``day``: the retry day), after a session above the
    # pain limit (``day``: when the check opens), or with too few sessions done in the phase.
    CHECK_AFTER_FAILED = "check_after_failed"
    CHECK_AFTER_PAIN = "check_after_pain"
    CHECK_TOO_FEW_SESSIONS = "check_too_few_sessions"
    # Before a build-up that ends with the phase is done (``day``: when it is).
    CHECK_BEFORE_BUILD_UP_ENDS = "check_before_build_up_ends"
    NO_SESSION_FOR_ENDURANCE = "no_session_for_endurance"
    NOT_PAUSED = "not_paused"
    SESSIONS_TOO_CLOSE = "sessions_too_close"
    # The first of two sessions leaves no room for the second the same day (``after``: the
    # latest first time that does).
    FIRST_TOO_LATE = "first_too_late"
    # The plan is on hold until a professional has seen the person; ``day`` is when it began.
    ON_HOLD = "on_hold"
    NOT_ON_HOLD = "not_on_hold"
    NOT_IN_MAINTENANCE = "not_in_maintenance"
    NAME_TOO_LONG = "name_too_long"


class Refusal(Exception):  # noqa: N818 (a refusal is an answer, not an error of the program)
    """A request the coach declines; nothing was written. The fields say more where needed."""

    def __init__(
        self,
        reason: Reason,
        *,
        day: date | None = None,
        after: time | None = None,
        min_days: int = 0,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        # The day the reason is about (TOO_OLD_TO_LOG) or the phase began (TOO_EARLY_TO_CHECK).
        self.day = day
        # For SESSIONS_TOO_CLOSE: the first session's time, which the second must leave room after;
        # for FIRST_TOO_LATE: the latest first time.
        self.after = after
        # For TOO_EARLY_TO_CHECK: how many days the phase takes at least.
        self.min_days = min_days
