"""Distribution: Slack's OAuth flow end to end against the stand-in (install page, consent,
redirect, oauth.v2.access), two workspaces served by one process, one uninstalled; tokens are
sealed in the database and never in the logs."""

from __future__ import annotations

import html
import io
import json
import logging
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from sqlalchemy import text
from sqlmodel import select

from adapters.slack.app import SlackBot
from adapters.slack.oauth import OAuthConfig
from adapters.slack.pacing import ChannelPacer
from adapters.slack.server import start_http
from bot import departures
from bot.context import Place
from bot.ctx import Ctx
from bot.logs import configure
from bot.messages import Message, text_message
from bot.router import Feature, Router
from bot.sealing import Sealer, SealingError, new_key
from storage.models import Job
from storage.models.installations import Installation
from testkit.fixtures import core_like, router_with
from testkit.slack_standin import (
    CHANNEL,
    SECRET,
    StandIn,
    command_payload,
    event_body,
    form_body,
    json_headers,
    signed_headers,
    standin,
)

__all__ = ["standin"]
LAVAL, GASPE = "T0LAVAL", "T0GASPE"
TEST_JOBS = Feature("tests_oauth")


@pytest.fixture
def router() -> Router:
    return router_with(TEST_JOBS)


@TEST_JOBS.job("tests.oauth_reminder")
async def reminder(ctx: Ctx, job: Job) -> Message:
    return text_message(f"Rappel : rencontre de {job.key}", ephemeral=False)


class Distributed:
    """The bot in HTTP mode with distribution on, and a browser for each installer."""

    def __init__(self, bot: SlackBot, standin: StandIn, base: str) -> None:
        self.bot, self.standin, self.base = bot, standin, base

    async def install(self, team: str) -> tuple[int, str]:
        """A person opens the install page, approves on Slack, comes back to Outarde.

        The state cookie is ``Secure`` (HTTPS in production): this browser carries it by hand
        over the tests' plain HTTP, as a browser does over HTTPS."""
        async with aiohttp.ClientSession() as browser:
            async with browser.get(f"{self.base}/slack/install?team={team}") as page:
                assert page.status == 200
                found = re.search(r'href="(http[^"]+/oauth/v2/authorize[^"]+)"', await page.text())
                cookie = page.headers["Set-Cookie"].split(";")[0]
            assert found is not None and "Secure" in page.headers["Set-Cookie"]
            consent = html.unescape(found.group(1))
            async with browser.get(consent, allow_redirects=False) as approved:
                assert approved.status == 302
                back_to = approved.headers["Location"]
            async with browser.get(back_to, headers={"Cookie": cookie}) as back:
                return back.status, await back.text()

    async def send(self, body: str, headers: dict) -> tuple[int, str]:
        async with (
            aiohttp.ClientSession() as session,
            session.post(f"{self.base}/slack/events", data=body.encode(), headers=headers) as r,
        ):
            return r.status, await r.text()

    async def command(self, team: str, command: str, words: str) -> tuple[int, str]:
        body = form_body(command_payload(command, words, team=team, standin=self.standin))
        answer = await self.send(body, signed_headers(body))
        await self.bot.drain()
        return answer

    async def event(self, team: str, event: dict) -> tuple[int, str]:
        body = event_body(team, event)
        answer = await self.send(body, json_headers(body))
        await self.bot.drain()
        return answer


KEY = new_key()


@pytest.fixture
async def distributed(app, standin: StandIn) -> AsyncIterator[Distributed]:  # type: ignore[no-untyped-def]
    standin.teams = {LAVAL: "Table de Laval", GASPE: "Table de Gaspé"}
    config = OAuthConfig(
        client_id=standin.client_id,
        client_secret=standin.client_secret,
        sealer=Sealer([KEY]),
        authorization_url=standin.authorize_url,
    )
    bot = SlackBot(
        core_like(app),
        signing_secret=SECRET,
        api_url=standin.api_url,
        oauth=config,
        pacer=ChannelPacer(rate=1000.0, burst=1000),
    )
    running = await start_http(bot, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{running.port}"
    standin.redirect_url = f"{base}/slack/oauth_redirect"
    yield Distributed(bot, standin, base)
    await bot.drain()
    await running.stop()


async def schedule(app, team: str, key: str) -> None:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, Place("slack", team, CHANNEL), None)
        await ctx.schedule("tests.oauth_reminder", key, app.clock.now() + timedelta(hours=1))


async def test_two_workspaces_installed_by_oauth_each_answered_with_its_own_token(
    app, distributed: Distributed, standin: StandIn
) -> None:
    for team in (LAVAL, GASPE):
        status, page = await distributed.install(team)
        assert status == 200 and "Outarde est installé" in page
    assert set(standin.tokens.values()) == {LAVAL, GASPE}
    for team in (LAVAL, GASPE):
        status, _ = await distributed.command(team, "/partenaire", "moi Centre Entraide")
        assert status == 200
        # the person's profile was read with that workspace's own token
        assert any(c.method == "users.info" for c in standin.calls_of(team))
    answers = [body for _, body in standin.responses if "Centre Entraide" in json.dumps(body)]
    assert len(answers) == 2

    # scheduled work posts with the token of its own workspace
    await schedule(distributed.bot.core, LAVAL, "laval")
    await schedule(distributed.bot.core, GASPE, "gaspe")
    app.clock.advance(timedelta(hours=2))
    assert await distributed.bot.core.run_due() == 2
    posts = {c.token: c.params["text"] for c in standin.calls if c.method == "chat.postMessage"}
    assert "laval" in posts[standin.token_of(LAVAL)] and "gaspe" in posts[standin.token_of(GASPE)]


async def test_an_uninstalled_workspace_receives_nothing_and_keeps_its_data(
    app, distributed: Distributed, standin: StandIn
) -> None:
    for team in (LAVAL, GASPE):
        await distributed.install(team)
        await distributed.command(team, "/partenaire", "moi Centre Entraide")
    standin.revoke(GASPE)
    status, _ = await distributed.event(GASPE, {"type": "app_uninstalled"})
    assert status == 200
    left = await departures.departure_of(app.db, f"slack:{GASPE}")
    assert left is not None and left.reason == "app_uninstalled"
    assert left.erase_after - left.left_at == departures.KEEP
    async with app.db.session() as session:
        kept = (await session.exec(select(Installation.workspace))).all()
        assert kept == [f"slack:{LAVAL}"]  # the useless token is gone

    await schedule(distributed.bot.core, LAVAL, "laval")
    await schedule(distributed.bot.core, GASPE, "gaspe")
    app.clock.advance(timedelta(hours=2))
    assert await distributed.bot.core.run_due() == 1  # Gaspé's reminder waits, unposted
    posted = [c for c in standin.calls if c.method == "chat.postMessage"]
    assert [c.token for c in posted] == [standin.token_of(LAVAL)]
    async with app.db.session() as session:
        data = await departures.export(session, f"slack:{GASPE}")
    assert "Centre Entraide" in json.dumps(data, default=str)  # the data is kept
    assert await distributed.bot.core.scheduler.next_due() is None  # and no wake-up is armed for it

    # a person of Gaspé is told, in our words, that Outarde is no longer installed there
    await distributed.command(GASPE, "/outarde", "aide")
    assert "Outarde n'est pas installé pour cet espace" in json.dumps(
        standin.responses[-1][1], ensure_ascii=False
    )
    # Laval still works; Gaspé installs again and its reminder goes out
    status, _ = await distributed.command(LAVAL, "/outarde", "aide")
    assert status == 200
    await distributed.install(GASPE)
    assert await departures.departure_of(app.db, f"slack:{GASPE}") is None
    assert await distributed.bot.core.run_due() == 1
    last = [c for c in standin.calls if c.method == "chat.postMessage"][-1]
    assert last.token == standin.token_of(GASPE) and "gaspe" in last.params["text"]


async def test_tokens_revoked_for_the_bot_makes_the_workspace_leave(
    app, distributed: Distributed, standin: StandIn
) -> None:
    await distributed.install(LAVAL)
    await distributed.event(LAVAL, {"type": "tokens_revoked", "tokens": {"oauth": ["U1"]}})
    assert await departures.departure_of(app.db, f"slack:{LAVAL}") is None  # a person's token
    await distributed.event(LAVAL, {"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}})
    left = await departures.departure_of(app.db, f"slack:{LAVAL}")
    assert left is not None and left.reason == "tokens_revoked"


async def test_no_token_in_clear_in_the_database_or_the_logs(
    app, distributed: Distributed, standin: StandIn
) -> None:
    stream = io.StringIO()
    configure("DEBUG", stream)
    capture = logging.getLogger()
    try:
        for team in (LAVAL, GASPE):
            await distributed.install(team)
            await distributed.command(team, "/outarde", "aide")
        await schedule(distributed.bot.core, LAVAL, "laval")
        app.clock.advance(timedelta(hours=2))
        await distributed.bot.core.run_due()
        await distributed.event(GASPE, {"type": "app_uninstalled"})
    finally:
        capture.handlers.clear()
    secrets = [*standin.tokens, standin.client_secret, KEY]
    assert len(secrets) == 4
    logs = stream.getvalue()
    assert "slack workspace installed" in logs
    assert not [s for s in secrets if s in logs]
    async with app.db.session() as session:
        dump = []
        for table in ("installation", "oauth_state", "workspace_departure", "job", "outbox"):
            rows = (await session.execute(text(f"SELECT * FROM {table}"))).all()
            dump.extend(str(tuple(row)) for row in rows)
    everything = "\n".join(dump)
    assert not [s for s in secrets if s in everything]
    # and what is sealed opens with the key alone
    async with app.db.session() as session:
        row = (await session.exec(select(Installation))).one()
    assert Sealer([KEY]).open(row.sealed_token) == standin.token_of(LAVAL)


async def test_a_forged_or_replayed_redirect_installs_nothing(
    distributed: Distributed, standin: StandIn
) -> None:
    async with aiohttp.ClientSession() as browser:
        url = f"{distributed.base}/slack/oauth_redirect?code=code-1&state=forged"
        async with browser.get(url) as answer:
            assert answer.status == 400  # no state cookie: another browser
            assert "n'a pas abouti" in await answer.text()
    assert standin.of("oauth.v2.access") == []


async def test_a_key_is_rotated_without_losing_a_token(app, distributed: Distributed) -> None:
    await distributed.install(LAVAL)
    installations = distributed.bot.installations
    assert installations is not None
    newer = new_key()
    installations.sealer = Sealer([newer, KEY])  # the new key first, the old one still there
    assert await installations.reseal_all() == 1
    installations.sealer = Sealer([newer])  # the old key removed
    found = await installations.find(f"slack:{LAVAL}")
    assert found is not None and found.token == distributed.standin.token_of(LAVAL)
    installations.sealer = Sealer([KEY])
    with pytest.raises(SealingError):
        await installations.find(f"slack:{LAVAL}")


def test_distribution_says_what_it_misses(monkeypatch: pytest.MonkeyPatch) -> None:
    from adapters.slack.cli import missing_settings

    for name in ("SLACK_CLIENT_SECRET", "OUTARDE_TOKEN_KEYS", "SLACK_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_CLIENT_ID", "1111.2222")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    assert missing_settings(http=True) == ["SLACK_CLIENT_SECRET", "OUTARDE_TOKEN_KEYS"]
    with pytest.raises(SealingError, match="outarde slack --cle"):
        Sealer.from_environment()


def test_the_manifest_has_the_redirect_the_scopes_and_the_departure_events() -> None:
    import re

    from adapters.slack.oauth import SCOPES
    from testkit.paths import ROOT as PROJECT_ROOT

    text = (PROJECT_ROOT / "adapters/slack/manifest.yaml").read_text(encoding="utf-8")
    assert "- https://exemple.org/slack/oauth_redirect" in text
    declared = set(re.findall(r"^\s+- ([a-z]+:[a-z.]+|commands)$", text, re.MULTILINE))
    assert set(SCOPES) == declared  # what the install asks for is what the app declares
    assert re.search(r"bot_events:\n\s+- app_uninstalled\n\s+- tokens_revoked", text)
