"""The Bot API methods the emulator serves; importing the modules registers them."""

from emulator.methods import albums, callbacks, commands, media, messages, updates
from emulator.methods.registry import MethodContext, MethodSpec, find_method

__all__ = [
    "MethodContext",
    "MethodSpec",
    "albums",
    "callbacks",
    "commands",
    "find_method",
    "media",
    "messages",
    "updates",
]
