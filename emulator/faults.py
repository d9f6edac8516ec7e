"""Faults tests inject: failed calls with a chosen Telegram error, late answers, and answers
lost after the call took effect (a dropped connection, a proxy's 502)."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from emulator.errors import ApiError

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class _Failure:
    method: str
    error: ApiError
    remaining: int
    chat_id: int | None


@dataclass
class LostAnswer:
    """The call takes effect, then the client gets this instead of the answer."""

    # None: the connection is dropped without an answer; else a proxy's error page.
    status: int | None

    @property
    def page(self) -> str:
        """The HTML error page a proxy such as nginx answers with (not Telegram's JSON)."""
        title = f"{self.status} {HTTPStatus(self.status or 502).phrase}"
        return f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"


@dataclass
class _Loss:
    method: str
    lost: LostAnswer
    remaining: int
    chat_id: int | None


@dataclass
class _Delay:
    method: str
    seconds: float
    remaining: int


class FaultPlan:
    """Queued faults, consumed by the calls they match, oldest first."""

    def __init__(self) -> None:
        self._failures: list[_Failure] = []
        self._delays: list[_Delay] = []
        self._losses: list[_Loss] = []

    def fail_next(
        self,
        method: str,
        *,
        error_code: int,
        description: str | None,
        retry_after: int | None,
        times: int,
        chat_id: int | None,
    ) -> None:
        """Make the next `times` calls of method (to chat_id, if given) fail with that error."""
        if error_code == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            description = (
                f"Too Many Requests: retry after {retry_after}"
                if error_code == 429
                else _DEFAULT_DESCRIPTIONS.get(error_code, "Error")
            )
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        error = ApiError(error_code, description, parameters)
        self._failures.append(_Failure(method.lower(), error, times, chat_id))

    def lose_answer_next(
        self, method: str, *, error_code: int | None, times: int, chat_id: int | None
    ) -> None:
        """Let the next `times` calls of method (to chat_id, if given) take effect, then drop
        the connection (error_code None) or answer with a proxy's error page of that status."""
        self._losses.append(_Loss(method.lower(), LostAnswer(error_code), times, chat_id))

    def take_lost_answer(self, method: str, chat_id: object) -> LostAnswer | None:
        """Return how this call's answer is lost, if a queued loss matches it, using it up."""
        for loss in self._losses:
            if loss.method != method.lower():
                continue
            if loss.chat_id is not None and loss.chat_id != chat_id:
                continue
            loss.remaining -= 1
            if loss.remaining <= 0:
                self._losses.remove(loss)
            return loss.lost
        return None

    def delay_next(self, method: str, seconds: float, times: int) -> None:
        """Hold back the answer to the next `times` calls of method by seconds."""
        self._delays.append(_Delay(method.lower(), seconds, times))

    def take_failure(self, method: str, chat_id: object) -> ApiError | None:
        """Return the error for this call if a queued failure matches it, using it up."""
        for failure in self._failures:
            if failure.method != method.lower():
                continue
            if failure.chat_id is not None and failure.chat_id != chat_id:
                continue
            failure.remaining -= 1
            if failure.remaining <= 0:
                self._failures.remove(failure)
            return failure.error
        return None

    def take_delay(self, method: str) -> float:
        """Return how long to hold this call's answer, using up a matching queued delay."""
        for delay in self._delays:
            if delay.method == method.lower():
                delay.remaining -= 1
                if delay.remaining <= 0:
                    self._delays.remove(delay)
                return delay.seconds
        return 0.0
