"""The table of implemented Bot API methods, filled by the @api_method handlers."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from .records import Params

Handler = Callable[[Any, Params], Awaitable[Any]]
HANDLERS: dict[str, Handler] = {}
# Required parameters as the fake reads them; a test checks them against methods-index.json.
IMPLEMENTED_METHODS: dict[str, tuple[str, ...]] = {}
H = TypeVar("H", bound=Handler)


def api_method(name: str, *required: str) -> Callable[[H], H]:
    def register(handler: H) -> H:
        HANDLERS[name] = handler
        IMPLEMENTED_METHODS[name] = required
        return handler

    return register
