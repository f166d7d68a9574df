"""A private message to one person through Slack: a direct message carrying its outbox token
(found again in the conversation after a crash), else shown to the person in the channel."""

from __future__ import annotations

from sqlmodel import select

from adapters.slack.notifier import DELIVERY_EVENT
from bot.context import Place
from bot.messages import Message, Section
from bot.ports import Delivery
from storage.models import Outbox
from testkit.slack_standin import (
    CHANNEL,
    TEAM,
    StandIn,
    command_payload,
    form_body,
    http_slack,
    slack_bot,
    standin,
)

__all__ = ["http_slack", "slack_bot", "standin"]


async def typed(http_slack, slack_bot, standin: StandIn, text: str, user: str, name: str) -> None:  # type: ignore[no-untyped-def]
    payload = command_payload("/suivi", text, user=user, name=name, standin=standin)
    assert (await http_slack.send(form_body(payload)))[0] == 200
    await slack_bot.drain()


async def test_the_owner_gets_a_direct_message_once(http_slack, slack_bot, standin) -> None:  # type: ignore[no-untyped-def]
    await typed(http_slack, slack_bot, standin, "liste", "U0BRUNO", "bruno")  # Bruno is known
    text = "action <@U0BRUNO|bruno> Envoyer le bilan pour vendredi"
    await typed(http_slack, slack_bot, standin, text, "U0ALICE", "alice")
    assert [call["users"] for call in standin.of("conversations.open")] == ["U0BRUNO"]
    [direct] = [post for post in standin.posts() if post["channel"] == "DU0BRUNO"]
    assert "vous a confié l'action n° 1" in direct["text"]
    assert "Envoyer le bilan" in str(direct["blocks"])
    assert direct["metadata"]["event_type"] == DELIVERY_EVENT
    [card] = [post for post in standin.posts() if post["channel"] == CHANNEL]
    assert "Envoyer le bilan" in str(card["blocks"])
    async with slack_bot.core.db.session() as session:
        [row] = (await session.exec(select(Outbox))).all()
    assert row.status == "sent" and row.ref and row.ref.startswith("DU0BRUNO|")
    # recording an action for oneself sends nobody a private message
    await typed(http_slack, slack_bot, standin, "action <@U0ALICE> Réserver", "U0ALICE", "alice")
    assert len(standin.of("conversations.open")) == 1


async def test_a_resumed_private_message_is_found_in_the_conversation(slack_bot, standin) -> None:  # type: ignore[no-untyped-def]
    place = Place("slack", TEAM, CHANNEL)
    message = Message([Section("Votre action n° 3")], "Votre action", to="U0BRUNO")
    first = await slack_bot.notifier.tell(place, "U0BRUNO", message, Delivery("tok1"))
    since = slack_bot.core.clock.now()
    again = await slack_bot.notifier.tell(place, "U0BRUNO", message, Delivery("tok1", since))
    assert again == first and len(standin.posts()) == 1


async def test_without_a_direct_message_it_is_shown_in_the_channel(slack_bot, standin) -> None:  # type: ignore[no-untyped-def]
    standin.fail("conversations.open", status=200, error="missing_scope")
    place = Place("slack", TEAM, CHANNEL)
    message = Message([Section("Votre action n° 3")], "Votre action", to="U0BRUNO")
    assert await slack_bot.notifier.tell(place, "U0BRUNO", message, Delivery("tok2")) is None
    [shown] = standin.of("chat.postEphemeral")
    assert shown["user"] == "U0BRUNO" and shown["channel"] == CHANNEL
    assert standin.posts() == []
