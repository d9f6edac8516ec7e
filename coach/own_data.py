"""A person's rights over their data: all of it as rows to take away, or none of it kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from coach import open_questions
from coach.refusals import Reason, Refusal
from coach.work import Work
from storage import personal_data
from storage.personal_data import PersonalRows


async def rows_to_export(work: Work, *, user_id: int) -> PersonalRows:
    """Every row about the person, by table (empty tables included)."""
    return await personal_data.export_rows(work.session, user_id=user_id)


def export_columns() -> Mapping[str, Sequence[str]]:
    """The columns of every personal table, in order, for tables with no rows too."""
    return personal_data.table_columns()


async def anything_stored(work: Work, *, user_id: int) -> bool:
    """Whether any row is about the person."""
    counts = await personal_data.count_rows(work.session, user_id=user_id)
    return any(counts.values())


async def forget(work: Work, *, user_id: int) -> dict[str, int]:
    """Delete every row about the person; the rows deleted by table (none after a second time).

    Mid-setup the conversation would go on asking about a person who no longer exists, so the
    setup is to be stopped first (SETTING_UP).
    """
    # The open check-in question is no dialogue: it goes with the rest.
    dialogues = await personal_data.has_conversation_in_progress(
        work.session, user_id=user_id, ignoring=(open_questions.CONVERSATION,)
    )
    if dialogues:
        raise Refusal(Reason.SETTING_UP)
    return await personal_data.forget(work.session, user_id=user_id)
