"""Answers through an interaction's response_url: one JSON POST on the process's pool of
kept-alive connections (adapters/slack/poster.py), retried as Slack asks (429: after
Retry-After; 5xx and a dropped connection: after a short backoff)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from adapters.slack.poster import JsonPoster, PostFailed
from bot.compact_json import compact_json

log = logging.getLogger("outarde.slack")
JSON_TYPE = "application/json;charset=utf-8"
RATE_LIMIT_RETRIES = 10
SERVER_ERROR_RETRIES = 3
CONNECTION_RETRIES = 2
FIRST_BACKOFF = 0.5  # seconds before the first retry of a failure, doubled each time
MAX_RETRY_AFTER = 30.0  # seconds: a response_url lives 30 minutes; a longer wait is Slack's error


class ResponseUrlFailed(Exception):
    """The response_url could not take the answer (expired, refused, unreachable)."""


def retry_after(headers: Any) -> float:
    """Seconds Slack asks to wait before the next try (Retry-After; 1 when absent);
    ``headers`` named in lower case."""
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(headers.get("retry-after", "1"))))
    except ValueError:
        return 1.0


async def post_answer(
    poster: JsonPoster,
    url: str,
    body: dict[str, Any],
    *,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> None:
    """POST ``body`` to ``url``; raises ResponseUrlFailed unless Slack answered 200."""
    data = compact_json(body)
    limited = failed = dropped = 0
    while True:
        try:
            answer = await poster.post(url, data, JSON_TYPE)
        except ValueError as error:
            raise ResponseUrlFailed("response_url refused: not an http(s) URL") from error
        except (PostFailed, OSError, TimeoutError) as error:
            if isinstance(error, PostFailed) and not error.dropped:  # an answer, not HTTP
                raise ResponseUrlFailed(f"response_url refused: {error}") from error
            if dropped >= CONNECTION_RETRIES:
                reason = f"response_url unreachable: {type(error).__name__}"
                raise ResponseUrlFailed(reason) from error
            dropped += 1
            await sleep(FIRST_BACKOFF * 2 ** (dropped - 1))
            continue
        status, headers = answer.status, answer.headers
        if status == 200:
            return
        if status == 429 and limited < RATE_LIMIT_RETRIES:
            limited += 1
            wait = retry_after(headers)
            log.warning("slack rate limit", extra={"method": "response_url", "retry_after": wait})
            await sleep(wait)
            continue
        if status >= 500 and failed < SERVER_ERROR_RETRIES:
            failed += 1
            await sleep(FIRST_BACKOFF * 2 ** (failed - 1))
            continue
        raise ResponseUrlFailed(f"response_url answered {status}")
