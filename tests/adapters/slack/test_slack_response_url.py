"""Answers through response_url (adapters/slack/response_url.py), against the stand-in's real
HTTP server: retried as Slack asks, and the person still answered when it cannot be used."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from adapters.slack.poster import JsonPoster
from adapters.slack.response_url import ResponseUrlFailed, post_answer
from testkit.slack_standin import command_payload, form_body, http_slack, slack_bot, standin

__all__ = ["http_slack", "slack_bot", "standin"]  # fixtures

BODY = {"response_type": "ephemeral", "text": "Rencontre à 13 h 30 — « ordre du jour »"}


@asynccontextmanager
async def posting() -> AsyncIterator[JsonPoster]:
    poster = JsonPoster(5.0)
    try:
        yield poster
    finally:
        await poster.close()


class Waits:
    """A sleep that only notes how long it was asked to wait."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)


def refused(standin) -> list[int]:  # type: ignore[no-untyped-def]
    return [c.params["status"] for c in standin.calls if c.method == "response_url:refused"]


async def test_a_lone_surrogate_still_reaches_the_person(standin) -> None:  # type: ignore[no-untyped-def]
    async with posting() as poster:
        await post_answer(poster, standin.response_url("r"), {"text": "a \udfff b"})
    assert standin.responses == [("r", {"text": "a \udfff b"})]


async def test_a_rate_limit_is_waited_out_as_slack_asks(standin) -> None:  # type: ignore[no-untyped-def]
    standin.fail("response_url", status=429, retry_after=7, times=2)
    waits = Waits()
    async with posting() as poster:
        await post_answer(poster, standin.response_url("r"), BODY, sleep=waits)
    assert waits.asked == [7.0, 7.0]
    assert refused(standin) == [429, 429]
    assert standin.responses == [("r", BODY)]


async def test_a_server_error_is_retried_with_backoff_then_refused(standin) -> None:  # type: ignore[no-untyped-def]
    standin.fail("response_url", status=503, times=10)
    waits = Waits()
    async with posting() as poster:
        with pytest.raises(ResponseUrlFailed, match="503"):
            await post_answer(poster, standin.response_url("r"), BODY, sleep=waits)
    assert waits.asked == [0.5, 1.0, 2.0]
    assert refused(standin) == [503] * 4 and standin.responses == []


async def test_an_expired_url_is_refused_at_once(standin) -> None:  # type: ignore[no-untyped-def]
    standin.fail("response_url", status=404)
    waits = Waits()
    async with posting() as poster:
        with pytest.raises(ResponseUrlFailed, match="404"):
            await post_answer(poster, standin.response_url("r"), BODY, sleep=waits)
    assert waits.asked == [] and refused(standin) == [404]


async def test_an_unreachable_url_is_tried_three_times() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    waits = Waits()
    async with posting() as poster:
        with pytest.raises(ResponseUrlFailed, match="unreachable"):
            await post_answer(poster, f"http://127.0.0.1:{port}/respond/r", BODY, sleep=waits)
    assert waits.asked == [0.5, 1.0]


async def test_a_command_whose_url_expired_is_answered_privately_anyway(
    http_slack, slack_bot, standin
) -> None:  # type: ignore[no-untyped-def]
    standin.fail("response_url", status=404)
    body = form_body(command_payload("/outarde", "aide", standin=standin))
    assert (await http_slack.send(body))[0] == 200
    await slack_bot.drain()
    assert refused(standin) == [404]
    [shown] = standin.of("chat.postEphemeral")
    assert "Outarde" in str(shown["blocks"]) and standin.responses == []
