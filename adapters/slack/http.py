"""One aiohttp session per process for every Slack call: the Web API (every workspace's
client) and response_url answers share its connection pool instead of opening a session,
a TCP connection and a TLS handshake per call."""

from __future__ import annotations

import asyncio

import aiohttp


class SharedHttp:
    """The process's session, opened in the running event loop on first use."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        """The live session of this event loop (a new one after ``close`` or in another loop)."""
        loop = asyncio.get_running_loop()
        current = self._session
        if current is None or current.closed or getattr(current, "_loop", loop) is not loop:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None
