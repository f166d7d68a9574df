"""/vocab through the console chat: propose, endorse, object, adopt, look up, history, export."""

from __future__ import annotations

from adapters.console import ConsoleChat
from testkit.doubles import Answers

DEFINITION = "action de se concerter pour agir ensemble"


async def start(chat: ConsoleChat) -> str:
    """Coco coordinates the table (first to act); Alice proposes « concertation »."""
    await chat.type(":moi Coco", "/vocab liste")
    return await chat.type(
        ":moi Alice", f"/vocab proposer Concertation (en: collaboration) : {DEFINITION}"
    )


async def press(chat: ConsoleChat, person: str, label: str, *answers: str) -> str:
    number = chat.last_buttons(label)[-1]
    return await chat.type(f":moi {person}", f":clic {number}", *answers)


async def test_two_endorsements_adopt_with_the_default_threshold(chat: ConsoleChat) -> None:
    out = await start(chat)
    assert "Proposition n° 1 · Concertation (anglais : collaboration) — en discussion" in out
    assert "Appuis : 1 (seuil : 3)" in out  # the proposer's own endorsement
    out = await press(chat, "Bruno", "J'appuie")
    assert "mise à jour du message" in out and "Appuis : 2 (seuil : 3)" in out
    assert "Définition adoptée" not in out
    out = await press(chat, "Chloé", "J'appuie")
    assert "Appuis : 3 (seuil : 3)" in out
    assert "— adoptée*" in out
    assert "✅ Définition adoptée par la table : *Concertation (anglais : collaboration)*" in out


async def test_look_up_ignores_accents_case_elision_plural_and_typos(chat: ConsoleChat) -> None:
    await start(chat)
    await press(chat, "Bruno", "J'appuie")
    await press(chat, "Chloé", "J'appuie")
    for query in ("CONCERTATION", "la concertation", "l'concertations", "Concertâtion"):
        out = await chat.type(f"/vocab {query}")
        assert "# Concertation (anglais : collaboration)" in out, query
        assert DEFINITION in out
        assert "adoptée le mardi 6 octobre 2026, seuil d'appuis atteint" in out
    out = await chat.type("/vocab concertaton")
    assert "voici le plus proche : « Concertation »" in out and DEFINITION in out
    out = await chat.type("/vocab collaborations")  # the English equivalent works too
    assert "# Concertation (anglais : collaboration)" in out


async def test_accented_proposal_is_found_without_accents(chat: ConsoleChat) -> None:
    await chat.type(":moi Alice", "/vocab proposer L'Intersectorialité : travailler entre secteurs")
    out = await chat.type("/vocab intersectorialite")
    assert "Intersectorialité" in out and "travailler entre secteurs" in out
    assert "L'Intersectorialité" not in out  # the article is not part of the term
    out = await chat.type("/vocab développements sociaux")
    assert "Aucune définition de « développements sociaux »" in out
    await chat.type("/vocab proposer développement social : améliorer les conditions de vie")
    out = await chat.type("/vocab Développements Sociaux")
    assert "améliorer les conditions de vie" in out


async def test_an_objection_blocks_adoption_until_withdrawn(chat: ConsoleChat) -> None:
    await start(chat)
    out = await press(chat, "Bruno", "Je m'objecte", "trop vague pour le milieu de la santé")
    assert "Raison (facultative)" in out
    assert "— à discuter*" in out and "Objections : 1" in out
    assert "Objection de Bruno : trop vague pour le milieu de la santé" in out
    await press(chat, "Chloé", "J'appuie")
    out = await press(chat, "Denis", "J'appuie")
    assert "Appuis : 3" in out and "Définition adoptée" not in out
    out = await chat.type("/vocab discuter")
    assert "n° 1 *Concertation (anglais : collaboration)* — proposition à discuter" in out
    out = await press(chat, "Bruno", "Retirer mon avis")
    assert "Objections : 0" in out and "✅ Définition adoptée par la table" in out


async def test_withdrawing_an_endorsement_changes_the_count(chat: ConsoleChat) -> None:
    await start(chat)
    await press(chat, "Bruno", "J'appuie")
    out = await press(chat, "Bruno", "J'appuie")
    assert "C'est déjà noté" in out and "Appuis : 2" in out
    out = await press(chat, "Bruno", "Retirer mon avis")
    assert "Appuis : 1" in out and "est retiré" in out
    out = await press(chat, "Bruno", "Retirer mon avis")
    assert "rien à retirer" in out
    out = await press(chat, "Bruno", "À discuter")
    assert "Demandes de discussion : 1" in out and "— à discuter*" in out


async def test_readoption_keeps_the_history_and_export_has_the_term(chat: ConsoleChat) -> None:
    await start(chat)
    await press(chat, "Bruno", "J'appuie")
    await press(chat, "Chloé", "J'appuie")
    out = await chat.type(
        ":moi Bruno", "/vocab proposer concertation : se mettre d'accord avant d'agir"
    )
    assert "Autres définitions de « concertation » : n° 1 (adoptée)" in out
    out = await chat.type(":moi Coco", "/vocab adopter 2")
    assert "par Coco au nom de la coordination" in out
    assert "Proposition n° 1 · Concertation (anglais : collaboration) — remplacée" in out
    out = await chat.type("/vocab historique Concertation")
    assert "versions : 2" in out
    assert "n° 1 · Concertation (anglais : collaboration)* — remplacée" in out
    assert "n° 2 · concertation* — adoptée" in out
    assert "remplacée le mardi 6 octobre 2026" in out
    out = await chat.type("/vocab concertation")
    assert "se mettre d'accord avant d'agir" in out and DEFINITION not in out
    out = await chat.type("/vocab exporter")
    assert "lexique.md" in out and "lexique.csv" in out
    answers = Answers()
    await chat.app.command(chat.invocation(), "vocab", "exporter", answers)
    files = {f.name: f.data.decode("utf-8-sig") for f in answers.sent[0].files}
    assert "## concertation" in files["lexique.md"]
    assert "se mettre d'accord avant d'agir" in files["lexique.md"]
    assert DEFINITION not in files["lexique.md"]  # only the adopted definition
    assert files["lexique.csv"].startswith("terme,anglais,définition")
    assert "concertation,,se mettre d'accord avant d'agir" in files["lexique.csv"]


async def test_coordinator_adopts_and_retires_by_term(chat: ConsoleChat) -> None:
    await start(chat)
    out = await chat.type(":moi Bruno", "/vocab adopter concertation")
    assert "Seule la coordination de la table" in out
    out = await chat.type(":moi Coco", "/vocab adopter concertation")
    assert "✅ Définition adoptée : *Concertation (anglais : collaboration)*" in out
    out = await chat.type("/vocab adopter concertation")
    assert "Je ne trouve aucune proposition à traiter" in out
    out = await chat.type(":moi Bruno", "/vocab retirer concertation")
    assert "Seule la coordination peut retirer" in out
    out = await chat.type(":moi Coco", "/vocab retirer concertation")
    assert "La définition adoptée de *Concertation (anglais : collaboration)*" in out
    out = await chat.type("/vocab concertation")
    assert "n'a plus de définition en vigueur" in out
    out = await chat.type("/vocab historique concertation")
    assert "— retirée" in out


async def test_coordination_buttons_on_the_proposal(chat: ConsoleChat) -> None:
    await start(chat)
    out = await press(chat, "Bruno", "Adopter (coordination)")
    assert "Seule la coordination de la table" in out
    out = await press(chat, "Coco", "Adopter (coordination)")
    assert "par Coco au nom de la coordination" in out
    await chat.type(":moi Alice", "/vocab proposer mobilisation : rassembler les forces")
    out = await press(chat, "Alice", "Retirer la proposition")  # proposers may retire their own
    assert "Proposition n° 2 retirée : *mobilisation* (par Alice)" in out
    out = await press(chat, "Bruno", "J'appuie")
    assert "La proposition n° 2 est retirée" in out


async def test_threshold_setting(chat: ConsoleChat) -> None:
    out = await chat.type(":moi Coco", "/outarde config seuil_vocab 1")
    assert "1" in out and "Appuis nécessaires pour adopter une définition" in out
    out = await chat.type("/outarde config seuil_vocab 0")
    assert "n'est pas un nombre entier de 1 à 100" in out
    out = await chat.type(":moi Alice", "/vocab proposer partenariat : travailler ensemble")
    assert "— adoptée*" in out and "Appuis : 1 (seuil : 1)" in out
    assert "✅ Définition adoptée par la table" in out


async def test_not_found_offers_a_prefilled_form(chat: ConsoleChat) -> None:
    out = await chat.type(":moi Alice", "/vocab mobilisation")
    assert "Aucune définition de « mobilisation »" in out
    number = chat.last_buttons("Proposer « mobilisation »")[-1]
    out = await chat.type(
        f":clic {number}", "mobilisation", "rassembler les forces du milieu", "", "", "mobilization"
    )
    assert "Proposer une définition" in out
    assert "Proposition n° 1 · mobilisation (anglais : mobilization) — en discussion" in out
    out = await chat.type("/vocab mobilization")
    assert "rassembler les forces du milieu" in out


async def test_proposal_form_with_example_and_source(chat: ConsoleChat) -> None:
    out = await chat.type(
        ":moi Alice",
        "/vocab proposer",
        "",  # the term is required: asked again after the other fields
        "agir ensemble",
        "La concertation a permis le projet X.",
        "Guide du développement social, 2019",
        "",
        "concertation",
    )
    assert "Ce champ est obligatoire : écrivez une réponse." in out
    assert "Exemple : La concertation a permis le projet X." in out
    assert "Source : Guide du développement social, 2019" in out


async def test_example_and_source_can_be_typed_with_the_command(chat: ConsoleChat) -> None:
    out = await chat.type(
        ":moi Alice",
        "/vocab proposer concertation : agir ensemble | exemple : le projet X | source : Guide",
    )
    assert "Exemple : le projet X" in out and "Source : Guide" in out
    out = await chat.type("/vocab proposer veille : suivre | source : " + "s" * 400)
    assert "Cette source est trop longue (400 caractères) : 300 caractères au plus." in out
    assert "veille" not in await chat.type("/vocab liste")  # nothing stored half-way


async def test_bad_input_is_refused_and_nothing_is_stored(chat: ConsoleChat) -> None:
    out = await chat.type(
        ":moi Alice",
        "/vocab proposer concertation agir ensemble",
        "/vocab proposer  : agir ensemble",
        "/vocab proposer concertation : ",
        "/vocab proposer " + "x" * 81 + " : trop long",
        "/vocab proposer concertation : " + "d" * 1501,
        "/vocab proposer concertation : @everyone venez voir",
        "/vocab proposer concertation @channel : agir",
    )
    assert "Séparez le terme de sa définition par « : »" in out
    assert "Il manque le terme" in out
    assert "Il manque la définition" in out
    assert "Ce terme est trop long (81 caractères)" in out
    assert "Cette définition est trop longue (1501 caractères)" in out
    assert out.count("Les mentions de masse") == 2
    assert "Le lexique commun est vide" in await chat.type("/vocab liste")


async def test_personal_mentions_are_made_harmless(chat: ConsoleChat) -> None:
    out = await chat.type(":moi Alice", "/vocab proposer concertation : voir avec @bruno")
    assert "voir avec @bruno" in out and "<@bruno>" not in out


async def test_glossary_is_paged_adopted_first(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco", "/outarde config seuil_vocab 1")
    words = [f"terme{chr(ord('a') + i)}" for i in range(12)]
    for word in words:
        await chat.type(f"/vocab proposer {word} : définition de {word}")
    await chat.type("/outarde config seuil_vocab 3", "/vocab proposer abeille : pollinise")
    out = await chat.type("/vocab liste")
    assert "Lexique commun de la table (13 termes)" in out and "Page 1 sur 2" in out
    assert out.index("termea") < out.index("termej") and "abeille" not in out
    number = chat.last_buttons("Suivant ▶")[-1]
    out = await chat.type(f":clic {number}")
    assert "Page 2 sur 2" in out and "termel" in out
    assert "*abeille* — _propositions en discussion : 1_" in out
    assert out.index("termel") < out.index("abeille")  # adopted first, then in discussion


async def test_workspaces_are_isolated(chat: ConsoleChat) -> None:
    await start(chat)
    out = await chat.type(":espace autre", "/vocab concertation")
    assert "Aucune définition de « concertation »" in out
    number = chat.last_buttons("J'appuie")[0]  # a button of the first workspace's proposal
    out = await chat.type(f":clic {number}")
    assert "Je ne trouve pas la proposition n° 1 ici" in out
    out = await chat.type("/vocab historique concertation", "/vocab adopter 1")
    assert "Aucune proposition pour « concertation »" in out
    assert "Je ne trouve pas la proposition n° 1" in out


async def test_non_ascii_digits_are_refused_clearly(chat: ConsoleChat) -> None:
    """« ² » is a digit to str.isdigit but not a number: a clear refusal, never an apology."""
    await start(chat)
    out = await chat.type(":moi Coco", "/vocab adopter ²", "/vocab retirer #²", "/vocab liste ²")
    assert "Oups" not in out
    assert out.count("⚠️") == 2
    answers = Answers()
    await chat.app.action(chat.invocation(), "vocab.endorse", "²", answers)
    assert answers.text.startswith("⚠️") and "Oups" not in answers.text


LOOK_ALIKES = [
    "parte\u2060nariat",  # word joiner
    "partena\u00adriat",  # soft hyphen
    "p\u0430rtenariat",  # Cyrillic а
    "partenariat\u3164",  # Hangul filler
    "parten\u180eariat",  # Mongolian vowel separator
    "parten\u034fariat",  # combining grapheme joiner
    "\u03c1artenariat",  # Greek ρ
    "ＰＡＲＴＥＮＡＲＩＡＴ",  # full-width
]


async def test_look_alike_spellings_compete_with_the_term(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco", "/vocab proposer partenariat : travailler ensemble")
    await chat.type("/vocab adopter 1")
    for number, spelling in enumerate(LOOK_ALIKES, start=2):
        out = await chat.type(f"/vocab proposer {spelling} : définition {number}")
        assert f"Autres définitions de « {spelling} » : n° 1 (adoptée)" in out, (spelling, out)
        assert "définition 1" not in await chat.type(f"/vocab {spelling}")
    await chat.type(f"/vocab adopter {len(LOOK_ALIKES) + 1}")
    out = await chat.type("/vocab liste")
    assert "(1 terme)" in out and "travailler ensemble" not in out, out
    assert f"définition {len(LOOK_ALIKES) + 1}" in out
    out = await chat.type("/vocab historique partenariat")
    assert f"versions : {len(LOOK_ALIKES) + 1}" in out
