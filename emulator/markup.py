"""Checking reply_markup: inline keyboards, reply keyboards, keyboard removal and force-reply."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from emulator.errors import ApiError, bad_request
from emulator.text_units import utf8_len

MAX_CALLBACK_DATA_BYTES = 64
_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_OBJECT_ACTIONS = frozenset(
    {"web_app", "login_url", "switch_inline_query_chosen_chat", "copy_text", "callback_game"}
)
_STRING_ACTIONS = frozenset(
    {"url", "callback_data", "switch_inline_query", "switch_inline_query_current_chat"}
)
_BUTTON_ERROR = "can't parse inline keyboard button: "


def check_reply_markup(markup: dict[str, Any], *, inline_only: bool = False) -> dict[str, Any]:
    """Return the markup as Telegram keeps it, or raise the 400 Telegram gives for it."""
    if "inline_keyboard" in markup:
        return {"inline_keyboard": _inline_keyboard(markup["inline_keyboard"])}
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        _reply_keyboard(markup["keyboard"])
        return dict(markup)
    if "remove_keyboard" in markup:
        if markup["remove_keyboard"] is not True:
            raise bad_request('field "remove_keyboard" must be True')
        return dict(markup)
    if "force_reply" in markup:
        if markup["force_reply"] is not True:
            raise bad_request('field "force_reply" must be True')
        return dict(markup)
    raise bad_request("can't parse reply keyboard markup JSON object")


def _rows(rows: Any, field: str, markup_type: str) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{field}" of the {markup_type} must be an Array of Arrays')
    return rows


def _inline_keyboard(rows: Any) -> list[list[dict[str, Any]]]:
    return [
        [_inline_button(button) for button in row]
        for row in _rows(rows, "inline_keyboard", "InlineKeyboardMarkup")
    ]


def _inline_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise bad_request(_BUTTON_ERROR + "InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise bad_request(_BUTTON_ERROR + 'Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_EMPTY")
    actions = [name for name in _INLINE_ACTIONS if name in button]
    if not actions:
        raise bad_request(_BUTTON_ERROR + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise bad_request(_BUTTON_ERROR + "exactly one of the optional fields must be used")
    action = actions[0]
    value = button[action]
    _check_action_type(action, value)
    if action == "callback_data" and not 1 <= utf8_len(value) <= MAX_CALLBACK_DATA_BYTES:
        raise bad_request("BUTTON_DATA_INVALID")
    if action == "url" and not _is_button_url(value):
        raise bad_request("BUTTON_URL_INVALID")
    kept = {"text": text, action: value}
    for extra in ("icon_custom_emoji_id", "style"):
        if extra in button:
            kept[extra] = button[extra]
    return kept


def _check_action_type(action: str, value: Any) -> None:
    error: ApiError | None = None
    if action in _STRING_ACTIONS and not isinstance(value, str):
        error = bad_request(f'{_BUTTON_ERROR}Field "{action}" must be of type String')
    elif action in _OBJECT_ACTIONS and not isinstance(value, dict):
        error = bad_request(f'{_BUTTON_ERROR}Field "{action}" must be of type Object')
    elif action == "pay" and value is not True:
        error = bad_request(f'{_BUTTON_ERROR}Field "pay" must be of type Boolean')
    if error is not None:
        raise error


def _is_button_url(url: str) -> bool:
    split = urlsplit(url.strip())
    if split.scheme.lower() == "tg":
        return True
    return split.scheme.lower() in ("http", "https") and bool(split.hostname)


def _reply_keyboard(rows: Any) -> None:
    for row in _rows(rows, "keyboard", "ReplyKeyboardMarkup"):
        for button in row:
            text = button if isinstance(button, str) else None
            if isinstance(button, dict) and isinstance(button.get("text"), str):
                text = button["text"]
            if text is None:
                raise bad_request(
                    'can\'t parse keyboard button: Field "text" must be of type String'
                )
            if not text.strip():
                raise bad_request("BUTTON_TEXT_EMPTY")
