"""The Slack endpoint against malformed requests and other teams (issue 24, items 10 and 11)."""

from __future__ import annotations

import json
import logging
import time
import urllib.parse

from sqlmodel import select

from storage.models import Workspace
from testkit.slack_standin import (
    SECRET,
    TEAM,
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

FORM = "application/x-www-form-urlencoded"
NESTED = "[" * 100_000 + "]" * 100_000
MALFORMED: list[tuple[bytes, str]] = [
    (b"command=%E9%ZZ&text=%FF%FE", FORM),
    (b"payload=%7Bpas+du+json", FORM),
    (urllib.parse.urlencode({"payload": NESTED}).encode(), FORM),
    (NESTED.encode(), "application/json"),
    (bytes(range(256)) * 4, FORM),
    (b"\xff\xfe\x00binary", "application/json"),
]


def headers_for(body: bytes, content_type: str, *, signed: bool, stamp: str | None = None):  # type: ignore[no-untyped-def]
    """Slack's headers for ``body`` (signed over its raw bytes), or forged ones."""
    import hashlib
    import hmac

    stamp = stamp or str(int(time.time()))
    if signed:
        base = b"v0:" + stamp.encode() + b":" + body
        signature = "v0=" + hmac.new(SECRET.encode(), base, hashlib.sha256).hexdigest()
    else:
        signature = "v0=" + "0" * 64
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }


async def post(http, body: bytes, headers: dict) -> int:  # type: ignore[no-untyped-def]
    async with http.session.post(http.events_url, data=body, headers=headers) as response:
        return response.status


async def test_unsigned_malformed_requests_get_401_and_no_traceback(
    http_slack, slack_bot, standin, caplog
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    for body, content_type in MALFORMED:
        status = await post(http_slack, body, headers_for(body, content_type, signed=False))
        assert status == 401, body[:40]
    good = form_body(command_payload("/outarde", "aide", standin=standin)).encode()
    for stamp in ("abc", "1e9", "٣٣٣", "-1", "9" * 40, ""):
        headers = headers_for(good, FORM, signed=False, stamp=stamp or " ")
        assert await post(http_slack, good, headers) == 401, stamp
    await slack_bot.drain()
    assert [r for r in caplog.records if r.exc_info] == []
    assert standin.calls == []


async def test_signed_malformed_requests_get_400_not_500(
    http_slack, slack_bot, standin, caplog
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    for body, content_type in MALFORMED:
        status = await post(http_slack, body, headers_for(body, content_type, signed=True))
        assert status == 400, body[:40]
    await slack_bot.drain()
    assert [r for r in caplog.records if r.exc_info] == []
    assert standin.posts() == [] and standin.private() == []
    body = form_body(command_payload("/outarde", "aide", standin=standin))
    assert (await http_slack.send(body))[0] == 200
    await slack_bot.drain()
    assert len(standin.private()) == 1


async def test_a_json_payload_is_still_accepted(http_slack, slack_bot, standin) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps({"type": "url_verification", "challenge": "abc"})
    headers = {**signed_headers(body), "Content-Type": "application/json"}
    status, text = await http_slack.send(body, headers=headers)
    assert status == 200 and "abc" in text


async def test_single_token_mode_serves_only_the_tokens_own_team(
    http_slack, slack_bot, standin, app
) -> None:  # type: ignore[no-untyped-def]
    other_team = {"team_id": "T0OTHER"}
    enterprise = {"enterprise_id": "E0GRID", "is_enterprise_install": "true"}
    grid_only = {"enterprise_id": "E0GRID"}
    for change in (other_team, enterprise, grid_only):
        fields = {**command_payload("/outarde", "aide", standin=standin), **change}
        status, text = await http_slack.send(form_body(fields))
        assert status == 200 and "pas installé" in text and "not installed" in text, change
    click = action_payload("outarde.inconnu#1", "1", standin=standin)
    click["team"] = {"id": "T0OTHER", "domain": "other"}
    assert (await http_slack.send(interactive_body(click)))[0] == 200
    await slack_bot.drain()
    assert [c.method for c in standin.calls] == ["auth.test"]
    async with app.db.session() as session:
        assert (await session.exec(select(Workspace.id))).all() == []
    body = form_body(command_payload("/outarde", "aide", standin=standin))
    assert (await http_slack.send(body))[0] == 200
    await slack_bot.drain()
    async with app.db.session() as session:
        assert (await session.exec(select(Workspace.id))).all() == [f"slack:{TEAM}"]
