"""The tables: the database is the bot's only memory."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.expression import true

from rehab.injury import Onset, SessionOutcome
from rehab.pain import MorningResponse
from storage.types import UTCDateTime

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


def _enum(enum: type[StrEnum], name: str) -> Enum:
    """Store an enum as its value in a plain string column with a check, on every backend."""
    return Enum(enum, name=name, native_enum=False, create_constraint=True, values_callable=_values)


class Base(DeclarativeBase):
    """Declarative base with the shared naming convention."""

    metadata = MetaData(naming_convention=NAMING)


class UserStatus(StrEnum):
    """Where a person stands with the bot."""

    ONBOARDING = "onboarding"
    ACTIVE = "active"
    # Asked for a break (/pause): no reminders or nudges until paused_until, or /resume.
    PAUSED = "paused"
    # Silent for weeks: daily reminders stopped; any message makes them active again.
    LAPSED = "lapsed"
    BLOCKED = "blocked"


class HoldReason(StrEnum):
    """What put a plan on hold."""

    PAIN = "pain"  # pain of 7/10 or more
    WARNING_SIGN = "warning_sign"


class DeliveryStatus(StrEnum):
    """The life of one scheduled message: claimed before sending, completed after."""

    # Claimed: to be sent now, or at retry_at after a send that certainly failed.
    CLAIMED = "claimed"
    # The send may have started: never sent again from here (storage.reminders).
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    MISSED = "missed"
    # The send's outcome is unknown (a timeout, a lost answer, a crash): it may have arrived.
    IN_DOUBT = "in_doubt"


class User(Base):
    """A person using the bot, keyed by their Telegram user id."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "pain_limit IS NULL OR (pain_limit >= 0 AND pain_limit <= 6)", name="pain_limit_range"
        ),
        CheckConstraint("phase IS NULL OR phase >= 1", name="phase_number"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[UserStatus] = mapped_column(_enum(UserStatus, "user_status"))
    onset: Mapped[Onset | None] = mapped_column(_enum(Onset, "onset"))
    injury_date: Mapped[date | None] = mapped_column(Date)
    timezone: Mapped[str | None] = mapped_column(String(64))
    has_provider: Mapped[bool | None] = mapped_column(Boolean)
    pain_limit: Mapped[int | None] = mapped_column(SmallInteger)
    phase: Mapped[int | None] = mapped_column(SmallInteger)
    phase_started_on: Mapped[date | None] = mapped_column(Date)
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    weekly_summary: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    morning_check: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    onboarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last time the person did anything in the chat; silence is measured from it.
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the nudge ladder next needs a look at this person (indexed: the dispatcher polls it).
    next_nudge_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    lapsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A safety hold (DESIGN 10): since when nothing is loaded, and why, until a professional
    # has seen the person.
    hold_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hold_reason: Mapped[HoldReason | None] = mapped_column(_enum(HoldReason, "hold_reason"))
    # After a hold, the routine asks to ease back in up to and including this local day.
    ease_until: Mapped[date | None] = mapped_column(Date)
    # After a failed criteria check: the first local day it may be tried again.
    check_again_on: Mapped[date | None] = mapped_column(Date)
    # After the last phase: since when the plan is one weekly maintenance session, and whether
    # those sessions are still wanted (no daily reminders either way).
    maintenance_since: Mapped[date | None] = mapped_column(Date)
    maintenance_weekly: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The name the person chose for the top of their report (None: the report names nobody).
    display_name: Mapped[str | None] = mapped_column(String(64))


class SetupDraft(Base):
    """The answers of a setup in progress, applied to the person only when it finishes.

    Someone who already has a plan keeps it, reminders and all, until then; stopping the setup
    drops the draft and leaves the plan as it was.
    """

    __tablename__ = "setup_drafts"
    __table_args__ = (
        CheckConstraint(
            "pain_limit IS NULL OR (pain_limit >= 0 AND pain_limit <= 6)", name="pain_limit_range"
        ),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    onset: Mapped[Onset | None] = mapped_column(_enum(Onset, "onset"))
    injury_date: Mapped[date | None] = mapped_column(Date)
    timezone: Mapped[str | None] = mapped_column(String(64))
    has_provider: Mapped[bool | None] = mapped_column(Boolean)
    pain_limit: Mapped[int | None] = mapped_column(SmallInteger)
    # The reminder times, kept until the last answer (and the keep-or-start-over choice).
    first_time: Mapped[time | None] = mapped_column(Time)
    second_time: Mapped[time | None] = mapped_column(Time)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Schedule(Base):
    """One daily reminder slot of a person, with its next due instant in UTC."""

    __tablename__ = "schedules"
    __table_args__ = (
        UniqueConstraint("user_id", "session"),
        CheckConstraint("session IN (1, 2)", name="session_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session: Mapped[int] = mapped_column(SmallInteger)
    local_time: Mapped[time] = mapped_column(Time)
    next_due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class CheckIn(Base):
    """What a person logged for one session of one local day."""

    __tablename__ = "check_ins"
    __table_args__ = (
        UniqueConstraint("user_id", "local_date", "session"),
        CheckConstraint("pain IS NULL OR (pain >= 0 AND pain <= 10)", name="pain_range"),
        CheckConstraint(
            "endurance_minutes IS NULL OR (endurance_minutes >= 0 AND endurance_minutes <= 600)",
            name="endurance_range",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    session: Mapped[int] = mapped_column(SmallInteger)
    outcome: Mapped[SessionOutcome] = mapped_column(_enum(SessionOutcome, "session_outcome"))
    pain: Mapped[int | None] = mapped_column(SmallInteger)
    endurance_minutes: Mapped[int | None] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MorningCheck(Base):
    """How the person felt the morning after a session: the next-day response of the pain model."""

    __tablename__ = "morning_checks"
    __table_args__ = (UniqueConstraint("user_id", "local_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    response: Mapped[MorningResponse] = mapped_column(_enum(MorningResponse, "morning_response"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PhaseChangeReason(StrEnum):
    """Why a person's phase changed."""

    START = "start"
    ADVANCE = "advance"
    STEP_BACK = "step_back"
    COMPLETE = "complete"


class PhaseChange(Base):
    """Each move between phases, for the plan, the chart and the physio report."""

    __tablename__ = "phase_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    local_date: Mapped[date] = mapped_column(Date)
    from_phase: Mapped[int | None] = mapped_column(SmallInteger)
    to_phase: Mapped[int] = mapped_column(SmallInteger)
    reason: Mapped[PhaseChangeReason] = mapped_column(_enum(PhaseChangeReason, "phase_reason"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class PhaseCheck(Base):
    """A criteria check the person answered: each question's answer and what was decided."""

    __tablename__ = "phase_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    local_date: Mapped[date] = mapped_column(Date)
    phase: Mapped[int] = mapped_column(SmallInteger)
    # Each criterion's key and answer in the order asked, like "walks_pain_free=yes,lifts=no".
    answers: Mapped[str] = mapped_column(String(500))
    # rehab.progression.Outcome's value.
    outcome: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class PainLimitChange(Base):
    """The pain limit in force from a local day on (the chart draws each day's own limit)."""

    __tablename__ = "pain_limit_changes"
    __table_args__ = (
        UniqueConstraint("user_id", "local_date"),
        CheckConstraint("pain_limit >= 0 AND pain_limit <= 6", name="pain_limit_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    pain_limit: Mapped[int] = mapped_column(SmallInteger)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class Pause(Base):
    """A break the person asked for (/pause): its days plan no sessions (rehab.adherence)."""

    __tablename__ = "pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The end asked for, moved to the instant of /resume or of a new /pause; None: until resumed.
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FlagKind(StrEnum):
    """A safety event the bot raised, kept for the person's provider."""

    RED_FLAG = "red_flag"
    PAIN_STOP = "pain_stop"
    STEP_BACK = "step_back"
    # The answers to "have you been seen?" while the plan was on hold.
    HOLD_NOT_SEEN = "hold_not_seen"
    HOLD_RESTING = "hold_resting"
    HOLD_CLEARED = "hold_cleared"
    HOLD_CLEARED_STEP_BACK = "hold_cleared_step_back"
    # At the end of the programme: has a professional signed off the return to full sport?
    SPORT_SIGNED_OFF = "sport_signed_off"
    SPORT_NOT_SIGNED_OFF = "sport_not_signed_off"
    # Self-reports that change the routine: walking is pain-free (the Diver and the Glider
    # may start); what aggravated a gradual-onset hamstring after a session (detail: what).
    WALKING_PAIN_FREE = "walking_pain_free"
    AGGRAVATED = "aggravated"


class SafetyFlag(Base):
    """A warning sign reported or a pain rule that told the person to stop or step back."""

    __tablename__ = "safety_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    local_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[FlagKind] = mapped_column(_enum(FlagKind, "flag_kind"))
    detail: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class PendingMessage(Base):
    """A one-off message asked for ahead of time, e.g. a snoozed reminder; sent once, then gone."""

    __tablename__ = "pending_messages"
    __table_args__ = (UniqueConstraint("user_id", "kind", "slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    slot: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Delivery(Base):
    """The ledger of scheduled messages: one row per person, kind and local slot, ever."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "slot"),
        Index("ix_deliveries_status_claimed_at", "status", "claimed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    slot: Mapped[str] = mapped_column(String(32))
    status: Mapped[DeliveryStatus] = mapped_column(_enum(DeliveryStatus, "delivery_status"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    # Not before this instant: set after a send that certainly failed (backoff).
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(String(200))


class ConversationState(Base):
    """Where each person is in a multi-step conversation, so a restart resumes it."""

    __tablename__ = "conversation_states"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    state: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PictureFile(Base):
    """The file_id Telegram gave an exercise's picture when it was first uploaded, so it is
    sent again by that id; ``digest`` (SHA-256 of the PNG) tells a redrawn picture apart."""

    __tablename__ = "picture_files"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    file_id: Mapped[str] = mapped_column(String(256))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
