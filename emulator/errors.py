"""Errors the emulated Bot API answers with, in Telegram's wording."""

from __future__ import annotations

from typing import Any

CALLBACK_QUERY_INVALID = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
MESSAGE_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
BOT_BLOCKED = "Forbidden: bot was blocked by the user"


class ApiError(Exception):
    """A Bot API error: becomes {"ok": false, "error_code": ..., "description": ...}."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> dict[str, Any]:
        """Return the error in the shape Telegram answers with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    """Return a 400 error whose description is 'Bad Request: <reason>'."""
    return ApiError(400, f"Bad Request: {reason}")


def too_many_requests(retry_after: int) -> ApiError:
    """Return a 429 flood-control error telling the client how long to wait."""
    return ApiError(
        429,
        f"Too Many Requests: retry after {retry_after}",
        {"retry_after": retry_after},
    )
