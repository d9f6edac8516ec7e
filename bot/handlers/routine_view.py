"""The "How to" button under a short routine: every exercise's steps, in place."""

from __future__ import annotations

from bot import callbacks
from bot.context import RehabContext
from bot.handlers.button_presses import ButtonHandlers, Press
from bot.handlers.picture_album import send_pictures
from bot.handlers.update_io import Handlers, in_reminder_frame
from bot.views.routine_message import render_routine, routine_exercises
from coach.day_record import SessionRef
from coach.today import session_of

buttons = ButtonHandlers()


@buttons.on(callbacks.HOW_TO)
async def how_to(press: Press[SessionRef], context: RehabContext) -> None:
    """Show the routine again with every exercise's steps, and the exercises' pictures."""
    async with context.work() as work:
        plan = await session_of(work, user_id=press.user_id, ref=press.value)
    await press.show(*in_reminder_frame(press.query, *render_routine(plan, full=True), plan.ref))
    await send_pictures(context, press.chat_id, routine_exercises(plan))


def handlers() -> Handlers:
    """The routine's view buttons."""
    return buttons.handlers
