"""The one check-in question a person has open, so a typed answer works like its buttons.

The bot asks how a session went, then the pain, then endurance minutes, each as a message with
buttons. The question last asked is kept (with the message it was asked in, so its buttons can
go once it is answered in words); answering it, by button or in words, closes it. A typed
number goes only to the open question, never to an older session.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from coach.day_record import SessionRef
from coach.plan_position import plan_of
from coach.work import Work
from rehab.injury import SessionOutcome
from storage import conversations

# Kept beside the multi-step dialogues' states, under a key naming the person (so /export and
# /forget find it).
CONVERSATION = "open_question"


class Asked(StrEnum):
    """Which check-in question is open."""

    OUTCOME = "outcome"
    PAIN = "pain"
    ENDURANCE = "endurance"


@dataclass(frozen=True)
class OpenQuestion:
    """The question open for one session, asked in message ``message_id`` of the chat (None:
    in a reply to a typed message, whose id is known only once it is sent)."""

    asked: Asked
    ref: SessionRef
    message_id: int | None
    outcome: SessionOutcome | None = None  # the pain question's outcome


async def ask(work: Work, *, user_id: int, question: OpenQuestion) -> None:
    """Keep the question just asked as the open one (replacing any other)."""
    state = json.dumps(
        [
            question.asked.value,
            question.ref.day.isoformat(),
            question.ref.session,
            question.message_id,
            None if question.outcome is None else question.outcome.value,
        ]
    )
    await conversations.save_state(
        work.session, name=CONVERSATION, key=_key(user_id), state=state, now=work.now
    )


async def close(work: Work, *, user_id: int) -> None:
    """Nothing is waiting for an answer any more."""
    await conversations.save_state(
        work.session, name=CONVERSATION, key=_key(user_id), state=None, now=work.now
    )


async def open_question(work: Work, *, user_id: int) -> OpenQuestion | None:
    """The open question, if there is one for a session that can still be logged."""
    stored = await conversations.load_state(work.session, name=CONVERSATION, key=_key(user_id))
    if stored is None:
        return None
    asked, day, session, message_id, outcome = json.loads(stored)
    question = OpenQuestion(
        Asked(asked),
        SessionRef(date.fromisoformat(day), int(session)),
        None if message_id is None else int(message_id),
        None if outcome is None else SessionOutcome(outcome),
    )
    state = await plan_of(work, user_id=user_id)
    today = work.today_in(state.timezone)
    if not today - timedelta(days=1) <= question.ref.day <= today:
        return None
    return question


def _key(user_id: int) -> str:
    return json.dumps([user_id])
