"""The process's HTTP clients for every Slack call: one aiohttp session for the Web API
(every workspace's client) and one pool of kept-alive connections for response_url answers
(adapters/slack/poster.py), instead of a session, a TCP connection and a TLS handshake per
call."""

from __future__ import annotations

import asyncio

import aiohttp

from adapters.slack.poster import JsonPoster


class SharedHttp:
    """The process's clients, opened in the running event loop on first use."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._poster: tuple[asyncio.AbstractEventLoop, JsonPoster] | None = None

    def session(self) -> aiohttp.ClientSession:
        """The live session of this event loop (a new one after ``close`` or in another loop)."""
        loop = asyncio.get_running_loop()
        current = self._session
        if current is None or current.closed or getattr(current, "_loop", loop) is not loop:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    def poster(self) -> JsonPoster:
        """The live response_url pool of this event loop (a new one after ``close``)."""
        loop = asyncio.get_running_loop()
        if self._poster is None or self._poster[0] is not loop or self._poster[1].closed:
            self._poster = (loop, JsonPoster(self.timeout))
        return self._poster[1]

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None
        if self._poster is not None:
            await self._poster[1].close()
        self._poster = None
