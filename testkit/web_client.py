"""The web server of a test's core on 127.0.0.1 (a free port) and a client to read it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from adapters.web.server import start_web


@dataclass
class WebClient:
    base: str
    session: aiohttp.ClientSession

    async def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        async with self.session.get(self.base + path, allow_redirects=False) as response:
            return response.status, dict(response.headers), await response.read()

    async def post(self, path: str, data: dict | None = None) -> tuple[int, dict[str, str], bytes]:
        async with self.session.post(self.base + path, data=data or {}) as response:
            return response.status, dict(response.headers), await response.read()


@pytest.fixture
async def web(app, monkeypatch) -> AsyncIterator[WebClient]:  # type: ignore[no-untyped-def]
    """The real web server around the ``app`` fixture's core, with its public address set."""
    running = await start_web(app, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{running.port}"
    monkeypatch.setenv("OUTARDE_PUBLIC_URL", base)
    async with aiohttp.ClientSession() as session:
        yield WebClient(base, session)
    await running.stop()
