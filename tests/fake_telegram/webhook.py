"""Webhook delivery: one update at a time per chat, non-2XX answers retried, then dropped."""

import asyncio
import time
from collections.abc import Callable

import aiohttp

from .records import Webhook, WebhookAttempt
from .updates import OrderedLanes, Update, chat_key

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookSender:
    def __init__(
        self,
        current: Callable[[], Webhook | None],
        fallback: Callable[[Update], None],
        *,
        max_attempts: int = 5,
        retry_delay: float = 0.05,
        timeout: float = 10.0,
    ) -> None:
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        self.timeout = timeout
        self.log: list[WebhookAttempt] = []
        self._current = current
        self._fallback = fallback
        self._lanes = OrderedLanes(self._deliver)
        self._client: aiohttp.ClientSession | None = None

    def submit(self, update: Update) -> None:
        self._lanes.submit(chat_key(update), update)

    def backlog(self) -> int:
        return self._lanes.backlog()

    def clear(self) -> None:
        self._lanes.clear()

    async def close(self) -> None:
        await self._lanes.close()
        if self._client is not None:
            await self._client.close()

    async def _deliver(self, update: Update) -> None:
        for attempt in range(self.max_attempts):
            hook = self._current()
            if hook is None:
                self._fallback(update)  # deleteWebhook: getUpdates gets what is left
                return
            status, error = await self._post(hook, update)
            self.log.append(WebhookAttempt(update["update_id"], status, error))
            if error is None:
                return
            hook.last_error_date, hook.last_error_message = int(time.time()), error
            if attempt + 1 < self.max_attempts:
                await asyncio.sleep(self.retry_delay * 2**attempt)

    async def _post(self, hook: Webhook, update: Update) -> tuple[int | None, str | None]:
        if self._client is None:
            self._client = aiohttp.ClientSession()
        headers = {SECRET_HEADER: hook.secret_token} if hook.secret_token else {}
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        try:
            async with self._client.post(
                hook.url, json=update, headers=headers, timeout=timeout
            ) as response:
                await response.read()
        except TimeoutError:
            return None, "Read timeout expired"
        except aiohttp.ClientConnectorError:
            return None, "Connection refused"
        except aiohttp.ClientError as error:
            return None, f"Connection failed: {error}"
        if 200 <= response.status < 300:
            return response.status, None
        return (
            response.status,
            f"Wrong response from the webhook: {response.status} {response.reason}",
        )
