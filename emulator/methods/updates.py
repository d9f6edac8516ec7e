"""The bot's identity and its update feed: getMe, getUpdates (long polling), webhooks off."""

from __future__ import annotations

import itertools
from typing import Any

from emulator.errors import ApiError
from emulator.methods.registry import MethodContext, api_method
from emulator.params import Kind, optional
from emulator.state import EmulatorState, PendingUpdate
from emulator.telegram_json import bot_user_json

MAX_LIMIT = 100
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
# Types a bot gets when it never asked for a particular list.
_NOT_SENT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@api_method("getMe", {})
async def get_me(context: MethodContext, params: dict[str, Any]) -> dict[str, Any]:  # noqa: ARG001 (every handler takes params)
    """Return the bot's own User."""
    return bot_user_json(context.state, full=True)


@api_method(
    "deleteWebhook",
    {"drop_pending_updates": optional(Kind.BOOLEAN)},
)
async def delete_webhook(context: MethodContext, params: dict[str, Any]) -> bool:
    """Confirm there is no webhook; optionally forget the updates waiting for the bot."""
    if params.get("drop_pending_updates"):
        context.state.updates.clear()
        context.state.changed.notify()
    return True


@api_method("getWebhookInfo", {})
async def get_webhook_info(context: MethodContext, params: dict[str, Any]) -> dict[str, Any]:  # noqa: ARG001 (every handler takes params)
    """Report that updates are fetched by polling."""
    return {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": len(context.state.updates),
    }


def _confirm(state: EmulatorState, offset: int) -> None:
    """Forget updates below offset; a negative offset keeps only the last -offset updates."""
    if offset < 0:
        kept = state.updates[offset:]
        offset = kept[0].update_id if kept else state.confirmed_offset
    state.updates[:] = [update for update in state.updates if update.update_id >= offset]
    state.confirmed_offset = max(state.confirmed_offset, offset)
    state.changed.notify()


def _deliverable(state: EmulatorState, limit: int) -> list[PendingUpdate]:
    allowed = state.allowed_updates
    wanted = (
        update
        for update in state.updates
        if (update.kind in allowed if allowed else update.kind not in _NOT_SENT_BY_DEFAULT)
    )
    # stop at limit: a long poll re-checks this on every state change
    return list(itertools.islice(wanted, limit))


@api_method(
    "getUpdates",
    {
        "offset": optional(Kind.INTEGER),
        "limit": optional(Kind.INTEGER),
        "timeout": optional(Kind.FLOAT),
        "allowed_updates": optional(Kind.ARRAY),
    },
)
async def get_updates(context: MethodContext, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Return pending updates, waiting up to timeout seconds for one when there are none."""
    state = context.state
    # Like the server, out-of-range limits and timeouts are clamped rather than refused.
    limit = min(max(params.get("limit", MAX_LIMIT), 1), MAX_LIMIT)
    timeout = max(params.get("timeout", 0.0), 0.0)
    state.poll_generation += 1
    state.last_poll_waits = timeout > 0
    generation = state.poll_generation
    if "allowed_updates" in params:
        state.allowed_updates = [str(kind) for kind in params["allowed_updates"]] or None
    if "offset" in params:
        _confirm(state, params["offset"])
    else:
        state.changed.notify()  # an older long poll must still learn it was superseded

    def ready() -> bool | None:
        """Say whether the long poll should answer now."""
        if state.poll_generation != generation or state.closing:
            return True
        return True if _deliverable(state, limit) else None

    if timeout > 0 and not _deliverable(state, limit):
        state.waiting_polls += 1
        state.changed.notify()
        try:
            await state.changed.wait_for(ready, timeout)
        except TimeoutError:
            return []
        finally:
            state.waiting_polls -= 1
            state.changed.notify()
    if state.poll_generation != generation:
        if state.last_poll_waits:
            # Another long poller on this token, as a second instance of a bot would be:
            # Telegram ends the older request with 409 Conflict.
            raise ApiError(409, CONFLICT)
        # A short poll after a long one is PTB's own shutdown: it abandons its long poll and
        # at once confirms the offset with timeout 0. Whether the abandoned request is still
        # connected is a race, so it ends empty rather than with an error nobody reads.
        return []
    return [update.to_json() for update in _deliverable(state, limit)]
