"""PTB persistence for conversation states, kept in the bot's database (DESIGN 6)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import BasePersistence, PersistenceInput

from scheduler.clock import Clock
from storage import conversations

ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]


class DatabasePersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Stores only conversation states; everything else the bot knows lives in its own tables."""

    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        clock: Clock,
        update_interval: float = 5.0,
    ) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=False, callback_data=False
            ),
            update_interval=update_interval,
        )
        self._sessionmaker = sessionmaker
        self._clock = clock

    async def get_conversations(self, name: str) -> ConversationDict:
        """Load every stored state of one conversation."""
        async with self._sessionmaker() as session:
            stored = await conversations.load_states(session, name=name)
        return {tuple(json.loads(key)): json.loads(state) for key, state in stored.items()}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Store one conversation's new state (None: it ended)."""
        state = None if new_state is None else json.dumps(new_state)
        async with self._sessionmaker() as session, session.begin():
            await conversations.save_state(
                session, name=name, key=json.dumps(list(key)), state=state, now=self._clock.now()
            )

    # The bot keeps no user, chat, bot or callback data in PTB's dictionaries: nothing to do.
    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        """Return no user data."""
        return {}

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        """Return no chat data."""
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        """Return no bot data."""
        return {}

    async def get_callback_data(self) -> None:
        """Return no callback data."""

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        """Ignore: user data is not persisted."""

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Ignore: chat data is not persisted."""

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Ignore: bot data is not persisted."""

    async def update_callback_data(self, data: Any) -> None:
        """Ignore: callback data is not persisted."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Ignore: chat data is not persisted."""

    async def drop_user_data(self, user_id: int) -> None:
        """Ignore: user data is not persisted."""

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """Ignore: user data is not persisted."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Ignore: chat data is not persisted."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """Ignore: bot data is not persisted."""

    async def flush(self) -> None:
        """Nothing is buffered: every state is written when PTB hands it over."""
