"""The Discord adapter driven with real interaction payloads and a recording webhook/HTTP layer."""

from __future__ import annotations

import pytest

from adapters.discord.commands import discord_name
from bot.app import Outarde
from bot.compose import build_router
from bot.i18n import t
from testkit.discord_harness import CHANNEL_ID, Harness, Request

ROUTER = build_router()  # what every core of these tests knows


BRUNO = {"user_id": "800000000000000002", "name": "Bruno"}
CALLBACK = "/interactions/{webhook_id}/{webhook_token}/callback"
FOLLOWUP = "/webhooks/{webhook_id}/{webhook_token}"
CHANNEL_POST = "/channels/{channel_id}/messages"
EDIT = "/channels/{channel_id}/messages/{message_id}"


@pytest.fixture
async def bot(app: Outarde) -> Harness:
    return await Harness(app).start()


def assert_never_pings(requests: list[Request]) -> None:
    for request in requests:
        if request.method in {"POST", "PATCH"} and request.data.get("type") not in {5, 6, 9}:
            if request.payload.get("type") in {5, 6, 8, 9}:
                continue
            assert request.data.get("allowed_mentions") == {"parse": []}, request


def with_button(requests: list[Request], prefix: str) -> tuple[Request, str]:
    for request in requests:
        for identifier in request.custom_ids():
            if identifier.startswith(prefix):
                return request, identifier
    raise AssertionError(f"no component {prefix} in {[r.custom_ids() for r in requests]}")


def example_invocation(family: str, sub_name: str) -> tuple[str, str | None]:
    """The Discord subcommand and text of a subcommand's catalog example."""
    command = ROUTER.commands[family]
    sub = command.subcommands[sub_name]
    rest = t("fr", f"{sub.help}.example").removeprefix(f"/{family}").strip()
    if sub_name:
        rest = rest.removeprefix(sub_name).strip()
        return discord_name(sub_name), rest or None
    return t("fr", "discord.default_name"), rest or None


# -- commands ----------------------------------------------------------------------------
async def test_a_command_answers_privately_without_pinging(bot: Harness) -> None:
    sent = await bot.command("partenaire", "moi", "CDC des Collines / communautaire @everyone")
    assert [r.path for r in sent] == [CALLBACK]
    answer = sent[0]
    assert answer.payload["type"] == 4  # the command's own response, no deferral needed
    assert answer.ephemeral
    assert answer.data["allowed_mentions"] == {"parse": []}
    assert "⚠️" in answer.text()  # mass mentions are refused by the core


async def test_a_private_confirmation_is_plain_text_and_a_map_is_an_embed(bot: Harness) -> None:
    sent = await bot.command("partenaire", "moi", "CDC des Collines / communautaire")
    assert sent[0].data["content"].startswith("C'est noté : vous représentez **CDC des Collines**")
    assert "embeds" not in sent[0].data
    sent = await bot.command("partenaire", "liste")
    embed = sent[0].data["embeds"][0]
    assert embed["title"] == "Carte des partenaires (1 organisme)"
    assert "**CDC des Collines** — Alice" in embed["description"]
    assert embed["footer"]["text"].startswith("✅ = mandaté·e")
    assert not sent[0].ephemeral  # the map is for everyone
    assert_never_pings(sent)


async def test_help_is_split_within_discord_limits(bot: Harness) -> None:
    sent = await bot.command("outarde", "aide")
    assert sent and all(r.ephemeral for r in sent)
    for request in sent:
        embeds = request.data["embeds"]
        assert len(embeds) <= 10
        assert all(len(e.get("description", "")) <= 4096 for e in embeds)
        size = sum(len(e.get("title", "")) + len(e.get("description", "")) for e in embeds)
        assert size <= 6000
    text = "\n".join(r.text() for r in sent)
    for family in ROUTER.commands:
        assert f"**/{family}**" in text
    assert sent[0].path == CALLBACK and all(r.path == FOLLOWUP for r in sent[1:])
    assert_never_pings(sent)


async def test_the_interaction_locale_chooses_english(bot: Harness) -> None:
    sent = await bot.command("partenaire", "moi", "CDC des Collines", locale="en-US")
    assert "Noted: you represent" in sent[0].text()


async def test_guild_permissions_make_a_coordinator(bot: Harness) -> None:
    await bot.command("partenaire", "moi", "CDC des Collines")  # Alice founds the workspace
    refused = await bot.command("partenaire", "ajouter", "CISSS des Laurentides", **BRUNO)
    assert "⚠️" in refused[0].text()
    admin = await bot.command("partenaire", "ajouter", "CISSS des Laurentides", admin=True, **BRUNO)
    assert "CISSS des Laurentides" in admin[0].text() and "⚠️" not in admin[0].text()


@pytest.mark.parametrize("family", sorted(ROUTER.commands))
async def test_every_subcommand_of_every_family_answers(bot: Harness, family: str) -> None:
    """Each catalog example, as Discord would send it, gets a well-formed answer."""
    await bot.command("partenaire", "moi", "CDC des Collines / communautaire", admin=True)
    for sub_name in ROUTER.commands[family].order:
        name, text = example_invocation(family, sub_name)
        sent = await bot.command(family, name, text, admin=True)
        assert sent and sent[0].path == CALLBACK, (family, sub_name)
        assert sent[0].payload["type"] in {4, 9}, (family, sub_name)
        assert "Une erreur inattendue" not in "".join(r.text() for r in sent)
        assert_never_pings(sent)


# -- buttons -------------------------------------------------------------------------------
async def test_a_vote_button_updates_the_post_in_place(bot: Harness) -> None:
    sent = await bot.command("vocab", "proposer", "concertation : agir ensemble")
    post, endorse = with_button(sent, "o:vocab.endorse:")
    assert not post.ephemeral and post.path == CALLBACK  # the command's public response
    clicked = await bot.click(post, endorse, **BRUNO)
    edits = [r for r in clicked if r.method == "PATCH" and r.path == EDIT]
    assert edits, [r.path for r in clicked]
    assert edits[0].url.endswith(f"/channels/{CHANNEL_ID}/messages/{post.message_id}")
    assert "1" in edits[0].text()
    assert edits[0].data["allowed_mentions"] == {"parse": []}
    assert with_button([edits[0]], "o:vocab.endorse:")  # the buttons stay on the update
    confirmation = [r for r in clicked if r.path == CALLBACK]
    assert confirmation and confirmation[0].ephemeral


async def test_buttons_work_after_a_restart(bot: Harness) -> None:
    sent = await bot.command("vocab", "proposer", "concertation : agir ensemble")
    post, endorse = with_button(sent, "o:vocab.endorse:")
    await bot.start()  # a new process: nothing in memory but the database
    clicked = await bot.click(post, endorse, **BRUNO)
    assert any(r.path == EDIT for r in clicked)
    again = await bot.click(post, endorse, **BRUNO)
    assert "déjà" in "".join(r.text() for r in again) or any(r.path == EDIT for r in again)


@pytest.mark.parametrize(
    ("family", "sub", "text", "prefix", "clicker"),
    [
        ("vocab", "proposer", "concertation : agir ensemble", "o:vocab.discuss:", BRUNO),
        ("sondage", "voir", None, "o:polls.vote:", BRUNO),
        ("faitsaillant", "voir", None, "o:highlights.useful:", BRUNO),
        ("rencontre", "planifier", None, "o:meetings.confirm:", {}),  # the author confirms
        ("rencontre", "annee", None, "o:meetings.confirm:", {}),  # a year, confirmed once
    ],
)
async def test_each_family_s_buttons_after_a_restart(
    bot: Harness, family: str, sub: str, text: str | None, prefix: str, clicker: dict
) -> None:
    if text is None:
        text = example_invocation(family, "" if sub == "voir" else sub)[1]
    sent = await bot.command(family, sub, text, admin=True)
    post, identifier = with_button(sent, prefix)
    await bot.start()
    clicked = await bot.click(post, identifier, admin=True, **clicker)
    assert clicked, identifier
    assert "Une erreur inattendue" not in "".join(r.text() for r in clicked)
    assert not any("⚠️" in r.text() for r in clicked), [r.text() for r in clicked]
    assert_never_pings(clicked)


async def test_a_crafted_custom_id_is_refused_politely(bot: Harness) -> None:
    sent = await bot.command("vocab", "proposer", "concertation : agir ensemble")
    post, _ = with_button(sent, "o:vocab.endorse:")
    post.data["components"][0]["components"][0]["custom_id"] = "o:vocab.endorse:99999"
    clicked = await bot.click(post, "o:vocab.endorse:99999", **BRUNO)
    assert clicked[0].ephemeral and "⚠️" in clicked[0].text()


# -- modals --------------------------------------------------------------------------------
def modal_of(requests: list[Request]) -> dict:
    modals = [r for r in requests if r.path == CALLBACK and r.payload["type"] == 9]
    assert modals, [r.payload.get("type") for r in requests]
    return modals[0].payload["data"]


def inputs_of(modal: dict) -> dict[str, dict]:
    return {row["component"]["custom_id"]: row for row in modal["components"]}


async def test_a_command_without_text_opens_a_modal_and_its_submission_posts(bot: Harness) -> None:
    modal = modal_of(await bot.command("vocab", "proposer"))
    assert modal["custom_id"] == "f:vocab.propose:"
    assert len(modal["title"]) <= 45 and len(modal["components"]) <= 5
    fields = inputs_of(modal)
    assert set(fields) >= {"terme", "definition"}
    assert all(len(row["label"]) <= 45 for row in modal["components"])
    assert all(row["component"]["max_length"] <= 4000 for row in modal["components"])
    sent = await bot.submit(
        modal["custom_id"], {"terme": "mobilisation", "definition": "se mettre en mouvement"}
    )
    post, _ = with_button(sent, "o:vocab.endorse:")
    assert "mobilisation" in post.text() and not post.ephemeral
    assert_never_pings(sent)


async def test_a_modal_submitted_after_a_restart_still_counts(bot: Harness) -> None:
    modal = modal_of(await bot.command("vocab", "proposer"))
    await bot.start()
    sent = await bot.submit(modal["custom_id"], {"terme": "arrimage", "definition": "lien"})
    assert "arrimage" in with_button(sent, "o:vocab.endorse:")[0].text()


async def test_form_errors_offer_to_reopen_the_filled_form(bot: Harness) -> None:
    modal = modal_of(await bot.command("vocab", "proposer"))
    sent = await bot.submit(modal["custom_id"], {"terme": "x" * 300, "definition": "lien"})
    assert len(sent) == 1 and sent[0].ephemeral and "⚠️" in sent[0].text()
    assert "C'est fait" not in sent[0].text()
    message, fix = with_button(sent, "o:_form:")
    reopened = modal_of(await bot.click(message, fix))
    fields = inputs_of(reopened)
    assert fields["definition"]["component"]["value"] == "lien"  # the answers are kept


async def test_a_button_opens_a_modal_and_its_state_travels(bot: Harness) -> None:
    sent = await bot.command("vocab", "proposer", "concertation : agir ensemble")
    post, objection = with_button(sent, "o:vocab.object:")
    modal = modal_of(await bot.click(post, objection, **BRUNO))
    assert modal["custom_id"].startswith("f:vocab.object:")
    answered = await bot.submit(modal["custom_id"], {"raison": "trop vague"}, **BRUNO)
    assert any(r.path == EDIT for r in answered)


@pytest.mark.parametrize(
    ("family", "sub", "form_id", "values"),
    [
        ("faitsaillant", "voir", "highlights.new", None),
        ("rencontre", "planifier", "meetings.plan", None),
    ],
)
async def test_each_family_s_modal(
    bot: Harness, family: str, sub: str, form_id: str, values: dict | None
) -> None:
    modal = modal_of(await bot.command(family, sub, admin=True))
    assert modal["custom_id"].startswith(f"f:{form_id}:")
    fields = inputs_of(modal)
    assert 1 <= len(fields) <= 5
    empty = await bot.submit(modal["custom_id"], dict.fromkeys(fields, ""), admin=True)
    assert empty and all(r.ephemeral for r in empty if r.path == CALLBACK)
    assert_never_pings(empty)


async def test_a_poll_evaluation_modal(bot: Harness) -> None:
    _, text = example_invocation("sondage", "evaluation")
    sent = await bot.command("sondage", "evaluation", text, admin=True)
    post, evaluate = with_button(sent, "o:polls.evaluate:")
    modal = modal_of(await bot.click(post, evaluate, **BRUNO))
    assert modal["custom_id"].startswith("f:polls.evaluation:")
    fields = inputs_of(modal)
    answers = {name: "4" for name in fields}
    answered = await bot.submit(modal["custom_id"], answers, **BRUNO)
    assert answered and "Une erreur inattendue" not in "".join(r.text() for r in answered)


async def test_an_unknown_form_after_a_restart_explains_what_to_do(bot: Harness) -> None:
    sent = await bot.submit("f:~gone", {"terme": "x"})
    assert sent[0].ephemeral and "Relancez la commande" in sent[0].text()


# -- the 3-second rule --------------------------------------------------------------------
async def test_a_slow_command_is_deferred_then_followed_up(app: Outarde) -> None:
    bot = await Harness(app, defer_after=0).start()
    app = bot.app  # the core the Discord client delivers through
    sent = await bot.command("partenaire", "moi", "CDC des Collines")
    assert sent[0].path == CALLBACK and sent[0].payload["type"] == 5  # « Outarde réfléchit… »
    assert sent[0].payload["data"]["flags"] == 64
    assert sent[1].path == FOLLOWUP and sent[1].ephemeral
    assert "CDC des Collines" in sent[1].text()
    public = await bot.command("partenaire", "liste")
    paths = [r.path for r in public]
    assert paths[0] == CALLBACK and CHANNEL_POST in paths  # public answers go to the channel
    assert paths[-1] == "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
    assert public[-1].method == "DELETE"  # the private placeholder is removed
    assert_never_pings(public)


async def test_a_slow_click_is_deferred_silently(app: Outarde) -> None:
    bot = await Harness(app).start()
    app = bot.app  # the core the Discord client delivers through
    post, endorse = with_button(
        await bot.command("vocab", "proposer", "concertation : agir ensemble"), "o:vocab.endorse:"
    )
    bot.client.defer_after = 0
    clicked = await bot.click(post, endorse, **BRUNO)
    assert clicked[0].payload["type"] == 6  # deferred update: nothing shown yet
    assert any(r.path == FOLLOWUP and r.ephemeral for r in clicked)
    assert any(r.path == EDIT for r in clicked)


async def test_a_form_opened_after_deferral_comes_as_a_button(app: Outarde) -> None:
    bot = await Harness(app, defer_after=0).start()
    app = bot.app  # the core the Discord client delivers through
    sent = await bot.command("vocab", "proposer")
    assert sent[0].payload["type"] == 5
    message, opener = with_button(sent, "o:_form:")
    bot.client.defer_after = 2.0
    modal = modal_of(await bot.click(message, opener))
    assert modal["custom_id"] == "f:vocab.propose:"


# -- autocomplete ------------------------------------------------------------------------
async def test_autocomplete_suggests_vocabulary_terms(bot: Harness) -> None:
    await bot.command("vocab", "proposer", "concertation : agir ensemble")
    await bot.command("vocab", "proposer", "mobilisation : se mettre en mouvement")
    sent = await bot.autocomplete("vocab", "voir", "conc")
    assert sent[0].payload["type"] == 8
    choices = sent[0].payload["data"]["choices"]
    assert [c["value"] for c in choices] == ["concertation"]


async def test_a_select_menu_choice_reaches_the_core_after_a_restart(bot: Harness) -> None:
    from bot.context import Place
    from bot.messages import Actions, Message, Option, Section, Select

    await bot.command("vocab", "proposer", "concertation : agir ensemble")
    place = Place("discord", "900000000000000002", str(CHANNEL_ID))
    menu = Select("vocab.show", "Voir un terme", (Option("concertation", "1"),))
    await bot.app.notifier.post(place, Message([Section("Termes"), Actions((menu,))]))
    post = bot.recorder.requests[-1]
    assert post.custom_ids() == ["s:vocab.show:0"]
    await bot.start()
    chosen = await bot.click(post, "s:vocab.show:0", values=["1"], **BRUNO)
    assert chosen and "concertation" in chosen[0].text()
    assert chosen[0].data["allowed_mentions"] == {"parse": []}


async def test_a_guild_the_bot_does_not_know_gets_an_answer_and_nothing_of_another(
    bot: Harness,
) -> None:
    """An interaction from a guild never seen: answered in its own workspace, no error."""
    await bot.command("vocab", "proposer", "mobilisation : rassembler les acteurs")
    stranger = 900000000000000099
    sent = await bot.command("vocab", "liste", guild_id=stranger, user_id="800000000000000077")
    assert [r.path for r in sent] == [CALLBACK]
    shown = sent[0].text()
    assert shown and "mobilisation" not in shown  # another guild's vocabulary stays there
    assert "⚠️" not in shown  # no error: a new table, simply empty
