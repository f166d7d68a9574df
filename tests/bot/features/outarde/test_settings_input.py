"""/outarde config: values typed as people write them; every refusal shows a full command."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.compose import build_router
from storage.models import Job

ROUTER = build_router()  # what every core of these tests knows


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("90 minutes", "1 h 30"),
        ("90 min", "1 h 30"),
        ("1 h 30", "1 h 30"),
        ("1h30", "1 h 30"),
        ("1,5 h", "1 h 30"),
        ("2 heures", "2 heures"),
    ],
)
async def test_meeting_lengths_as_people_write_them(chat, typed: str, shown: str) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", f"/outarde config duree_rencontre {typed}")
    assert f"Réglage modifié — Durée d'une rencontre : *{shown}*." in out


async def test_reminders_can_be_turned_off(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/outarde config rappels aucun", "/outarde config")
    assert "Réglage modifié — Rappels avant chaque rencontre : *aucun*." in out
    assert "• Rappels avant chaque rencontre (`rappels`) : *aucun*" in out
    await chat.type("/rencontre planifier mardi 20 octobre 13 h 30 | Salle du conseil | Automne")
    await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}")
    async with app.db.session() as session:
        kinds = {job.kind for job in (await session.exec(select(Job))).all()}
    assert "meetings.ended" in kinds and "meetings.reminder" not in kinds


async def test_a_missing_value_shows_a_command_for_that_setting(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco",
        "/outarde config seuil_anonymat",
        "/outarde config duree_rencontre",
    )
    assert "Exemple : `/outarde config seuil_anonymat 3`" in out
    assert "Exemple : `/outarde config duree_rencontre 2 heures`" in out
    assert "fuseau America/Toronto" not in out


async def test_refused_values_show_full_commands(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco",
        "/outarde config",
        "/outarde config seuil_anonymat 1",
        "/outarde config langue_personnelle peut-être",
        "/outarde config langue klingon",
        "/outarde config fuseau Mars",
        "/partenaire mandat peut-être",
    )
    assert "Exemple : `/outarde config seuil_anonymat 3`." in out
    assert (
        "`/outarde config langue_personnelle oui` ou `/outarde config langue_personnelle non`"
        in out
    )
    assert "`/outarde config langue fr` (français) ou `/outarde config langue en` (anglais)" in out
    assert "`/outarde config fuseau America/Toronto`" in out
    assert "`/partenaire mandat oui` ou `/partenaire mandat non`" in out


def test_every_setting_has_an_example_it_accepts() -> None:
    from bot.features.outarde.settings import example_command

    for spec in ROUTER.settings.values():
        for language in ("fr", "en"):
            command = example_command(spec, language)
            value = command.removeprefix(f"/outarde config {spec.word(language)} ")
            spec.parse(value)  # refused: UserError


async def test_english_settings_use_english_punctuation(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco", "/outarde config langue en", "/outarde config duree_rencontre 3 h"
    )
    out += await chat.type("/outarde config")
    assert "Setting changed — Meeting length: *3 hours*." in out
    assert "• Meeting length (`meeting_length`): *3 hours*" in out
    assert " :" not in out.split("Settings of this workspace")[-1]


async def test_english_names_the_settings_in_english(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco",
        "/outarde config langue en",
        "/outarde config duration 3h",
        "/outarde config reminders",
        "/outarde config reminders 1h30",
    )
    assert (
        "Possible settings: reminders, quorum, quorum_by, agenda_template, meeting_length,"
        " language, timezone"
    ) in out
    assert "`/outarde config reminders 1 week, 1 day, 1 hour`" in out
    assert "`/outarde config reminders 7d,1d,1h`" in out
    assert "rappels" not in out.split("Setting changed")[-1]


async def test_files_are_named_in_the_workspace_language(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco",
        "/outarde config langue en",
        '/sondage "Which day?" Monday Tuesday',
        "/sondage close 1",
        "/sondage export 1",
    )
    assert "📎 poll-1.csv" in out and "sondage-" not in out
