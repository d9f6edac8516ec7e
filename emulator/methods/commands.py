"""The bot's command menu: setMyCommands, getMyCommands, deleteMyCommands."""

from __future__ import annotations

import json
import re
from typing import Any

from emulator.errors import bad_request
from emulator.methods.registry import MethodContext, api_method
from emulator.params import Kind, optional, required
from emulator.text_units import utf16_len

MAX_COMMANDS = 100
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE = re.compile(r"[a-z]{2}")
_SCOPE_TYPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_SCOPE_PARAMS = {"scope": optional(Kind.OBJECT), "language_code": optional(Kind.STRING)}


def scope_key(params: dict[str, Any]) -> tuple[str, str]:
    """Return the (scope, language) pair a command list is stored under."""
    scope = params.get("scope") or {"type": "default"}
    if scope.get("type") not in _SCOPE_TYPES:
        raise bad_request("unsupported bot command scope type")
    language = params.get("language_code", "")
    if language and not _LANGUAGE.fullmatch(language):
        raise bad_request("invalid language code specified")
    return json.dumps(scope, sort_keys=True), language


DEFAULT_SCOPE_KEY = (json.dumps({"type": "default"}), "")


def _checked_command(command: Any) -> dict[str, str]:
    if not isinstance(command, dict):
        raise bad_request("can't parse BotCommand: BotCommand must be an Object")
    name, description = command.get("command"), command.get("description")
    if not isinstance(name, str) or not _COMMAND.fullmatch(name):
        raise bad_request("BOT_COMMAND_INVALID")
    if not isinstance(description, str) or not description.strip():
        raise bad_request("command description is empty")
    if utf16_len(description) > 256:
        raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return {"command": name, "description": description}


@api_method("setMyCommands", {"commands": required(Kind.ARRAY), **_SCOPE_PARAMS})
async def set_my_commands(context: MethodContext, params: dict[str, Any]) -> bool:
    """Replace the command list for a scope and language."""
    commands = params["commands"]
    if not commands:
        raise bad_request("commands is empty")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    checked = [_checked_command(command) for command in commands]
    context.state.commands[scope_key(params)] = checked
    context.state.changed.notify()
    return True


@api_method("getMyCommands", _SCOPE_PARAMS)
async def get_my_commands(context: MethodContext, params: dict[str, Any]) -> list[dict[str, str]]:
    """Return the command list for a scope and language."""
    return list(context.state.commands.get(scope_key(params), []))


@api_method("deleteMyCommands", _SCOPE_PARAMS)
async def delete_my_commands(context: MethodContext, params: dict[str, Any]) -> bool:
    """Remove the command list for a scope and language."""
    context.state.commands.pop(scope_key(params), None)
    context.state.changed.notify()
    return True
