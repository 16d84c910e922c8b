"""The fake Telegram Bot API server: HTTP on 127.0.0.1, sending limits, fault injection."""

import asyncio
import json
import logging
import socket
from collections.abc import Iterable
from typing import Any, Self

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web

from ..clock import Clock, SystemClock
from .bot_api import HANDLERS, MAX_UPLOAD, TOO_LARGE
from .errors import ApiError, bad_request, too_many_requests
from .faults import Faults, InjectedFailure
from .group_people import GroupPeople
from .limits import SEND_METHODS, RateLimited, RateLimits, SendLimiter
from .records import ApiRequest, Params
from .spec import canonical_names, check_params, load_methods

DEFAULT_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
logger = logging.getLogger(__name__)


class LoopbackSession(AiohttpSession):
    """aiogram's session minus the 250 ms pause on close meant for TLS; loopback has no TLS."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


class _Dropped(Exception):
    """The call was performed; its answer must not reach the client."""


class FakeTelegram(GroupPeople):
    """Serves /bot<token>/<method> on 127.0.0.1; use `async with FakeTelegram() as fake`.

    `clock` is what the rules read (sending limits, callback expiry, message dates); the default
    is the system clock. `rate_limits` enforces Telegram's sending limits: True for the real
    numbers, a RateLimits for others, False for none.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        callback_expiry: float = 15.0,
        webhook_max_attempts: int = 5,
        webhook_retry_delay: float = 0.05,
        bot_username: str = "coach_test_bot",
        clock: Clock | None = None,
        rate_limits: bool | RateLimits = True,
    ) -> None:
        super().__init__(
            token,
            callback_expiry=callback_expiry,
            bot_username=bot_username,
            clock=clock or SystemClock(),
        )
        self.webhook_sender.max_attempts = webhook_max_attempts
        self.webhook_sender.retry_delay = webhook_retry_delay
        self.faults = Faults()
        self.rate_limited: list[RateLimited] = []
        self.limiter: SendLimiter | None = None
        self.set_rate_limits(rate_limits)
        self._delays: dict[str, float] = {}
        self._runner: web.AppRunner | None = None
        self._port = 0

    # lifecycle

    async def start(self) -> Self:
        # Room for a whole upload and the other fields: bigger files are refused as Telegram does.
        app = web.Application(client_max_size=MAX_UPLOAD + 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        self._polling.close()
        await self.webhook_sender.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def make_bot(self, token: str | None = None, **kwargs: Any) -> Bot:
        """An aiogram Bot talking to this server; close it with `await bot.session.close()`."""
        session = LoopbackSession(api=TelegramAPIServer.from_base(self.url))
        return Bot(token or self.token, session=session, **kwargs)

    # sending limits

    def set_rate_limits(self, limits: bool | RateLimits) -> None:
        """Telegram's limits (True), tighter or looser ones (RateLimits), or none (False);
        sends delivered so far are forgotten."""
        if limits is True:
            limits = RateLimits()
        self.limiter = SendLimiter(limits) if limits else None

    # fault injection; every failure made is in `injected_failures`

    @property
    def injected_failures(self) -> list[InjectedFailure]:
        return self.faults.injected

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """The next `times` calls of `method` (to `chat_id` if given) fail with this error,
        without being performed."""
        error = ApiError(error_code, description, retry_after)
        self.faults.fail_next(method, error, times, chat_id)

    def flood(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        self.faults.fail_next(method, too_many_requests(retry_after), times, None)

    def fail_randomly(
        self,
        rate: float,
        codes: Iterable[int] = (500, 502),
        methods: Iterable[str] | None = None,
        seed: int = 0,
    ) -> None:
        """From now on each call of `methods` (default: all but getUpdates, getMe,
        setMyCommands, deleteWebhook, setWebhook) fails with probability `rate`, with one of
        `codes`, without being performed; the draws come from random.Random(seed)."""
        self.faults.fail_randomly(rate, codes, methods, seed)

    def stop_failing(self) -> None:
        """Ends fail_randomly; fail_next and drop_after_delivery stay armed."""
        self.faults.stop_failing()

    def drop_after_delivery(
        self, method: str, times: int = 1, chat_id: int | str | None = None
    ) -> None:
        """The next `times` successful calls of `method` are performed (message stored, edit
        applied, callback answered), then the connection closes without an answer: the client
        sees a disconnect and cannot know the call worked."""
        self.faults.drop_after_delivery(method, times, chat_id)

    def block(self, chat_id: int | str) -> None:
        """The person blocked the bot: sends and edits to the chat answer 403 until unblock.
        Silent: no update; `user_blocks` also tells the bot, as Telegram does."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int | str) -> None:
        self._blocked.discard(chat_id)

    def delay(self, method: str, seconds: float) -> None:
        """Every call of `method` waits `seconds` of real time (not the clock's) before it is
        answered; 0 removes the delay."""
        self._delays[method.lower()] = seconds

    # HTTP

    async def _not_found(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").body(), status=404)

    async def _handle(self, request: web.Request) -> web.Response:
        try:
            result = await self._call(request)
        except _Dropped:
            # Close the socket now; aiohttp then fails to write the answer and gives up quietly.
            request.protocol.force_close()
            return web.Response(status=204)
        except ApiError as error:
            return web.json_response(error.body(), status=error.error_code)
        except Exception as error:
            logger.exception("fake Telegram server bug")
            bug = ApiError(500, f"Internal Server Error: bug in the fake server: {error!r}")
            return web.json_response(bug.body(), status=500)
        return web.json_response({"ok": True, "result": result})

    async def _call(self, request: web.Request) -> Any:
        if request.match_info["token"] != self.token or self.logged_out:
            raise ApiError(401, "Unauthorized")
        name = canonical_names().get(request.match_info["method"].lower())
        if name is None:
            raise ApiError(404, "Not Found")
        params = raw = _attached(await _read_params(request))
        try:
            params = check_params(load_methods()[name], raw)
        finally:
            self.requests.append(ApiRequest(name, params))
        handler = HANDLERS.get(name)
        if handler is None:
            raise bad_request(f"method not implemented by the fake: {name}")
        if seconds := self._delays.get(name.lower()):
            await asyncio.sleep(seconds)
        if error := self.faults.error_for(name, params):
            if error.error_code == 429:
                self._note_429(name, params, error.retry_after or 0, "injected")
            raise error
        limiter = self.limiter if name in SEND_METHODS else None
        now = self.clock.monotonic()
        if limiter is not None and (refusal := limiter.refusal(params.get("chat_id"), now)):
            self._note_429(name, params, *refusal)
            raise too_many_requests(refusal[0])
        result = await handler(self, params)
        if limiter is not None:
            limiter.record(params.get("chat_id"), now)
        if self.faults.drops(name, params):
            raise _Dropped
        return result

    def _note_429(self, name: str, params: Params, retry_after: int, limit: str) -> None:
        self.rate_limited.append(RateLimited(name, params.get("chat_id"), retry_after, limit))


async def _read_params(request: web.Request) -> Params:
    params: Params = dict(request.query)
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        return params | body
    if request.can_read_body:
        try:
            params |= dict(await request.post())
        except web.HTTPRequestEntityTooLarge:
            raise ApiError(413, TOO_LARGE) from None
    return params


def _attached(params: Params) -> Params:
    """Files sent as ``attach://<name>`` (as aiogram sends them) put in the parameter naming
    them, or in the album's medium naming them; a file part that nothing names is left, an
    unknown parameter."""
    params = _album_attached(params)
    named = {
        key: value.removeprefix("attach://")
        for key, value in params.items()
        if isinstance(value, str) and value.startswith("attach://")
    }
    files = {
        key: params[part]
        for key, part in named.items()
        if isinstance(params.get(part), web.FileField)
    }
    parts = {named[key] for key in files}
    return {key: value for key, value in params.items() if key not in parts} | files


def _album_attached(params: Params) -> Params:
    """sendMediaGroup's ``media`` (JSON) with each ``attach://`` replaced by its file part."""
    media = params.get("media")
    if not isinstance(media, str) or "attach://" not in media:
        return params
    try:
        items = json.loads(media)
    except ValueError:
        return params
    if not isinstance(items, list):
        return params
    used: set[str] = set()
    for item in items:
        ref = item.get("media") if isinstance(item, dict) else None
        part = ref.removeprefix("attach://") if isinstance(ref, str) else ""
        if ref != part and isinstance(params.get(part), web.FileField):
            item["media"] = params[part]
            used.add(part)
    kept = {key: value for key, value in params.items() if key not in used}
    return kept | {"media": items}
