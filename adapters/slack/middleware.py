"""Middlewares Bolt calls with the request itself.

A function given to ``app.use`` or ``middleware=[…]`` is wrapped by Bolt, which inspects its
argument names and builds a dictionary of every argument it could want on each request. An
``AsyncMiddleware`` is called with the request, its response and ``next`` alone: on the
path every command takes, nothing is built for nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

Next = Callable[[], Awaitable[BoltResponse]]
Process = Callable[[AsyncBoltRequest, Next], Awaitable[Any]]


class Direct(AsyncMiddleware):
    """``process(request, next)`` as a Bolt middleware."""

    def __init__(self, process: Process) -> None:
        self.process = process

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        return await self.process(req, next)  # type: ignore[no-any-return]

    @property
    def name(self) -> str:
        return f"Direct({getattr(self.process, '__qualname__', self.process)!r})"
