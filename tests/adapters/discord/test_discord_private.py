"""A private message to one person through Discord: a direct message with an enforced nonce;
when the person accepts none, the message is addressed to them in the channel."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.context import Place
from bot.messages import Message, Section
from bot.ports import Delivery
from storage.models import Outbox
from testkit.discord_harness import CHANNEL_ID, GUILD_ID, Harness

ALICE, BRUNO = "800000000000000001", "800000000000000002"
PLACE = Place("discord", str(GUILD_ID), str(CHANNEL_ID))


@pytest.fixture
async def bot(app) -> Harness:  # type: ignore[no-untyped-def]
    return await Harness(app).start()


async def test_the_owner_gets_a_direct_message_once(bot: Harness) -> None:
    await bot.command("suivi", "liste", None, user_id=BRUNO, name="Bruno")  # Bruno is known
    answered = await bot.command(
        "suivi", "action", f"<@{BRUNO}> Envoyer le bilan pour vendredi", user_id=ALICE
    )
    [direct] = bot.recorder.direct_messages(BRUNO)
    text = str(direct["content"]) + str(direct["embeds"])
    assert "vous a confié l'action n° 1" in text and "Envoyer le bilan" in text
    assert any("Action n° 1" in r.text() and not r.ephemeral for r in answered)  # the card
    async with bot.app.db.session() as session:
        [row] = (await session.exec(select(Outbox))).all()
    assert row.status == "sent" and row.ref and row.ref.startswith(bot.recorder.direct[BRUNO])
    assert bot.recorder.direct_messages(ALICE) == []


async def test_a_resent_private_message_gives_back_the_first(bot: Harness) -> None:
    message = Message([Section("Votre action n° 3")], "Votre action", to=BRUNO)
    first = await bot.client.notifier.tell(PLACE, BRUNO, message, Delivery("tok1"))
    again = await bot.client.notifier.tell(PLACE, BRUNO, message, Delivery("tok1"))
    assert first == again and len(bot.recorder.direct_messages(BRUNO)) == 1


async def test_closed_direct_messages_fall_back_to_the_channel(bot: Harness) -> None:
    bot.recorder.closed_dms.add(BRUNO)
    message = Message([Section("Votre action n° 3")], "Votre action", to=BRUNO)
    ref = await bot.client.notifier.tell(PLACE, BRUNO, message, Delivery("tok2"))
    assert ref is not None and ref.startswith(f"{CHANNEL_ID}/")
    [shown] = [m for m in bot.recorder.channel_messages if m["channel_id"] == str(CHANNEL_ID)]
    text = str(shown["content"]) + str(shown["embeds"])
    assert f"<@{BRUNO}>" in text and "Votre action n° 3" in text
    assert bot.recorder.direct_messages(BRUNO) == []
