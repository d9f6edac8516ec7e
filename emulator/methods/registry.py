"""How Bot API methods are declared: a name, typed parameters and a handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from emulator.params import Param
from emulator.rate_limits import FloodControl
from emulator.state import EmulatorState


@dataclass(frozen=True)
class MethodContext:
    """What a handler may use: the server's memory, flood control and the injectable clock."""

    state: EmulatorState
    flood: FloodControl
    monotonic: Callable[[], float]
    count_flood: Callable[[], None]


Handler = Callable[[MethodContext, dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True)
class MethodSpec:
    """One Bot API method the emulator serves."""

    name: str
    params: Mapping[str, Param]
    handler: Handler


_REGISTRY: dict[str, MethodSpec] = {}


def api_method(name: str, params: Mapping[str, Param]) -> Callable[[Handler], Handler]:
    """Register the decorated coroutine as the handler of a Bot API method."""

    def register(handler: Handler) -> Handler:
        """Remember the handler under the method's name."""
        _REGISTRY[name.lower()] = MethodSpec(name, params, handler)
        return handler

    return register


def find_method(name: str) -> MethodSpec | None:
    """Return the method called name; like Telegram, method names ignore case."""
    return _REGISTRY.get(name.lower())
