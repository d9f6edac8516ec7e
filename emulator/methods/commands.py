"""The bot's command menu (setMyCommands, getMyCommands, deleteMyCommands) and its profile
texts (set/getMyDescription, set/getMyShortDescription)."""

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
    return json.dumps(scope, sort_keys=True), _language(params)


DEFAULT_SCOPE_KEY = (json.dumps({"type": "default"}), "")
PRIVATE_SCOPE_KEY = (json.dumps({"type": "all_private_chats"}), "")


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


# The longest text of each profile field, in UTF-16 units (the Bot API's limits).
PROFILE_LIMITS = {"description": 512, "short_description": 120}


def _language(params: dict[str, Any]) -> str:
    language = params.get("language_code", "")
    if language and not _LANGUAGE.fullmatch(language):
        raise bad_request("invalid language code specified")
    return str(language)


def _set_profile(context: MethodContext, params: dict[str, Any], field: str) -> bool:
    text = params.get(field, "")
    if utf16_len(text) > PROFILE_LIMITS[field]:
        raise bad_request(f"{field.upper()}_INVALID")
    key = (field, _language(params))
    if text:
        context.state.profile[key] = text
    else:
        context.state.profile.pop(key, None)  # an empty text removes it, as in Telegram
    context.state.changed.notify()
    return True


def _get_profile(context: MethodContext, params: dict[str, Any], field: str) -> dict[str, str]:
    language = _language(params)
    profile = context.state.profile
    return {field: profile.get((field, language), profile.get((field, ""), ""))}


_LANGUAGE_PARAM = {"language_code": optional(Kind.STRING)}


@api_method("setMyDescription", {"description": optional(Kind.STRING), **_LANGUAGE_PARAM})
async def set_my_description(context: MethodContext, params: dict[str, Any]) -> bool:
    """Set the text shown in an empty chat with the bot."""
    return _set_profile(context, params, "description")


@api_method("getMyDescription", _LANGUAGE_PARAM)
async def get_my_description(context: MethodContext, params: dict[str, Any]) -> dict[str, str]:
    """Return the description for a language (or the default one)."""
    return _get_profile(context, params, "description")


@api_method(
    "setMyShortDescription", {"short_description": optional(Kind.STRING), **_LANGUAGE_PARAM}
)
async def set_my_short_description(context: MethodContext, params: dict[str, Any]) -> bool:
    """Set the text on the bot's profile page and in shared links."""
    return _set_profile(context, params, "short_description")


@api_method("getMyShortDescription", _LANGUAGE_PARAM)
async def get_my_short_description(
    context: MethodContext, params: dict[str, Any]
) -> dict[str, str]:
    """Return the short description for a language (or the default one)."""
    return _get_profile(context, params, "short_description")
