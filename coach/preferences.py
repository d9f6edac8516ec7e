"""Changing a set-up person's settings; every change re-plans what depends on it at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from coach.plan_position import pain_limit, plan_of
from coach.refusals import Reason, Refusal
from coach.work import Work
from scheduler.due import LATEST_FIRST_OF_TWO, far_enough, next_due_after
from scheduler.planning import replan_from
from scheduler.quiet_hours import QuietHours
from scheduler.summaries import replan_summary
from storage import history, setup_drafts, users
from storage.users import PersonalSettings

NO_QUIET_HOURS = QuietHours(time(0), time(0))
# What the person can change, as the settings menu shows it.
CurrentSettings = PersonalSettings


class Switch(StrEnum):
    """The settings that are on or off."""

    WEEKLY_SUMMARY = "weekly"
    MORNING_CHECK = "morning"


@dataclass(frozen=True)
class ZoneChanged:
    """The person moved to a zone; their next reminder there, if any."""

    zone: str
    next_due: datetime | None


@dataclass(frozen=True)
class TimesChanged:
    """New reminder times and the next reminder, in the person's zone."""

    times: tuple[time, ...]
    next_due: datetime
    zone: str


@dataclass(frozen=True)
class PainLimitChanged:
    """A new pain limit."""

    limit: int


@dataclass(frozen=True)
class QuietHoursChanged:
    """New quiet hours (the same start and end: none)."""

    window: QuietHours


@dataclass(frozen=True)
class Switched:
    """A setting switched on or off."""

    switch: Switch
    on: bool


Confirmation = ZoneChanged | TimesChanged | PainLimitChanged | QuietHoursChanged | Switched


@dataclass(frozen=True)
class Changed:
    """What changed, and the settings after the change."""

    confirmation: Confirmation
    settings: PersonalSettings


async def open_settings(work: Work, *, user_id: int) -> PersonalSettings:
    """The settings as /settings opens them; someone still setting up is told to finish first."""
    return await current_settings(work, user_id=user_id)


async def current_settings(work: Work, *, user_id: int) -> PersonalSettings:
    """The person's settings; refused until the setup is done, and while a new one is open (it
    would replace what is changed)."""
    if await setup_drafts.draft_of(work.session, user_id=user_id) is not None:
        raise Refusal(Reason.SETTING_UP)
    current = await users.personal_settings(work.session, user_id=user_id)
    if current is None:
        raise Refusal(Reason.NOT_SET_UP)
    return current


async def change_zone(work: Work, *, user_id: int, zone: ZoneInfo) -> Changed:
    """Move the person to a zone and re-plan every slot from now in it."""
    current = await current_settings(work, user_id=user_id)
    await users.save_timezone(work.session, user_id=user_id, zone_name=zone.key)
    await replan_from(work.session, user_id=user_id, zone_name=zone.key, now=work.now)
    next_due = min(
        (next_due_after(at, zone, work.now) for at in current.reminder_times), default=None
    )
    return await _confirmed(work, user_id, ZoneChanged(zone.key, next_due))


def refuse_if_too_late_for_two(first: time) -> None:
    """Refuse a first of two sessions so late that the second cannot follow it the same day."""
    if first > LATEST_FIRST_OF_TWO:
        raise Refusal(Reason.FIRST_TOO_LATE, after=LATEST_FIRST_OF_TWO)


async def change_times(work: Work, *, user_id: int, times: tuple[time, ...]) -> Changed:
    """Give the person one slot per time (two must be far enough apart), each due from now."""
    if len(times) == 2:
        refuse_if_too_late_for_two(times[0])
        if not far_enough(*times):
            raise Refusal(Reason.SESSIONS_TOO_CLOSE, after=times[0])
    current = await current_settings(work, user_id=user_id)
    zone = ZoneInfo(current.timezone)
    slots = [(at, next_due_after(at, zone, work.now)) for at in times]
    await users.set_reminder_times(work.session, user_id=user_id, slots=slots)
    # On hold the slots stay parked.
    await replan_from(work.session, user_id=user_id, zone_name=current.timezone, now=work.now)
    next_due = min(due for _, due in slots)
    return await _confirmed(work, user_id, TimesChanged(times, next_due, current.timezone))


async def change_pain_limit(work: Work, *, user_id: int, limit: int) -> Changed:
    """Keep a new pain limit, and from which day it holds (the limit before it too, for a plan
    set up before the limit's history was kept)."""
    await current_settings(work, user_id=user_id)
    state = await plan_of(work, user_id=user_id)
    if not await history.limit_changes(work.session, user_id=user_id):
        await history.record_limit_change(
            work.session,
            user_id=user_id,
            day=state.onboarded_on,
            limit=pain_limit(state),
            now=work.now,
        )
    await history.record_limit_change(
        work.session,
        user_id=user_id,
        day=work.today_in(state.timezone),
        limit=limit,
        now=work.now,
    )
    await users.save_pain_limit(work.session, user_id=user_id, limit=limit)
    return await _confirmed(work, user_id, PainLimitChanged(limit))


async def change_quiet_hours(work: Work, *, user_id: int, window: QuietHours) -> Changed:
    """Keep the person's own quiet hours."""
    await current_settings(work, user_id=user_id)
    await users.save_quiet_hours(work.session, user_id=user_id, start=window.start, end=window.end)
    return await _confirmed(work, user_id, QuietHoursChanged(window))


async def switch(work: Work, *, user_id: int, which: Switch, on: bool) -> Changed:
    """Turn the weekly summary or the next-morning check on or off."""
    await current_settings(work, user_id=user_id)
    if which is Switch.WEEKLY_SUMMARY:
        await users.save_weekly_summary(work.session, user_id=user_id, on=on)
    else:
        await users.save_morning_check(work.session, user_id=user_id, on=on)
    return await _confirmed(work, user_id, Switched(which, on))


async def _confirmed(work: Work, user_id: int, confirmation: Confirmation) -> Changed:
    """Re-plan the weekly summary and read the settings as they are now."""
    # The summary's Sunday evening follows the zone, the times and the quiet hours.
    await replan_summary(
        work.session, user_id=user_id, now=work.now, default_quiet=work.default_quiet
    )
    return Changed(confirmation, await current_settings(work, user_id=user_id))


# A name on the report: one line, short enough for its heading.
MAX_DISPLAY_NAME = 40


def display_name(typed: str) -> str | None:
    """The name as it will be printed: spaces tidied, no control characters; None when there
    is nothing left; a Refusal when it is too long for the report's heading."""
    name = " ".join("".join(c for c in typed if c.isprintable()).split())
    if len(name) > MAX_DISPLAY_NAME:
        raise Refusal(Reason.NAME_TOO_LONG)
    return name or None


async def report_name(work: Work, *, user_id: int) -> str | None:
    """The name on the person's report, if any; refused for anyone not set up."""
    await plan_of(work, user_id=user_id)
    return await users.display_name_of(work.session, user_id=user_id)


async def change_display_name(work: Work, *, user_id: int, name: str | None) -> None:
    """Set or remove the name on the person's report."""
    await plan_of(work, user_id=user_id)  # refuses anyone not set up
    await users.save_display_name(work.session, user_id=user_id, name=name)
