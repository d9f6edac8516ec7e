"""BotApiEmulator: a local Telegram Bot API for tests, benchmarks and the terminal demo."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Literal, Self

from emulator.faults import FaultPlan
from emulator.methods import MethodContext
from emulator.methods.commands import DEFAULT_SCOPE_KEY
from emulator.models import BotCall, ChatMessage, EmulatedUser, Upload
from emulator.rate_limits import FloodControl
from emulator.server import ApiServer
from emulator.state import BotIdentity, EmulatorState
from emulator.user_actions import post_message, press_button, private_chat

DEFAULT_TOKEN = "123456:TEST-TOKEN"  # noqa: S105 (a dummy token, valid only here)


class BotApiEmulator:
    """A loopback Bot API server plus the handles tests use to act as users and to inspect.

    `clock` (monotonic seconds) drives the flood-control windows; `wall_clock` (Unix seconds)
    gives message dates. Call everything from the event loop's thread.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "rehab_coach_bot",
        *,
        bot_first_name: str = "Rehab Coach",
        host: str = "127.0.0.1",
        port: int = 0,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("a bot token looks like '<bot id>:<secret>'")
        self.token = token
        self.max_messages_per_second: float | None = None
        self.max_messages_per_chat_per_second: float | None = None
        self.clock: Callable[[], float] = time.monotonic
        self.too_many_requests = 0
        self._host = host
        self._port = port
        self._state = EmulatorState(
            BotIdentity(int(bot_id), bot_first_name, bot_username), wall_clock
        )
        self._faults = FaultPlan()
        flood = FloodControl(
            lambda: self.max_messages_per_second,
            lambda: self.max_messages_per_chat_per_second,
        )
        context = MethodContext(self._state, flood, self._now, self._count_flood)
        self._server = ApiServer(token, context, self._faults)
        self._user_ids = itertools.count(100_000_001)

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Start serving on the loopback interface."""
        self._state.closing = False
        await self._server.start(self._host, self._port)

    async def stop(self) -> None:
        """End pending long polls (they return no updates) and stop serving."""
        self._state.closing = True
        self._state.changed.notify()
        await self._server.stop()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Return the API base URL; PTB requests f'{base_url}{token}/{method}'."""
        return f"{self._origin()}/bot"

    @property
    def base_file_url(self) -> str:
        """Return the file download base URL, as PTB's base_file_url expects it."""
        return f"{self._origin()}/file/bot"

    def _origin(self) -> str:
        if self._server.port is None:
            raise RuntimeError("the emulator is not started")
        return f"http://{self._host}:{self._server.port}"

    # --- people and what they do -----------------------------------------------------------

    def new_user(
        self,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> EmulatedUser:
        """Return a new person with a unique id (their private chat id is the same)."""
        user_id = next(self._user_ids)
        if username is None:
            username = f"user{user_id}"
        return EmulatedUser(user_id, first_name, username, last_name, language_code)

    def send_text(self, user: EmulatedUser, text: str) -> int:
        """Have user write text to the bot in private; return the queued update_id."""
        return post_message(self._state, private_chat(self._state, user), user, text=text)

    def send_sticker(self, user: EmulatedUser) -> int:
        """Have user send the bot a sticker; return the queued update_id."""
        return post_message(self._state, private_chat(self._state, user), user, kind="sticker")

    def send_photo(
        self, user: EmulatedUser, data: bytes | None = None, *, caption: str | None = None
    ) -> int:
        """Have user send the bot a photo (fake JPEG bytes unless given); return the update_id."""
        chat = private_chat(self._state, user)
        return post_message(self._state, chat, user, kind="photo", photo=data, caption=caption)

    def share_location(self, user: EmulatedUser, *, latitude: float, longitude: float) -> int:
        """Have user share a location with the bot, as a request_location button sends it."""
        chat = private_chat(self._state, user)
        return post_message(
            self._state, chat, user, kind="location", location=(latitude, longitude)
        )

    def send_text_in_group(
        self,
        user: EmulatedUser,
        text: str,
        *,
        group_id: int = -100123,
        title: str = "Team",
        chat_type: Literal["group", "supergroup"] = "supergroup",
    ) -> int:
        """Have user write text in a group the bot is in; return the queued update_id."""
        chat = self._state.ensure_chat(group_id, chat_type, title=title)
        return post_message(self._state, chat, user, text=text)

    def channel_post(self, text: str, *, channel_id: int = -100999, title: str = "Channel") -> int:
        """Post text in a channel the bot is in; return the queued update_id."""
        chat = self._state.ensure_chat(channel_id, "channel", title=title)
        return post_message(self._state, chat, None, text=text)

    def press_button(self, user: EmulatedUser, message_id: int, callback_data: str) -> int:
        """Have user press an inline button on a bot message in their private chat.

        Raises ValueError if, right now, that message or a button with that data is missing.
        """
        return press_button(self._state, user, message_id, callback_data)

    def deliver_again(self, update_id: int) -> int:
        """Queue an update the bot already had once more, with the same content (a button press
        keeps its query id): what a bot gets after it restarted before confirming it. It goes
        under a new update_id, so offsets go on as usual; return that id."""
        earlier = self._state.recent_updates.get(update_id)
        if earlier is None:
            raise ValueError(f"update {update_id} is not among the recent ones")
        return self._state.queue_update(earlier.kind, earlier.payload)

    def block(self, user: EmulatedUser) -> None:
        """Have user block the bot: sending to their chat fails with 403 until they write again."""
        self._state.blocked_user_ids.add(user.id)

    def unblock(self, user: EmulatedUser) -> None:
        """Have user unblock the bot."""
        self._state.blocked_user_ids.discard(user.id)

    def forget_file(self, file_id: str) -> None:
        """Make Telegram forget a file, by any of its file_ids (a photo has two): sending it by
        id then fails with "Bad Request: wrong file identifier/HTTP URL specified", and getFile
        with "Bad Request: invalid file_id", so the bot has to upload it again. Messages that
        show it keep it. Raises ValueError for an id the emulator never gave.
        """
        self._state.forget_file(file_id)

    # --- what the bot did ------------------------------------------------------------------

    @property
    def calls(self) -> list[BotCall]:
        """Return every API call so far, in the order they were answered."""
        return list(self._state.calls)

    def calls_to(self, method: str) -> list[BotCall]:
        """Return the calls of one method (names compared without regard to case)."""
        return [call for call in self._state.calls if call.method.lower() == method.lower()]

    @property
    def uploads(self) -> list[Upload]:
        """Return every file the bot uploaded as bytes, in order; files it sent by file_id or
        URL are not uploads, and neither are uploads of sends that were refused."""
        return list(self._state.uploads)

    def upload_count(self, chat_id: int | None = None) -> int:
        """Return how many files the bot uploaded, to chat_id if given: a send by file_id
        leaves it unchanged, so a test can tell a reused file from a new upload."""
        uploads = self._state.uploads
        return sum(1 for upload in uploads if chat_id is None or upload.chat_id == chat_id)

    def messages(self, chat_id: int) -> list[ChatMessage]:
        """Return the chat as it is now: edits applied, deleted messages gone."""
        chat = self._state.chat(chat_id)
        if chat is None:
            return []
        return [message.snapshot() for message in chat.messages.values()]

    def bot_messages(self, chat_id: int) -> list[ChatMessage]:
        """Return the bot's messages in the chat as they are now."""
        return [message for message in self.messages(chat_id) if message.from_bot]

    def reply_keyboard(self, chat_id: int) -> list[list[Any]] | None:
        """Return the rows of the keyboard shown below the message box now, or None.

        A client shows the reply keyboard of the bot's latest message that set one, until a
        later message removes it (one_time_keyboard only folds it away, so it still counts).
        """
        chat = self._state.chat(chat_id)
        if chat is None:
            return None
        for message in reversed(list(chat.messages.values())):
            markup = message.reply_markup if message.from_bot else None
            if markup is not None and "keyboard" in markup:
                return [list(row) for row in markup["keyboard"]]
            if markup is not None and "remove_keyboard" in markup:
                return None
        return None

    def unanswered_callback_queries(self) -> list[str]:
        """Return the ids of button presses the bot never answered."""
        return [
            query.query_id for query in self._state.callback_queries.values() if not query.answered
        ]

    @property
    def commands(self) -> list[dict[str, str]] | None:
        """Return the command list last set for the default scope and all languages."""
        return self.commands_for(DEFAULT_SCOPE_KEY)

    def commands_for(self, scope: tuple[str, str]) -> list[dict[str, str]] | None:
        """Return the command list last set for a (scope, language) key, as scope_key makes."""
        commands = self._state.commands.get(scope)
        return None if commands is None else [dict(command) for command in commands]

    def profile_text(self, field: str) -> str | None:
        """Return the bot's description or short_description for all languages, if set."""
        return self._state.profile.get((field, ""))

    # --- waiting without sleeping ----------------------------------------------------------

    async def wait_acknowledged(self, update_id: int, timeout: float = 5.0) -> None:  # noqa: ASYNC109 (the timeout is the point)
        """Return once the bot called getUpdates with an offset above update_id.

        PTB only asks for the next offset after putting the updates it got into its queue.
        """
        state = self._state
        try:
            await state.changed.wait_for(
                lambda: True if state.confirmed_offset > update_id else None, timeout
            )
        except TimeoutError:
            raise TimeoutError(
                f"update {update_id} was not acknowledged within {timeout} s "
                f"(highest offset seen: {state.confirmed_offset})"
            ) from None

    async def wait_for_call(
        self,
        predicate: Callable[[BotCall], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 (the timeout is the point)
        *,
        since: int = 0,
    ) -> BotCall:
        """Return the first call, already made or still to come, that satisfies predicate.

        Calls are searched from index `since` of `calls` (pass len(emu.calls) to skip the past).
        """
        state = self._state
        next_index = since

        def first_match() -> BotCall | None:
            """Scan only the calls not yet looked at."""
            nonlocal next_index
            while next_index < len(state.calls):
                call = state.calls[next_index]
                next_index += 1
                if predicate(call):
                    return call
            return None

        try:
            return await state.changed.wait_for(first_match, timeout)
        except TimeoutError:
            made = [call.method for call in state.calls[since:]]
            raise TimeoutError(f"no matching call within {timeout} s; calls: {made}") from None

    async def wait_until(
        self,
        condition: Callable[[], object],
        timeout: float = 5.0,  # noqa: ASYNC109 (the timeout is the point)
    ) -> None:
        """Return once condition() is truthy, re-checking it whenever the state changes."""
        try:
            await self._state.changed.wait_for(lambda: True if condition() else None, timeout)
        except TimeoutError:
            raise TimeoutError(f"condition still false after {timeout} s") from None

    @property
    def long_polls_waiting(self) -> int:
        """Return how many getUpdates requests are parked waiting for an update."""
        return self._state.waiting_polls

    def subscribe(self) -> asyncio.Queue[ChatMessage]:
        """Return a queue that gets a snapshot whenever the bot sends or edits a message."""
        queue: asyncio.Queue[ChatMessage] = asyncio.Queue()
        self._state.subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[ChatMessage]) -> None:
        """Stop feeding a queue returned by subscribe."""
        self._state.subscribers.remove(queue)

    # --- faults and limits -----------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        error_code: int = 500,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Make the next `times` calls of method (to chat_id, if given) fail with that error.

        The description defaults to Telegram's text for the code ("Too Many Requests: retry
        after N" for 429, which also gets parameters.retry_after, 1 unless given).
        """
        self._faults.fail_next(
            method,
            error_code=error_code,
            description=description,
            retry_after=retry_after,
            times=times,
            chat_id=chat_id,
        )

    def lose_answer_next(
        self,
        method: str,
        error_code: int | None = None,
        *,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Let the next `times` calls of method (to chat_id, if given) take effect (a message is
        stored and delivered), then drop the connection without an answer, or, with error_code
        (502, say), answer that error instead: what a client sees when the connection breaks,
        or a proxy gives up, after Telegram took the request."""
        self._faults.lose_answer_next(method, error_code=error_code, times=times, chat_id=chat_id)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Answer the next `times` calls of method seconds late; the calls still take effect."""
        self._faults.delay_next(method, seconds, times)

    def _now(self) -> float:
        # read self.clock on every call: tests may swap the clock after the server started
        return self.clock()

    def _count_flood(self) -> None:
        self.too_many_requests += 1
