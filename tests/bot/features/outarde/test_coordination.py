"""/outarde config coordo: who coordinates, listed in full; the last one cannot leave."""

from __future__ import annotations

from bot.context import Actor, Invocation, Place
from testkit.doubles import Answers, mention

SLACK = Place("slack", "T1", "C1")


async def test_the_last_coordinator_cannot_be_removed(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coord", "/outarde config", ":moi Nadia", "/outarde aide", ":moi Coord")
    out = await chat.type(
        "/outarde config coordo ajouter @Nadia",
        ":moi Nadia",
        "/outarde config coordo retirer @Coord",
        "/outarde config coordo retirer @Nadia",
        "/outarde config",
    )
    assert "Nadia fait maintenant partie de la coordination." in out
    assert "Coord ne fait plus partie de la coordination." in out
    assert "Nadia est la seule personne à la coordination" in out
    assert "Nommez d'abord quelqu'un d'autre" in out
    assert "*Coordination :* Nadia" in out and "personne pour l'instant" not in out
    out = await chat.type("/outarde config langue en")
    assert "Setting changed" in out  # Nadia still coordinates


async def test_every_coordinator_is_listed(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coord", "/outarde config", ":moi Nadia", "/outarde aide", ":moi Coord")
    out = await chat.type("/outarde config coordo ajouter @Nadia", "/outarde config")
    assert "*Coordination :* Coord, Nadia" in out


async def test_a_platform_mention_is_a_person_even_before_their_first_command(app) -> None:  # type: ignore[no-untyped-def]
    async def say(text: str) -> str:
        answers = Answers()
        await app.command(Invocation(SLACK, Actor("U1", "Coord")), "outarde", text, answers)
        return answers.text

    await say("config")
    added = await say("config coordo ajouter " + mention("U2", "Nadia"))
    assert "Nadia fait maintenant partie" in added
    listed = await say("config")
    assert "*Coordination :* @U2, Coord" in listed  # the best known: the mention
    assert "ne fait plus partie" in await say("config coordo retirer " + mention("U2"))


async def test_coordination_changes_say_what_really_happened(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coord", "/outarde config", ":moi Nadia", "/outarde aide", ":moi Coord")
    out = await chat.type(
        "/outarde config coordo ajouter @Inconnu",
        "/outarde config coordo retirer @Zed",
        "/outarde config coordo ajouter @Nadia",
        "/outarde config coordo ajouter @Nadia",
        "/outarde config coordo ajouter Nadia",
    )
    assert "Je ne connais pas encore « @Inconnu »" in out
    assert "/partenaire moi ORGANISME" in out
    assert "inconnu fait maintenant partie" not in out
    assert "@Zed ne faisait pas partie de la coordination : rien à retirer." in out
    assert out.count("Nadia fait maintenant partie de la coordination.") == 1
    assert "Nadia fait déjà partie de la coordination" in out
    assert "`/outarde config coordo ajouter @personne`" in out


async def test_english_coordination_messages(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coord", "/outarde config langue en")
    out = await chat.type("/outarde config coordo retirer @Coord", "/outarde config")
    assert "Coord is the only coordinator" in out
    assert "*Coordinators:* Coord" in out
