"""Every command family of the core through Slack (HTTP mode): each subcommand's own example,
the buttons it shows and the forms it opens; plus the notifier used by scheduled work."""

from __future__ import annotations

import pytest

from adapters.slack.notifier import split_ref
from adapters.slack.render import decode_action_id
from bot.compose import build_router
from bot.context import Place
from bot.i18n import t
from bot.messages import Message, Section
from testkit.doubles import NotifierSurface
from testkit.slack_standin import (
    CHANNEL,
    TEAM,
    StandIn,
    action_payload,
    command_payload,
    form_body,
    http_slack,
    interactive_body,
    slack_bot,
    standin,
    view_payload,
)

ROUTER = build_router()  # what every core of these tests knows

__all__ = ["http_slack", "slack_bot", "standin"]
FAMILIES = sorted(ROUTER.commands)
INTERNAL = (t("fr", "core.internal_error"), t("fr", "core.unavailable"))


def shown(standin: StandIn) -> list[dict]:
    """Every message that reached Slack: channel posts, updates and private answers."""
    return standin.posts() + standin.of("chat.update") + standin.private()


def buttons(message: dict) -> list[dict]:
    return [
        element
        for block in message.get("blocks", [])
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def test_every_family_is_covered_when_present() -> None:
    assert {"outarde", "partenaire"} <= set(FAMILIES)
    assert set(FAMILIES) <= {
        "outarde",
        "partenaire",
        "vocab",
        "faitsaillant",
        "rencontre",
        "sondage",
        "suivi",
        "charte",
        "accueil",
    }


@pytest.mark.parametrize("family", FAMILIES)
async def test_every_example_of_a_family_works_in_slack(family, http_slack, slack_bot, standin):
    command = ROUTER.commands[family]
    await http_slack.send(
        form_body(command_payload("/partenaire", "moi CDC des Collines", standin=standin))
    )
    await slack_bot.drain()
    before = len(shown(standin))
    for name in command.order:
        example = t("fr", command.subcommands[name].help + ".example")
        slash, _, text = example.partition(" ")
        status, body = await http_slack.send(
            form_body(command_payload(slash, text, standin=standin))
        )
        assert (status, body) == (200, ""), example
        await slack_bot.drain()
    answers = shown(standin)[before:]
    assert answers or standin.of("views.open"), f"/{family}: nothing reached Slack"
    for answer in answers:
        assert not any(text in str(answer) for text in INTERNAL), answer
        for block in answer.get("blocks", []):
            if block["type"] == "section" and "text" in block:
                assert len(block["text"]["text"]) <= 3000
        assert len(answer.get("blocks", [])) <= 50
        for element in buttons(answer):
            assert decode_action_id(element["action_id"]) in ROUTER.actions | {
                "outarde.slack.open_form": None
            }


@pytest.mark.parametrize("family", FAMILIES)
async def test_buttons_and_forms_of_a_family_work_for_another_person(
    family, http_slack, slack_bot, standin
):
    command = ROUTER.commands[family]
    for name in command.order:
        example = t("fr", command.subcommands[name].help + ".example")
        slash, _, text = example.partition(" ")
        await http_slack.send(form_body(command_payload(slash, text, standin=standin)))
    await slack_bot.drain()
    for opened in standin.of("views.open"):
        view = opened["view"]
        values = {b["block_id"]: "Texte d'essai 12" for b in view["blocks"]}
        status, _ = await http_slack.send(interactive_body(view_payload(view, values)))
        assert status == 200
    await slack_bot.drain()
    posted = {
        call.answer["ts"]: call.params
        for call in standin.calls
        if call.method == "chat.postMessage"
    }
    before = len(shown(standin))
    for ts, message in posted.items():
        for element in buttons(message)[:3]:
            value = element.get("value") or element.get("options", [{}])[0].get("value", "")
            click = action_payload(
                element["action_id"], value, user="U0BRUNO", message_ts=ts, standin=standin
            )
            assert (await http_slack.send(interactive_body(click)))[0] == 200
    await slack_bot.drain()
    for answer in shown(standin)[before:]:
        assert not any(text in str(answer) for text in INTERNAL), answer


async def test_notifier_posts_and_updates_for_scheduled_work(slack_bot, standin) -> None:
    place = Place("slack", TEAM, "C0RAPPELS")
    ref = await slack_bot.notifier.post(
        place, Message([Section("Rappel : rencontre jeudi")], "Rappel")
    )
    assert ref is not None and split_ref(ref)[0] == "C0RAPPELS"
    for n in range(3):
        await slack_bot.notifier.update(place, ref, Message([Section(f"Version {n}")], "v"))
    [post] = standin.posts()
    assert post["channel"] == "C0RAPPELS" and post["text"] == "Rappel"
    updates = standin.of("chat.update")
    assert updates and updates[-1]["blocks"][0]["text"]["text"] == "Version 2"
    assert all(u["ts"] == split_ref(ref)[1] for u in updates)


async def test_scheduler_delivers_through_slack(slack_bot, standin, app) -> None:
    app = slack_bot.core  # the core the Slack adapter delivers through
    assert app.notifier is slack_bot.notifier
    await app.courier.deliver(
        Place("slack", TEAM, CHANNEL),
        [Message([Section("Ordre du jour")], "odj", ephemeral=False, key="essai:odj")],
        NotifierSurface(app.notifier, Place("slack", TEAM, CHANNEL)),
    )
    assert await app.courier.update_posted(
        Place("slack", TEAM, CHANNEL), "essai:odj", Message([Section("Ordre du jour (modifié)")])
    )
    assert standin.posts()[0]["text"] == "odj"
    assert "modifié" in standin.of("chat.update")[0]["blocks"][0]["text"]["text"]
