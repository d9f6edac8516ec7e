"""The HTTP side: an aiohttp server on loopback speaking the Bot API's request and answer shapes."""

from __future__ import annotations

import asyncio
import json
import logging
from functools import partial
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from emulator.errors import ApiError, bad_request
from emulator.faults import FaultPlan
from emulator.methods import MethodContext, MethodSpec, find_method
from emulator.models import BotCall, UploadedFile
from emulator.params import coerce_params

logger = logging.getLogger(__name__)

# Telegram accepts uploads of up to 50 MB from bots; a little headroom for the other fields.
MAX_REQUEST_BYTES = 52 * 1024 * 1024
_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
_dumps = partial(json.dumps, ensure_ascii=False)


class ApiServer:
    """Serves /bot<token>/<method> and /file/bot<token>/<path> for one bot token."""

    def __init__(self, token: str, context: MethodContext, faults: FaultPlan) -> None:
        self._token = token
        self._context = context
        self._faults = faults
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def start(self, host: str, port: int) -> int:
        """Listen on host:port (0 picks a free port) and return the port."""
        app = web.Application(client_max_size=MAX_REQUEST_BYTES)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # No access log: URLs carry the token. Cancelling handlers of vanished clients stops
        # an abandoned long poll from answering (and being recorded) after its client left.
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self.port

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle_api(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        spec = find_method(name)
        method = spec.name if spec is not None else name
        params: dict[str, Any] = {}  # filled as far as decoding got, for the call record
        try:
            result = await self._execute(request, spec, params)
        except ApiError as error:
            if _client_gone(request):
                return web.Response(status=499)
            self._context.state.record_call(
                BotCall(method, dict(params), False, None, error.error_code, error.description)
            )
            logger.debug("%s -> %d", method, error.error_code)
            await self._hold_answer(method)
            return web.json_response(error.to_json(), status=error.error_code, dumps=_dumps)
        self._context.state.record_call(BotCall(method, dict(params), True, result))
        logger.debug("%s -> ok", method)
        await self._hold_answer(method)
        lost = self._faults.take_lost_answer(method, params.get("chat_id"))
        if lost is not None and lost.status is None and request.transport is not None:
            request.transport.close()  # the call took effect; its answer never leaves
        if lost is not None and lost.status is not None:
            return web.Response(status=lost.status, text=lost.page, content_type="text/html")
        return web.json_response({"ok": True, "result": result}, dumps=_dumps)

    async def _execute(
        self, request: web.Request, spec: MethodSpec | None, params: dict[str, Any]
    ) -> Any:
        """Run one call, or raise the ApiError Telegram would answer with."""
        if request.match_info["token"] != self._token:
            raise ApiError(401, "Unauthorized")
        if spec is None:
            raise ApiError(404, "Not Found")
        params.update(await _read_params(request))
        typed = coerce_params(params, spec.params)
        params.clear()
        params.update(typed)
        injected = self._faults.take_failure(spec.name, params.get("chat_id"))
        if injected is not None:
            raise injected
        return await spec.handler(self._context, params)

    async def _hold_answer(self, method: str) -> None:
        """Answer late when a test asked for it; the call has already taken effect."""
        delay = self._faults.take_delay(method)
        if delay > 0:
            await asyncio.sleep(delay)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self._token:
            return web.json_response(ApiError(401, "Unauthorized").to_json(), status=401)
        path = request.match_info["path"]
        for stored in self._context.state.files.values():
            if stored.file_path == path and stored.data is not None:
                return web.Response(body=stored.data, content_type="application/octet-stream")
        return web.json_response(ApiError(404, "Not Found").to_json(), status=404)


def _client_gone(request: web.Request) -> bool:
    transport = request.transport
    return transport is None or transport.is_closing()


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Collect parameters from the query string and a JSON, form or multipart body."""
    params: dict[str, Any] = dict(request.query)
    if not request.body_exists:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("JSON object expected")
        params.update(body)
    elif request.content_type in _FORM_TYPES:
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            raise ApiError(413, "Request Entity Too Large") from None
        for key, value in form.items():
            if isinstance(value, FileField):
                params[key] = UploadedFile(value.filename, value.content_type, value.file.read())
            else:
                params[key] = value
    return params
