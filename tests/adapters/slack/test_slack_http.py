"""The Slack adapter end to end over HTTP: signed requests → real AsyncApp → stand-in Web API."""

from __future__ import annotations

import asyncio
import time

import pytest

from adapters.slack.app import OPEN_FORM, SlackBot
from adapters.slack.pacing import ChannelPacer
from adapters.slack.render import decode_action_id
from adapters.slack.server import start_http
from bot.compose import build_core
from bot.errors import FormInvalid
from bot.i18n import t
from bot.messages import (
    Actions,
    Attachment,
    Button,
    Field,
    Form,
    Header,
    Image,
    Message,
    Section,
    TextInput,
    Update,
)
from bot.router import Router
from testkit.slack_standin import (
    CHANNEL,
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
    view_payload,
)

__all__ = ["http_slack", "slack_bot", "standin"]  # fixtures


class Probe:
    """A small feature set for the adapter's mechanics: buttons, forms, slow work, files."""

    def __init__(self) -> None:
        self.router = Router()
        self.clicks = 0
        self.release = asyncio.Event()
        self.submissions: list[tuple[dict[str, str], str]] = []
        r = self.router

        @r.command("essai", "", help="outarde.help.default")
        async def post(ctx, text):  # type: ignore[no-untyped-def]
            return self.counter_message()

        @r.command("essai", "long", help="outarde.help.default")
        async def long(ctx, text):  # type: ignore[no-untyped-def]
            blocks: list = [Header("Un très long titre " * 20)]
            blocks.append(Section("mot " * 2500))  # 10,000 characters
            blocks.append(Section("", tuple(Field(f"Champ {i}", "v" * 2500) for i in range(25))))
            blocks.extend(Section(f"Paragraphe {i}") for i in range(80))
            blocks.append(
                Actions(tuple(Button("B" * 100, "essai.compter", str(i)) for i in range(30)))
            )
            return Message(blocks=blocks, text="long")

        @r.command("essai", "formulaire", help="outarde.help.default")
        async def form(ctx, text):  # type: ignore[no-untyped-def]
            inputs = [
                TextInput("nom", "Nom"),
                TextInput("note", "Note", multiline=True, required=False),
            ]
            return Form(
                "essai.form",
                "Un titre de formulaire beaucoup trop long",
                inputs,
                "Envoyer",
                "etat-42",
            )

        @r.command("essai", "lent", help="outarde.help.default")
        async def slow(ctx, text):  # type: ignore[no-untyped-def]
            await self.release.wait()
            return Message([Section("enfin")], "enfin", ephemeral=False)

        @r.command("essai", "fichiers", help="outarde.help.default")
        async def files(ctx, text):  # type: ignore[no-untyped-def]
            return [
                Message(
                    [Section("Graphique"), Image(b"\x89PNG-data", "un graphique", "g.png")],
                    "g",
                    ephemeral=False,
                ),
                Message(
                    [Section("Export")],
                    "e",
                    files=[Attachment("liste.csv", b"a,b\n1,2\n", "text/csv")],
                    ephemeral=True,
                ),
            ]

        @r.command("essai", "boom", help="outarde.help.default")
        async def boom(ctx, text):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

        @r.action("essai.compter")
        async def count(ctx, value):  # type: ignore[no-untyped-def]
            self.clicks += 1
            return Update("essai:compteur", self.counter_message())

        @r.form("essai.form")
        async def submit(ctx, values, state):  # type: ignore[no-untyped-def]
            if values.get("note") == "lent":  # a submission that takes its time
                await self.release.wait()
            if not values.get("nom"):
                raise FormInvalid({"nom": ("core.form_required", {})})
            self.submissions.append((values, state))
            return Message([Section(f"Merci {values['nom']}")], "merci", ephemeral=False)

    def counter_message(self) -> Message:
        return Message(
            [
                Section(f"Appuis : {self.clicks}"),
                Actions((Button("J'appuie", "essai.compter", "1"),)),
            ],
            "compteur",
            ephemeral=False,
            key="essai:compteur",
        )


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
async def probe_http(db, clock, standin: StandIn, probe: Probe):  # type: ignore[no-untyped-def]
    import aiohttp

    bot = SlackBot(
        lambda notifier: build_core(
            db, notifier, clock=clock, router=probe.router, founder_is_coordinator=True
        ),
        token="xoxb-test-token",
        signing_secret=SECRET,
        api_url=standin.api_url,
        pacer=ChannelPacer(rate=1000.0, burst=1000),
    )
    running = await start_http(bot, "127.0.0.1", 0)
    async with aiohttp.ClientSession() as session:
        yield bot, HttpSlack(f"http://127.0.0.1:{running.port}/slack/events", session)
    probe.release.set()
    await bot.drain()
    await running.stop()


async def command(http: HttpSlack, standin: StandIn, line: str, **kw: str) -> tuple[int, str]:
    name, _, text = line.partition(" ")
    return await http.send(form_body(command_payload(name, text, standin=standin, **kw)))


# -- commands of the core --------------------------------------------------------------------
async def test_help_answers_privately_with_blocks(http_slack, slack_bot, standin) -> None:
    status, body = await command(http_slack, standin, "/outarde aide")
    assert (status, body) == (200, "")
    await slack_bot.drain()
    [answer] = standin.private()
    assert answer["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Outarde : les commandes", "emoji": True},
    }
    texts = "\n".join(b["text"]["text"] for b in answer["blocks"] if b["type"] == "section")
    assert "*/partenaire*" in texts and "*/outarde*" in texts
    assert answer["text"] == "Outarde : les commandes"
    assert standin.posts() == []


async def test_every_core_command_is_registered_in_bolt(slack_bot) -> None:
    from bot.compose import build_router

    registry = build_router()

    assert set(registry.commands) <= set(slack_bot.command_names())
    assert {"outarde", "partenaire"} <= set(slack_bot.command_names())


async def test_partner_flow_with_slack_mentions(http_slack, slack_bot, standin) -> None:
    await command(http_slack, standin, "/partenaire moi CDC des Collines / communautaire")
    await command(
        http_slack, standin, "/partenaire moi Maison des jeunes", user="U0BRUNO", name="bruno"
    )
    await slack_bot.drain()
    # Alice is a Slack admin (users.info): she may set Bruno's mandate with a Slack mention.
    await command(http_slack, standin, "/partenaire mandat <@U0BRUNO|bruno> oui")
    await command(http_slack, standin, "/partenaire liste")
    await slack_bot.drain()
    private = "\n".join(str(p["blocks"]) for p in standin.private())
    assert "CDC des Collines" in private and "vous représentez *Maison des jeunes*" in private
    announcement, listing = standin.posts()  # the mandate change is said in the channel
    said = str(announcement["blocks"])
    assert "Bruno Gagnon est maintenant mandaté·e" in said and "<@U0BRUNO>" not in said
    assert listing["channel"] == CHANNEL
    assert listing["blocks"][0]["type"] == "header"
    text = str(listing["blocks"])
    assert "Maison des jeunes* — Bruno Gagnon ✅" in text
    assert "CDC des Collines* — Alice Tremblay" in text
    assert "link_names" not in listing
    assert standin.of("users.info")[0]["include_locale"] in (True, "true", "1")


async def test_person_locale_and_admin_come_from_users_info_once(
    http_slack, slack_bot, standin
) -> None:
    for _ in range(3):
        await command(http_slack, standin, "/outarde aide", user="U0CLARA", name="clara")
    await slack_bot.drain()
    assert [p["user"] for p in standin.of("users.info")] == ["U0CLARA"]
    assert all(
        p["blocks"][0]["text"]["text"] == "Outarde: the commands" for p in standin.private()
    ) or all("Outarde" in p["blocks"][0]["text"]["text"] for p in standin.private())


async def test_refusal_reaches_the_person_privately(http_slack, slack_bot, standin) -> None:
    await command(http_slack, standin, "/outarde aide")  # Alice founds the table
    await slack_bot.drain()
    standin.responses.clear()
    await command(http_slack, standin, "/partenaire ajouter CDC", user="U0BRUNO", name="bruno")
    await slack_bot.drain()
    [answer] = standin.private()
    assert answer["text"].startswith("⚠️")
    assert standin.posts() == []


# -- security --------------------------------------------------------------------------------
async def test_bad_signature_gets_401_and_runs_nothing(http_slack, slack_bot, standin) -> None:
    body = form_body(command_payload("/outarde", "aide", standin=standin))
    status, _ = await http_slack.send(body, headers=signed_headers(body, secret="wrong-secret"))
    assert status == 401
    await slack_bot.drain()
    assert standin.calls == []


async def test_stale_timestamp_gets_401(http_slack, slack_bot, standin) -> None:
    body = form_body(command_payload("/outarde", "aide", standin=standin))
    stale = signed_headers(body, timestamp=int(time.time()) - 10 * 60)
    status, _ = await http_slack.send(body, headers=stale)
    assert status == 401
    await slack_bot.drain()
    assert standin.calls == []


async def test_health_endpoint(http_slack) -> None:
    url = http_slack.events_url.replace("/slack/events", "/healthz")
    async with http_slack.session.get(url) as response:
        assert response.status == 200
        assert (await response.json())["status"] == "ok"


# -- idempotency -----------------------------------------------------------------------------
async def test_a_retried_request_posts_nothing_new(http_slack, slack_bot, standin) -> None:
    body = form_body(command_payload("/partenaire", "liste", standin=standin))
    await command(http_slack, standin, "/partenaire moi CDC des Collines")
    await slack_bot.drain()
    assert (await http_slack.send(body))[0] == 200
    await slack_bot.drain()
    assert len(standin.posts()) == 1
    retry = {
        **signed_headers(body),
        "X-Slack-Retry-Num": "1",
        "X-Slack-Retry-Reason": "http_timeout",
    }
    status, _ = await http_slack.send(body, headers=retry)
    assert status == 200
    await slack_bot.drain()
    assert len(standin.posts()) == 1


async def test_double_click_counts_once(probe_http, probe, standin) -> None:
    bot, http = probe_http
    await command(http, standin, "/essai")
    await bot.drain()
    [posted] = standin.posts()
    ts = next(c.answer["ts"] for c in standin.calls if c.method == "chat.postMessage")
    button = posted["blocks"][1]["elements"][0]
    assert decode_action_id(button["action_id"]) == "essai.compter"
    click = action_payload(button["action_id"], button["value"], message_ts=ts, standin=standin)
    for _ in range(2):  # the same payload twice (a retry, a replay)
        assert (await http.send(interactive_body(click)))[0] == 200
    second = action_payload(
        button["action_id"], button["value"], message_ts=ts, standin=standin
    )  # 2nd press, fast
    assert (await http.send(interactive_body(second)))[0] == 200
    await bot.drain()
    assert probe.clicks == 1
    [update] = standin.of("chat.update")
    assert update["ts"] == ts and update["channel"] == CHANNEL
    assert "Appuis : 1" in update["blocks"][0]["text"]["text"]


async def test_clicks_after_the_debounce_count(db, clock, standin, probe) -> None:
    import aiohttp

    bot = SlackBot(
        lambda notifier: build_core(
            db, notifier, clock=clock, router=probe.router, founder_is_coordinator=True
        ),
        token="xoxb-t",
        signing_secret=SECRET,
        api_url=standin.api_url,
        click_debounce=0,
    )
    running = await start_http(bot, "127.0.0.1", 0)
    try:
        async with aiohttp.ClientSession() as session:
            http = HttpSlack(f"http://127.0.0.1:{running.port}/slack/events", session)
            for user in ("U0ALICE", "U0BRUNO"):
                click = action_payload("essai.compter#1", "1", user=user, standin=standin)
                await http.send(interactive_body(click))
            await bot.drain()
    finally:
        await running.stop()
    assert probe.clicks == 2


# -- ack first --------------------------------------------------------------------------------
async def test_slow_handler_still_acks_in_time(probe_http, probe, standin) -> None:
    bot, http = probe_http
    status, body = await command(http, standin, "/essai lent")  # the client gives up after 3 s
    assert (status, body) == (200, "")
    assert not probe.release.is_set() and bot.pending  # the work is still running
    probe.release.set()
    await bot.drain()
    [post] = standin.posts()
    assert post["text"] == "enfin"


async def test_failure_reaches_the_person(probe_http, standin) -> None:
    bot, http = probe_http
    await command(http, standin, "/essai boom")
    await bot.drain()
    [answer] = standin.private()
    assert answer["text"].startswith("⚠️") and "boom" not in answer["text"]


# -- modals -----------------------------------------------------------------------------------
async def test_form_opens_as_modal_and_field_errors_show_in_it(probe_http, probe, standin) -> None:
    bot, http = probe_http
    await command(http, standin, "/essai formulaire")
    await bot.drain()
    [opened] = standin.of("views.open")
    view = opened["view"]
    assert opened["trigger_id"].endswith(".trigger")
    assert view["callback_id"] == "essai.form"
    assert len(view["title"]["text"]) <= 24
    assert [b["block_id"] for b in view["blocks"]] == ["nom", "note"]
    assert view["blocks"][1]["optional"] is True and view["blocks"][1]["element"]["multiline"]

    status, body = await http.send(interactive_body(view_payload(view, {"nom": ""})))
    assert status == 200
    assert '"response_action":"errors"' in body.replace(" ", "") and '"nom"' in body
    assert probe.submissions == []

    status, body = await http.send(
        interactive_body(view_payload(view, {"nom": "Alice"}, view_id="V2"))
    )
    assert (status, body) == (200, "")
    await bot.drain()
    assert probe.submissions == [({"nom": "Alice", "note": ""}, "etat-42")]
    [thanks] = standin.posts()
    assert thanks["channel"] == CHANNEL and thanks["text"] == "merci"


async def slow_submission(probe_http, probe, standin, values: dict[str, str]) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Submit the probe's form with ``values``; the handler waits until released."""
    bot, http = probe_http
    bot.ack_budget = 0.2
    await command(http, standin, "/essai formulaire")
    await bot.drain()
    [opened] = standin.of("views.open")
    answer = await http.send(interactive_body(view_payload(opened["view"], values)))
    assert probe.submissions == [] and standin.posts() == []  # still working
    probe.release.set()
    await bot.drain()
    return answer


async def test_a_slow_submission_closes_the_modal_and_answers_later(
    probe_http, probe, standin
) -> None:  # type: ignore[no-untyped-def]
    answer = await slow_submission(probe_http, probe, standin, {"nom": "Alice", "note": "lent"})
    assert answer == (200, "")  # acknowledged within the budget: Slack closes the modal
    assert probe.submissions == [({"nom": "Alice", "note": "lent"}, "etat-42")]
    [thanks] = standin.posts()
    assert thanks["text"] == "merci"


async def test_a_slow_submission_with_errors_tells_them_privately(
    probe_http, probe, standin
) -> None:  # type: ignore[no-untyped-def]
    answer = await slow_submission(probe_http, probe, standin, {"nom": "", "note": "lent"})
    assert answer == (200, "") and probe.submissions == []
    [told] = standin.private()
    assert told["text"].startswith(t("fr", "slack.form_errors"))
    assert t("fr", "core.form_required") in told["text"]


async def test_expired_trigger_offers_a_button_that_opens_the_form(probe_http, standin) -> None:
    bot, http = probe_http
    standin.fail("views.open", error="expired_trigger_id")
    await command(http, standin, "/essai formulaire")
    await bot.drain()
    [offer] = standin.private()
    button = offer["blocks"][1]["elements"][0]
    assert decode_action_id(button["action_id"]) == OPEN_FORM
    await http.send(
        interactive_body(action_payload(button["action_id"], button["value"], standin=standin))
    )
    await bot.drain()
    assert len(standin.of("views.open")) == 2
    assert standin.of("views.open")[-1]["view"]["callback_id"] == "essai.form"


# -- rate limits, files, long content -------------------------------------------------------------
async def test_429_is_waited_out_and_nothing_is_dropped(probe_http, standin) -> None:
    bot, http = probe_http
    standin.fail("chat.postMessage", status=429, retry_after=0, times=2)
    await command(http, standin, "/essai")
    await bot.drain()
    posts = standin.posts()
    assert len(posts) == 3  # two refused, the third went through
    assert posts[-1]["text"] == "compteur"


async def test_files_and_images_are_uploaded(probe_http, standin) -> None:
    bot, http = probe_http
    await command(http, standin, "/essai fichiers")
    await bot.drain()
    completes = standin.of("files.completeUploadExternal")
    channels = sorted(str(c.get("channel_id")) for c in completes)
    assert channels == [CHANNEL, "DU0ALICE"]  # the image in the channel, the export in the DM
    assert b"a,b\n1,2\n" in standin.uploads and b"\x89PNG-data" in standin.uploads
    private = standin.private()
    assert private[0]["text"] == "e"
    assert "📎 Fichier joint : 1 — envoyé dans votre conversation privée" in str(private[-1])


async def test_long_content_is_split_within_limits(probe_http, standin) -> None:
    bot, http = probe_http
    await command(http, standin, "/essai long")
    await bot.drain()
    posts = standin.posts()
    assert len(posts) == 2  # 90 Slack blocks: 50 + 40
    for post in posts:
        assert len(post["blocks"]) <= 50
        for block in post["blocks"]:
            if block["type"] == "section":
                assert len(block.get("text", {}).get("text", "")) <= 3000
                assert len(block.get("fields", [])) <= 10
                assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
            if block["type"] == "header":
                assert len(block["text"]["text"]) <= 150
            if block["type"] == "actions":
                assert len(block["elements"]) <= 25
                assert all(len(e["text"]["text"]) <= 75 for e in block["elements"])
    ids = [
        e["action_id"]
        for p in posts
        for b in p["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert len(ids) == 30 and len(set(ids)) == 30
    words = sum(
        b["text"]["text"].count("mot")
        for p in posts
        for b in p["blocks"]
        if b["type"] == "section" and "text" in b
    )
    assert words == 2500  # nothing lost in the split


async def test_private_channel_without_the_bot_answers_through_response_url(
    probe_http, standin
) -> None:
    bot, http = probe_http
    standin.fail("chat.postMessage", error="not_in_channel")
    await command(http, standin, "/essai")
    await bot.drain()
    in_channel = [b for _, b in standin.responses if b.get("response_type") == "in_channel"]
    assert len(in_channel) == 1 and in_channel[0]["text"] == "compteur"


async def test_team_of_every_request_is_the_workspace(http_slack, slack_bot, standin, app) -> None:
    app = slack_bot.core  # the core the Slack adapter delivers through
    await command(http_slack, standin, "/outarde config")
    await slack_bot.drain()
    from sqlmodel import select

    from storage.models import Workspace

    async with app.db.session() as session:
        ids = (await session.exec(select(Workspace.id))).all()
    assert ids == [f"slack:{TEAM}"]


async def test_the_http_mode_also_serves_the_web_pages(slack_bot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One server in Slack's HTTP mode: /slack/events and the web pages on the same port."""
    import aiohttp

    from adapters.web import SERVER

    monkeypatch.setenv("OUTARDE_WEB_PORT", "3000")
    running = await start_http(slack_bot, "127.0.0.1", 0, SERVER)
    base = f"http://127.0.0.1:{running.port}"
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(base + "/cal/" + "A" * 32 + ".ics") as response:
                assert response.status == 404
                assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
            async with session.get(base + "/healthz") as response:
                assert response.status == 200 and "pending" in await response.text()
            async with session.post(base + "/slack/events", data=b"{}") as response:
                assert response.status in (400, 401, 415)  # Slack's route still there
    finally:
        await running.stop()


async def test_web_api_and_response_url_calls_share_one_http_session(
    http_slack, slack_bot, standin
) -> None:
    """Each call used to open its own aiohttp session (a new connection each time): now the
    Web API and response_url answers of many commands go through one kept-alive pool."""
    for line in ("/outarde aide", "/partenaire moi CDC / communautaire", "/partenaire liste"):
        await command(http_slack, standin, line)
        await slack_bot.drain()
    assert len(standin.responses) >= 3 and len(standin.peers) >= 4
    assert len(set(standin.peers)) <= 2, standin.peers  # reused, not one connection per call
    session = slack_bot.client.session
    assert session is not None and not session.closed
    await slack_bot.close()
    assert session.closed and slack_bot.client.session is None
