"""Slack mentions: read into neutral references before the core sees them, rendered back as
Slack's own syntax in what the core posts."""

from __future__ import annotations

from sqlmodel import select

from adapters.slack.mentions import typed_text
from adapters.slack.people import People
from adapters.slack.render import render_message, render_modal
from bot import refs
from bot.messages import Actions, Button, Form, Header, Message, Section, TextInput
from bot.text import harmless, has_mass_mention
from storage.models.followup import FollowupItem
from storage.models.highlights import Highlight
from storage.models.meetings import TrioSeat
from testkit.slack_standin import (
    HttpSlack,
    StandIn,
    action_payload,
    command_payload,
    form_body,
    http_slack,
    interactive_body,
    slack_bot,
    standin,
)

__all__ = ["http_slack", "slack_bot", "standin"]  # fixtures


async def command(http: HttpSlack, standin: StandIn, line: str, **kw: str) -> None:
    name, _, text = line.partition(" ")
    assert await http.send(form_body(command_payload(name, text, standin=standin, **kw))) == (
        200,
        "",
    )


async def rows(app, model) -> list:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return list((await session.exec(select(model))).all())


async def click(http: HttpSlack, standin: StandIn, action: str) -> None:
    """Press the last button of ``action`` Slack was asked to show."""
    [button, *_] = [
        element
        for message in reversed(standin.posts() + standin.private())
        for block in message.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"].startswith(action + "#")
    ]
    payload = action_payload(button["action_id"], button["value"], standin=standin)
    assert await http.send(interactive_body(payload)) == (200, "")


def said(standin: StandIn) -> str:
    """Everything Slack was asked to show, channel and private."""
    return "\n".join(
        str(p.get("blocks")) + str(p.get("text")) for p in standin.posts() + standin.private()
    )


# -- reading what people type ----------------------------------------------------------------
def test_slack_entities_become_references_or_text() -> None:
    typed = typed_text(
        "Merci <@U0BRUNO|bruno> et <@W0ZOE>, voir <#C0TABLE|table> <!here> "
        "<!subteam^S1|@equipe> <!date^1760000000^{date}|hier>"
    )
    bruno, zoe = refs.person("U0BRUNO", "bruno"), refs.person("W0ZOE")
    assert (
        typed
        == f"Merci {bruno} et {zoe}, voir {refs.channel('C0TABLE', 'table')} @here @equipe hier"
    )
    assert refs.person_ids(typed) == ["U0BRUNO", "W0ZOE"]
    assert has_mass_mention(typed)  # <!here> is the word the core refuses
    assert harmless(typed_text("<!subteam^S1|@equipe> et <@U1|alice>")) == "@equipe et @alice"
    assert "<" not in harmless(typed)


def test_a_name_with_spaces_stays_one_word_and_markers_are_removed() -> None:
    [marc] = typed_text("<@U1|Marc Tremblay>").split()
    assert refs.person_id(marc) == "U1" and refs.label(marc) == "Marc Tremblay"
    assert refs.readable(f"merci {marc}") == "merci @Marc Tremblay"
    forged = typed_text("\ue000@U0BRUNO\ue002 écrit à la main")
    assert forged == "@U0BRUNO écrit à la main" and not refs.has_refs(forged)


def test_a_display_name_never_carries_a_mention() -> None:
    person = People.from_user({"profile": {"display_name": "Bob <!here> <@U0X>"}}, "U0BOB")
    assert has_mass_mention(person.actor.name) and "<@" not in person.actor.name


# -- rendering what the core writes ------------------------------------------------------------
def test_references_are_slack_mentions_in_text_and_names_in_plain_text() -> None:
    bruno = refs.person("U0BRUNO", "Bruno")
    message = Message(
        blocks=[
            Header(f"Pour {bruno}"),
            Section(f"{bruno}, voir {refs.channel('C0TABLE', 'table')}"),
            Actions((Button(f"Aider {bruno}", "x.help", "1"),)),
        ],
        text=f"Pour {bruno}",
    )
    [rendered] = render_message(message).parts
    header, section, actions = rendered.blocks
    assert header["text"]["text"] == "Pour @Bruno"
    assert section["text"]["text"] == "<@U0BRUNO>, voir <#C0TABLE>"
    assert actions["elements"][0]["text"]["text"] == "Aider @Bruno"
    assert rendered.text == "Pour <@U0BRUNO>"
    assert "\ue000" not in str(rendered.blocks) + rendered.text
    form = Form("x.form", "Titre", [TextInput("texte", "Texte", initial=f"Merci {bruno}")], "OK")
    modal = render_modal(form, "{}")
    assert modal["blocks"][0]["element"]["initial_value"] == "Merci <@U0BRUNO>"
    assert refs.person_ids(typed_text("Merci <@U0BRUNO>")) == ["U0BRUNO"]  # read back as typed


# -- through the real app, to the features ---------------------------------------------------
async def test_a_slack_mention_reaches_the_features_as_that_person(
    http_slack, slack_bot, standin, app
) -> None:
    await command(http_slack, standin, "/partenaire moi CDC des Collines")
    bruno = {"user": "U0BRUNO", "name": "bruno"}
    await command(http_slack, standin, "/partenaire moi Maison des jeunes", **bruno)
    await command(http_slack, standin, "/partenaire moi CISSS", user="U0CLARA", name="clara")
    await slack_bot.drain()

    await command(http_slack, standin, "/faitsaillant Merci <@U0BRUNO|bruno> pour l'info #emploi")
    await command(http_slack, standin, "/suivi action <@U0BRUNO|bruno> Envoyer le bilan")
    await command(http_slack, standin, "/rencontre planifier jeudi 13 h 30 | Salle | Automne")
    await slack_bot.drain()
    await click(http_slack, standin, "meetings.confirm")
    await slack_bot.drain()
    await command(http_slack, standin, "/rencontre trio #1 <@U0CLARA> <@U0ALICE> <@U0BRUNO>")
    await slack_bot.drain()

    [highlight] = await rows(app, Highlight)
    assert highlight.text == "Merci @Bruno Gagnon pour l'info #emploi"  # named, not pinged
    [item] = await rows(app, FollowupItem)
    assert (item.owner_id, item.text) == ("U0BRUNO", "Envoyer le bilan")
    seats = {seat.role: seat.user_id for seat in await rows(app, TrioSeat)}
    assert seats == {"animation": "U0CLARA", "synthese": "U0ALICE", "observation": "U0BRUNO"}
    shown = said(standin)
    assert "Merci @Bruno Gagnon pour l'info" in shown and "notée pour Bruno Gagnon" in shown
    assert "<@U0BRUNO" not in shown  # echoed mentions are names: nobody is pinged
    assert "\ue000" not in shown


async def test_a_slack_broadcast_is_refused(http_slack, slack_bot, standin, app) -> None:
    await command(http_slack, standin, "/faitsaillant Avis <!here> à tous")
    await slack_bot.drain()
    assert "Les mentions de masse" in said(standin)
    assert await rows(app, Highlight) == []
