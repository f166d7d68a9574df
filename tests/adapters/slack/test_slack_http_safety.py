"""Hostile or broken requests to the Slack endpoint, and a Slack that cannot say who acts."""

from __future__ import annotations

import json
import time
import urllib.parse

from sqlmodel import select

from adapters.slack.app import SlackBot
from adapters.slack.pacing import ChannelPacer
from adapters.slack.server import start_http
from storage.models import Member, Workspace
from testkit.fixtures import core_like
from testkit.slack_standin import (
    SECRET,
    TEAM,
    HttpSlack,
    StandIn,
    action_payload,
    command_payload,
    form_body,
    http_slack,
    interactive_body,
    signed_headers,
    slack_bot,
    standin,
)

__all__ = ["http_slack", "slack_bot", "standin"]  # fixtures


async def still_answers(http: HttpSlack, bot, standin: StandIn) -> None:  # type: ignore[no-untyped-def]
    """After whatever came before, a normal command still runs."""
    before = len(standin.private())
    body = form_body(command_payload("/outarde", "aide", standin=standin))
    assert (await http.send(body))[0] == 200
    await bot.drain()
    assert len(standin.private()) == before + 1


async def test_a_body_of_several_megabytes_is_refused_without_running_anything(
    http_slack, slack_bot, standin
) -> None:  # type: ignore[no-untyped-def]
    fields = command_payload("/outarde", "aide " + "x" * (5 * 1024 * 1024), standin=standin)
    body = form_body(fields)
    status, _ = await http_slack.send(body, timeout=10)
    assert status == 413
    await slack_bot.drain()
    assert standin.calls == []
    await still_answers(http_slack, slack_bot, standin)


async def test_malformed_payload_json_is_refused_and_nothing_breaks(
    http_slack, slack_bot, standin
) -> None:  # type: ignore[no-untyped-def]
    for payload in ("{pas du json", "[]", '"texte"', "null", json.dumps({"type": 3})):
        body = urllib.parse.urlencode({"payload": payload})
        status, _ = await http_slack.send(body)
        assert 400 <= status < 500, payload
    await slack_bot.drain()
    assert standin.posts() == [] and standin.private() == []
    await still_answers(http_slack, slack_bot, standin)


async def test_wrong_content_types_are_refused(http_slack, slack_bot, standin) -> None:  # type: ignore[no-untyped-def]
    body = form_body(command_payload("/outarde", "aide", standin=standin))
    for content_type in ("text/plain", "application/octet-stream", "multipart/form-data"):
        headers = {**signed_headers(body), "Content-Type": content_type}
        status, _ = await http_slack.send(body, headers=headers)
        assert 400 <= status < 500, content_type
    await slack_bot.drain()
    assert standin.private() == []


async def test_a_timestamp_in_the_future_gets_401(http_slack, slack_bot, standin) -> None:  # type: ignore[no-untyped-def]
    body = form_body(command_payload("/outarde", "aide", standin=standin))
    for ahead in (6 * 60, 24 * 3600):
        headers = signed_headers(body, timestamp=int(time.time()) + ahead)
        assert (await http_slack.send(body, headers=headers))[0] == 401
    await slack_bot.drain()
    assert standin.calls == []


async def test_the_workspace_is_the_envelopes_team_not_the_persons(
    http_slack, slack_bot, standin, app
) -> None:  # type: ignore[no-untyped-def]
    await still_answers(http_slack, slack_bot, standin)
    click = action_payload("outarde.inconnu#1", "1", standin=standin)
    click["user"]["team_id"] = "T0AUTRE"  # a person of a Slack Connect partner organisation
    assert (await http_slack.send(interactive_body(click)))[0] == 200
    await slack_bot.drain()
    async with app.db.session() as session:
        workspaces = (await session.exec(select(Workspace.id))).all()
        members = (await session.exec(select(Member.workspace))).all()
    assert workspaces == [f"slack:{TEAM}"] and set(members) == {f"slack:{TEAM}"}


async def test_a_failing_users_info_is_remembered_and_commands_answer_at_once(app, standin) -> None:  # type: ignore[no-untyped-def]
    import aiohttp

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    bot = SlackBot(
        core_like(app),
        token="xoxb-test-token",
        signing_secret=SECRET,
        api_url=standin.api_url,
        pacer=ChannelPacer(rate=1000.0, burst=1000),
        sleep=sleep,
    )
    now = [0.0]
    bot.people = type(bot.people)(sleep=sleep, now=lambda: now[0])
    standin.fail("users.info", status=503, error="service_unavailable", times=1000)
    running = await start_http(bot, "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as session:
            http = HttpSlack(f"http://127.0.0.1:{running.port}/slack/events", session)
            for user, name in [("U0ALICE", "alice"), ("U0BRUNO", "bruno"), ("U0ALICE", "alice")]:
                body = form_body(
                    command_payload("/outarde", "aide", user=user, name=name, standin=standin)
                )
                await http.send(body)
                await bot.drain()
            assert len(standin.of("users.info")) == 4  # the first command's attempts only
            assert sum(slept) == 3.5
            assert len(standin.private()) == 3  # each one answered, with the payload's name
            now[0] += 61  # a minute later Slack is asked again
            body = form_body(command_payload("/outarde", "aide", standin=standin))
            await http.send(body)
            await bot.drain()
            assert len(standin.of("users.info")) == 8
    finally:
        await bot.drain()
        await running.stop()
