"""Inline keyboards: labels from ``bot.texts.buttons``, callback data from ``bot.callbacks``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, time

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot import callbacks
from bot.callbacks import Family
from bot.texts import buttons
from coach.day_record import SessionRef
from coach.preferences import NO_QUIET_HOURS, Switch
from rehab.aggravation import Aggravator
from rehab.injury import Onset, SessionOutcome
from rehab.pain import PAIN_LIMIT_RANGE, MorningResponse
from scheduler.due import earliest_second, far_enough
from scheduler.quiet_hours import QuietHours

COMMON_ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Australia/Sydney",
)
COMMON_TIMES = tuple(time(hour) for hour in (7, 8, 12, 17, 18, 20))
SECOND_TIMES = tuple(time(hour) for hour in (12, 13, 17, 18, 19, 20, 21))
QUIET_PRESETS = tuple(QuietHours.parse(w) for w in ("22:00-07:00", "23:00-08:00", "21:00-06:00"))


def _rows(
    buttons_in_order: Sequence[InlineKeyboardButton], per_row: int
) -> list[list[InlineKeyboardButton]]:
    return [
        list(buttons_in_order[i : i + per_row]) for i in range(0, len(buttons_in_order), per_row)
    ]


def _keyboard(
    rows: Iterable[Sequence[InlineKeyboardButton]], *, back: bool = False
) -> InlineKeyboardMarkup:
    """A keyboard, with the settings' Back button under it when asked."""
    back_row = [
        [InlineKeyboardButton(buttons.BACK, callback_data=callbacks.SETTINGS_MENU.data(None))]
    ]
    return InlineKeyboardMarkup([*rows, *(back_row if back else [])])


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _hhmm(at: time) -> str:
    return at.strftime("%H:%M")


def second_times(first: time) -> list[time]:
    """The usual second-session times that come far enough after the first; after a late first
    session, the earliest time that does (none when the first is too late for two)."""
    usual = [at for at in SECOND_TIMES if far_enough(first, at)]
    earliest = earliest_second(first)
    return usual or ([] if earliest is None else [earliest])


def second_time_example(first: time) -> time:
    """A second time to show as an example: 18:00 or the first usual one after it that fits."""
    times = second_times(first)
    return next((at for at in times if at >= time(18)), times[-1])


# Onboarding and /settings ask some of the same questions, each with its own family of buttons.


def _pain_limits(default: int, family: Family[int], *, back: bool) -> InlineKeyboardMarkup:
    """Pain limits 0-6, the track's default marked."""
    row = [
        _button(
            buttons.USUAL_PAIN_LIMIT.format(limit=limit) if limit == default else str(limit),
            family.data(limit),
        )
        for limit in PAIN_LIMIT_RANGE
    ]
    return _keyboard([row[:4], row[4:]], back=back)


def _zones(family: Family[str], location: Family[None], *, back: bool) -> InlineKeyboardMarkup:
    """Common time zones, two per row, and a button to share a location instead."""
    rows = _rows([_button(z, family.data(z)) for z in COMMON_ZONES], 2)
    share = [_button(buttons.SHARE_LOCATION, location.data(None))]
    return _keyboard([*rows, share], back=back)


def zone_choice_keyboard(
    choices: Iterable[tuple[str, str]], family: Family[str], *, back: bool
) -> InlineKeyboardMarkup:
    """The zones a typed answer may mean, one per row: (zone, label) pairs."""
    return _keyboard([[_button(label, family.data(zone))] for zone, label in choices], back=back)


def location_keyboard() -> ReplyKeyboardMarkup:
    """Below the message box: send the location (Telegram asks first), or type instead."""
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(buttons.SEND_LOCATION, request_location=True)],
            [KeyboardButton(buttons.TYPE_ZONE_INSTEAD)],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def no_location_keyboard() -> ReplyKeyboardRemove:
    """Take the share-location keyboard away once the zone question is answered."""
    return ReplyKeyboardRemove()


def _times(times: Iterable[time], family: Family[time], *, back: bool) -> InlineKeyboardMarkup:
    """Times of day, three per row."""
    return _keyboard(_rows([_button(_hhmm(at), family.data(at)) for at in times], 3), back=back)


def _sessions(family: Family[int], *, back: bool) -> InlineKeyboardMarkup:
    """One or two sessions a day."""
    row = [_button(buttons.ONE_A_DAY, family.data(1)), _button(buttons.TWO_A_DAY, family.data(2))]
    return _keyboard([row], back=back)


def onset_keyboard() -> InlineKeyboardMarkup:
    """Buttons for how the strain started."""
    return _keyboard([[_button(buttons.ONSETS[o], callbacks.ONSET.data(o))] for o in Onset])


def red_flag_keyboard(answers: tuple[bool, ...]) -> InlineKeyboardMarkup:
    """Yes or no to the next warning sign of the setup's safety check, after ``answers``."""
    family = callbacks.WARNING_SIGNS_AT_SETUP
    return _keyboard(
        [
            [
                _button(buttons.NO_NOT_THIS_SIGN, family.data((*answers, False))),
                _button(buttons.YES_THIS_SIGN, family.data((*answers, True))),
            ]
        ]
    )


def cleared_keyboard() -> InlineKeyboardMarkup:
    """After a warning sign at setup: checked and cleared, or get checked first."""
    return _keyboard(
        [
            [_button(buttons.CLEARED, callbacks.CLEARED.data(True))],
            [_button(buttons.CHECK_FIRST, callbacks.CLEARED.data(False))],
        ]
    )


def provider_keyboard() -> InlineKeyboardMarkup:
    """Whether a physio or sports physician is involved."""
    family = callbacks.PROVIDER
    return _keyboard(
        [[_button(buttons.YES, family.data(True)), _button(buttons.NOT_YET, family.data(False))]]
    )


def pain_limit_keyboard(default: int) -> InlineKeyboardMarkup:
    """Pain limits 0-6 at setup, the track's default marked."""
    return _pain_limits(default, callbacks.SETUP_PAIN_LIMIT, back=False)


def zone_keyboard() -> InlineKeyboardMarkup:
    """Common time zones at setup."""
    return _zones(callbacks.SETUP_ZONE, callbacks.SETUP_SHARE_LOCATION, back=False)


def injury_date_keyboard() -> InlineKeyboardMarkup:
    """Buttons for when the injury happened."""
    return _keyboard(
        [
            [_button(label, callbacks.INJURED_DAYS_AGO.data(days))]
            for days, label in buttons.DAYS_AGO.items()
        ]
    )


def sessions_keyboard() -> InlineKeyboardMarkup:
    """One or two sessions a day, at setup."""
    return _sessions(callbacks.SETUP_SESSIONS, back=False)


def reminder_time_keyboard(
    *, after: time | None = None, first_of_two: bool = False
) -> InlineKeyboardMarkup:
    """Common reminder times at setup; after a first time, only those that leave room for two
    sessions (typing stays possible for any other)."""
    times = list(COMMON_TIMES) if after is None else second_times(after)
    if first_of_two:
        times = [at for at in times if second_times(at)]
    return _times(times, callbacks.SETUP_TIME, back=False)


def restart_keyboard() -> InlineKeyboardMarkup:
    """A button to run the setup questions again."""
    return _keyboard([[_button(buttons.SET_UP_AGAIN, callbacks.RESTART.data(None))]])


def keep_phase_keyboard(*, phase: int, day: int) -> InlineKeyboardMarkup:
    """At the end of a new setup: keep the phase the person is in, or start over."""
    family = callbacks.KEEP_PHASE
    return _keyboard(
        [
            [_button(buttons.keep_phase(phase=phase, day=day), family.data(True))],
            [_button(buttons.START_OVER, family.data(False))],
        ]
    )


def log_keyboard(
    ref: SessionRef,
    *,
    morning_of: date | None = None,
    walking: bool = False,
    how_to: bool = False,
) -> InlineKeyboardMarkup:
    """The button under a routine that opens the check-in, with the morning check if asked,
    the one that says walking is pain-free while exercises wait for it, and the one that shows
    every exercise's steps under a short routine."""
    rows = [[_button(buttons.LOG_SESSION, callbacks.LOG.data(ref))]]
    if how_to:
        rows[0].append(_button(buttons.HOW_TO, callbacks.HOW_TO.data(ref)))
    if walking:
        rows.append([_button(buttons.WALKING_PAIN_FREE, callbacks.WALKING.data(ref))])
    if morning_of is not None:
        rows.insert(0, morning_row(morning_of))
    return _keyboard(rows)


def number_meant_keyboard(ref: SessionRef, number: int) -> InlineKeyboardMarkup:
    """Is a typed number the pain (0-10 only) or minutes of exercise?"""
    family = callbacks.NUMBER_MEANT
    choices = [
        _button(buttons.MINUTES_MEANT.format(number=number), family.data((ref, False, number)))
    ]
    if number <= max(callbacks.PAIN_SCALE):
        pain = buttons.PAIN_MEANT.format(number=number)
        choices.insert(0, _button(pain, family.data((ref, True, number))))
    return _keyboard([choices])


def pain_with_outcome_keyboard(ref: SessionRef, pain: int) -> InlineKeyboardMarkup:
    """Done or partly, with a pain already given."""
    return _keyboard(
        [
            [
                _button(buttons.OUTCOMES[o], callbacks.PAIN.data((ref, o, pain)))
                for o in (SessionOutcome.DONE, SessionOutcome.PARTLY)
            ]
        ]
    )


def what_i_can_do_keyboard(ref: SessionRef) -> InlineKeyboardMarkup:
    """The most useful buttons, under a reply to words the bot could not read."""
    return _keyboard(
        [
            [_button(buttons.SHOW_TODAY, callbacks.SHOW_TODAY.data(None))],
            [_button(buttons.LOG_A_SESSION, callbacks.LOG.data(ref))],
            [_button(buttons.ASK_PROBLEM, callbacks.ASK_PROBLEM.data(None))],
        ]
    )


def skip_offer_keyboard(ref: SessionRef) -> InlineKeyboardMarkup:
    """Snooze an hour or skip today, for a typed "can't today"."""
    return _keyboard([snooze_row(ref)])


def aggravation_keyboard(ref: SessionRef) -> InlineKeyboardMarkup:
    """What aggravated it: the usual culprits in one row, something else or nothing below."""
    choices = [
        _button(buttons.AGGRAVATORS[what], callbacks.AGGRAVATED.data((ref, what)))
        for what in Aggravator
    ]
    return _keyboard([choices[:3], choices[3:]])


def outcome_keyboard(ref: SessionRef) -> InlineKeyboardMarkup:
    """Buttons for done, partly or skipped."""
    return _keyboard(
        [[_button(buttons.OUTCOMES[o], callbacks.OUTCOME.data((ref, o))) for o in SessionOutcome]]
    )


def pain_keyboard(ref: SessionRef, outcome: SessionOutcome) -> InlineKeyboardMarkup:
    """Buttons for pain 0-10 during the session, and one to report a warning sign."""
    pains = [_button(str(p), callbacks.PAIN.data((ref, outcome, p))) for p in callbacks.PAIN_SCALE]
    return _keyboard([pains[:6], pains[6:], warning_sign_row(ref, outcome)])


def endurance_keyboard(ref: SessionRef, *, skipped: bool = False) -> InlineKeyboardMarkup:
    """Buttons for endurance minutes, plus one that explains how to type a number; after a
    skipped session also the warning-sign button (done and partly have it with the pain)."""
    choices = [
        _button(label, callbacks.ENDURANCE.data((ref, minutes)))
        for minutes, label in buttons.ENDURANCE
    ]
    typed = _button(buttons.TYPE_A_NUMBER, callbacks.ENDURANCE.data((ref, None)))
    warning = [warning_sign_row(ref, SessionOutcome.SKIPPED)] if skipped else []
    return _keyboard([choices, [typed], *warning])


def morning_row(day: date) -> list[InlineKeyboardButton]:
    """A row of buttons for the next-morning check of a local day."""
    return [
        _button(buttons.MORNINGS[response], callbacks.MORNING.data((day, response)))
        for response in MorningResponse
    ]


def plan_keyboard(phase: int) -> InlineKeyboardMarkup:
    """The button under /plan that starts the criteria check of a phase."""
    return _keyboard([[_button(buttons.START_CHECK, callbacks.CRITERION.data((phase, ())))]])


def criterion_keyboard(phase: int, answers: tuple[bool, ...]) -> InlineKeyboardMarkup:
    """Yes and no for the next criterion; the answers so far travel in the callback data."""
    family = callbacks.CRITERION
    return _keyboard(
        [
            [
                _button(buttons.CRITERION_YES, family.data((phase, (*answers, True)))),
                _button(buttons.CRITERION_NO, family.data((phase, (*answers, False)))),
            ]
        ]
    )


def snooze_row(ref: SessionRef) -> list[InlineKeyboardButton]:
    """Snooze an hour, or skip today: the buttons under a reminder."""
    return [
        _button(buttons.SNOOZE, callbacks.SNOOZE.data(ref)),
        _button(buttons.SKIP_TODAY, callbacks.SKIP_TODAY.data(ref)),
    ]


def with_snooze_row(markup: InlineKeyboardMarkup, ref: SessionRef) -> InlineKeyboardMarkup:
    """Add snooze and skip-today under a reminder's routine buttons."""
    return InlineKeyboardMarkup([*markup.inline_keyboard, snooze_row(ref)])


def pause_keyboard() -> InlineKeyboardMarkup:
    """How long a break from reminders."""
    choices = [_button(label, callbacks.PAUSE.data(days)) for days, label in buttons.PAUSES]
    return _keyboard(_rows(choices, 2))


def offer_pause_keyboard() -> InlineKeyboardMarkup:
    """The week-of-silence nudge's choice: a week's pause or carrying on."""
    return _keyboard(
        [
            [
                _button(buttons.PAUSE_A_WEEK, callbacks.PAUSE.data(7)),
                _button(buttons.KEEP_GOING, callbacks.KEEP_GOING.data(None)),
            ]
        ]
    )


def settings_keyboard(*, weekly_summary: bool, morning_check: bool) -> InlineKeyboardMarkup:
    """One button per setting under the /settings summary; switches show what a tap does."""
    switches = [
        [
            _button(
                (buttons.SWITCH_OFF if on else buttons.SWITCH_ON)[switch],
                callbacks.SWITCHES[switch].data(not on),
            )
        ]
        for switch, on in (
            (Switch.WEEKLY_SUMMARY, weekly_summary),
            (Switch.MORNING_CHECK, morning_check),
        )
    ]
    return _keyboard(
        [
            [
                _button(buttons.REMINDER_TIMES, callbacks.OPEN_SESSIONS.data(None)),
                _button(buttons.TIME_ZONE, callbacks.OPEN_ZONE.data(None)),
            ],
            [
                _button(buttons.PAIN_LIMIT, callbacks.OPEN_PAIN_LIMIT.data(None)),
                _button(buttons.QUIET_HOURS, callbacks.OPEN_QUIET_HOURS.data(None)),
            ],
            *switches,
        ]
    )


def settings_sessions_keyboard() -> InlineKeyboardMarkup:
    """One or two sessions a day, from the settings."""
    return _sessions(callbacks.SESSIONS_A_DAY, back=True)


def settings_time_keyboard(*, first: bool) -> InlineKeyboardMarkup:
    """Common times for the only session of a day, or for the first of two."""
    family = callbacks.FIRST_OF_TWO if first else callbacks.ONE_TIME
    times = [at for at in COMMON_TIMES if second_times(at)] if first else list(COMMON_TIMES)
    return _times(times, family, back=True)


def settings_second_time_keyboard(first: time) -> InlineKeyboardMarkup:
    """Times later than the first session's; each button carries both times."""
    choices = [
        _button(_hhmm(at), callbacks.TWO_TIMES.data((first, at))) for at in second_times(first)
    ]
    return _keyboard(_rows(choices, 3), back=True)


def settings_zone_keyboard() -> InlineKeyboardMarkup:
    """Common time zones, from the settings."""
    return _zones(callbacks.ZONE, callbacks.SHARE_LOCATION, back=True)


def settings_pain_limit_keyboard(default: int) -> InlineKeyboardMarkup:
    """Pain limits 0-6 from the settings, the track's default marked."""
    return _pain_limits(default, callbacks.PAIN_LIMIT, back=True)


def settings_quiet_keyboard() -> InlineKeyboardMarkup:
    """A few quiet-hour windows, and none at all."""
    presets = [_button(str(w), callbacks.QUIET_HOURS.data(w)) for w in QUIET_PRESETS]
    none = _button(buttons.NO_QUIET_HOURS, callbacks.QUIET_HOURS.data(NO_QUIET_HOURS))
    back = _button(buttons.BACK, callbacks.SETTINGS_MENU.data(None))
    return _keyboard([presets, [none, back]])


def forget_keyboard(user_id: int) -> InlineKeyboardMarkup:
    """Confirm or call off the deletion; both buttons name the person they are for."""
    return _keyboard(
        [
            [
                _button(buttons.DELETE_EVERYTHING, callbacks.FORGET.data((True, user_id))),
                _button(buttons.KEEP_MY_DATA, callbacks.FORGET.data((False, user_id))),
            ]
        ]
    )


def seen_keyboard() -> InlineKeyboardMarkup:
    """The answers to "have you been seen by a professional?"."""
    return _keyboard(
        [[_button(label, callbacks.SEEN.data(answer))] for answer, label in buttons.SEEN.items()]
    )


def sign_off_keyboard() -> InlineKeyboardMarkup:
    """Has a professional signed off the return to full sport?"""
    return _keyboard(
        [
            [
                _button(buttons.SIGNED_OFF, callbacks.SIGN_OFF.data(True)),
                _button(buttons.NOT_SIGNED_OFF, callbacks.SIGN_OFF.data(False)),
            ]
        ]
    )


def weekly_keyboard(*, weekly: bool) -> InlineKeyboardMarkup:
    """Under the maintenance overview: stop the weekly sessions, or start them again."""
    label = buttons.STOP_WEEKLY if weekly else buttons.START_WEEKLY
    return _keyboard([[_button(label, callbacks.WEEKLY.data(not weekly))]])


def found_provider_keyboard() -> InlineKeyboardMarkup:
    """Under a message to someone without a physio (the weekly summary in the first weeks, a
    hold): say they have one now."""
    return _keyboard([[_button(buttons.HAVE_A_PHYSIO, callbacks.FOUND_PROVIDER.data(None))]])


def problem_keyboard() -> InlineKeyboardMarkup:
    """/problem: one of the warning signs, or all fine."""
    return _keyboard(
        [
            [_button(buttons.PROBLEM_YES, callbacks.PROBLEM.data(True))],
            [_button(buttons.PROBLEM_NO, callbacks.PROBLEM.data(False))],
        ]
    )


def warning_sign_row(ref: SessionRef, outcome: SessionOutcome) -> list[InlineKeyboardButton]:
    """The button that reports a warning sign for a logged session."""
    return [_button(buttons.WARNING_SIGN, callbacks.WARNING_SIGN.data((ref, outcome)))]
