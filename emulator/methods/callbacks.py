"""answerCallbackQuery: the bot's acknowledgement of a button press."""

from __future__ import annotations

from typing import Any

from emulator.errors import CALLBACK_QUERY_INVALID, ApiError, bad_request
from emulator.methods.registry import MethodContext, api_method
from emulator.params import Kind, optional, required
from emulator.text_units import utf16_len

MAX_ANSWER_TEXT = 200


@api_method(
    "answerCallbackQuery",
    {
        "callback_query_id": required(
            Kind.STRING, CALLBACK_QUERY_INVALID.removeprefix("Bad Request: ")
        ),
        "text": optional(Kind.STRING),
        "show_alert": optional(Kind.BOOLEAN),
        "url": optional(Kind.STRING),
        "cache_time": optional(Kind.INTEGER),
    },
)
async def answer_callback_query(context: MethodContext, params: dict[str, Any]) -> bool:
    """Answer a button press once; a second answer or an unknown id is refused."""
    query = context.state.callback_queries.get(params["callback_query_id"])
    if query is None or query.answered:
        raise ApiError(400, CALLBACK_QUERY_INVALID)
    if utf16_len(params.get("text", "")) > MAX_ANSWER_TEXT:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answered = True
    context.state.changed.notify()
    return True
