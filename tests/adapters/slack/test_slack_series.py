"""A year of meetings planned through Slack: one private confirmation listing every date, then
the series posted in the channel with its calendar file and one card per meeting."""

from __future__ import annotations

from adapters.slack.render import decode_action_id
from testkit.slack_standin import (
    action_payload,
    command_payload,
    form_body,
    http_slack,
    interactive_body,
    slack_bot,
    standin,
)

__all__ = ["http_slack", "slack_bot", "standin"]  # fixtures
YEAR = "annee le 3e jeudi de novembre, février et avril de 13 h 30 à 16 h | Salle du conseil"


def buttons(message: dict) -> list[dict]:  # type: ignore[type-arg]
    return [
        element
        for block in message.get("blocks", [])
        if block["type"] == "actions"
        for element in block["elements"]
    ]


async def test_a_year_is_confirmed_once_and_posted_meeting_by_meeting(
    http_slack, slack_bot, standin
) -> None:  # type: ignore[no-untyped-def]
    await http_slack.send(form_body(command_payload("/rencontre", YEAR, standin=standin)))
    await slack_bot.drain()
    [question] = standin.private()
    text = str(question)
    assert "Planifier 3 rencontres" in text
    assert "jeudi 19 novembre 2026 de 13 h 30 à 16 h" in text
    assert "jeudi 15 avril 2027 de 13 h 30 à 16 h" in text
    assert not standin.posts()  # nothing in the channel before the confirmation
    confirm = next(
        b for b in buttons(question) if decode_action_id(b["action_id"]) == "meetings.confirm"
    )
    assert confirm["text"]["text"] == "Confirmer les 3 rencontres"
    click = action_payload(confirm["action_id"], confirm["value"], standin=standin, ephemeral=True)
    assert (await http_slack.send(interactive_body(click)))[0] == 200
    await slack_bot.drain()
    posts = standin.posts()
    summary = [p for p in posts if "3 rencontres planifiées" in str(p)]
    assert len(summary) == 1 and standin.uploads  # the series' .ics
    cards = [p for p in posts if "Rencontre n°" in str(p)]
    assert len(cards) == 3
    for card in cards:
        actions = {decode_action_id(b["action_id"]) for b in buttons(card)}
        assert actions == {"meetings.rsvp"}
    assert "C'est planifié : 3 rencontres, n° 1 à n° 3." in str(standin.private())
