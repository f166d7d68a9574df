"""Pacing of posts to one channel (Slack allows about one a second) and retries of API calls."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError

log = logging.getLogger("outarde.slack")
T = TypeVar("T")
TRANSIENT_ERRORS = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}


class ChannelPacer:
    """A token bucket per channel: a short burst, then ``rate`` posts a second; nothing dropped."""

    def __init__(
        self,
        rate: float = 1.0,
        burst: int = 3,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.sleep = sleep
        self._buckets: dict[str, tuple[float, float]] = {}  # channel -> (tokens, at)
        self._locks: dict[str, asyncio.Lock] = {}

    async def wait(self, channel: str) -> float:
        """Wait for this channel's turn; returns how long we waited (seconds)."""
        lock = self._locks.setdefault(channel, asyncio.Lock())
        async with lock:
            now = self.clock()
            tokens, at = self._buckets.get(channel, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate)
            waited = 0.0
            if tokens < 1.0:
                waited = (1.0 - tokens) / self.rate
                await self.sleep(waited)
                now = self.clock()
                tokens = 1.0
            self._buckets[channel] = (tokens - 1.0, now)
            if len(self._buckets) > 10_000:  # forget quiet channels
                self._buckets.pop(next(iter(self._buckets)))
                self._locks.pop(next(iter(self._locks)), None)
            return waited


def retry_after(error: SlackApiError) -> float | None:
    """Seconds Slack asked us to wait (HTTP 429 Retry-After), else None."""
    response = error.response
    if getattr(response, "status_code", None) != 429:
        return None
    headers = {k.lower(): v for k, v in (getattr(response, "headers", None) or {}).items()}
    value = headers.get("retry-after", "1")
    if isinstance(value, list):
        value = value[0] if value else "1"
    try:
        return max(0.0, float(value))
    except ValueError:
        return 1.0


def transient(error: Exception) -> bool:
    """A failure worth retrying: the network, a timeout, Slack's 5xx or internal errors."""
    if isinstance(error, aiohttp.ClientError | asyncio.TimeoutError | ConnectionError):
        return True
    if isinstance(error, SlackApiError):
        status = getattr(error.response, "status_code", 200)
        return status >= 500 or error.response.get("error") in TRANSIENT_ERRORS
    return False


async def with_retries(
    call: Callable[[], Awaitable[T]],
    *,
    what: str,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    rate_limit_attempts: int = 20,
    failure_attempts: int = 4,
    first_backoff: float = 0.5,
    before: Callable[[], Awaitable[None]] | None = None,
    limit: float | None = None,
) -> T:
    """Call Slack; wait as told on 429, retry other transient failures with backoff.

    ``before`` runs before each attempt (a delivery renews its lease there, or stops); an
    attempt that lasts more than ``limit`` seconds is cut off and counts as a failure.
    """
    limited = failed = 0
    while True:
        if before is not None:
            await before()
        try:
            async with asyncio.timeout(limit):
                return await call()
        except Exception as error:
            wait = retry_after(error) if isinstance(error, SlackApiError) else None
            if wait is not None and limited < rate_limit_attempts:
                limited += 1
                log.warning("slack rate limit", extra={"method": what, "retry_after": wait})
                await sleep(wait)
                continue
            if wait is None and transient(error) and failed < failure_attempts - 1:
                failed += 1
                await sleep(first_backoff * 2 ** (failed - 1))
                continue
            raise
