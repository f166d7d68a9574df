"""Crafted ids from another workspace: every button, form and command refuses them.

Workspace A holds one object of every kind; people of workspace B (which speaks English)
replay A's ids in every action value, form state and command argument. Each attempt is
refused with a clear message in B's language (or, for actions that name no object, answered
with B's own data), A's rows stay exactly as they were, and none of A's messages is touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

import bot.app
from bot import refs
from bot.compose import build_router
from bot.i18n import catalog, t
from testkit.doubles import mention
from tests.probes import Call, invocation, run, say, seed, workspace_rows

ROUTER = build_router()  # what every core of these tests knows


A, B = "A", "B"
SECRET = "Secreta"  # in every text of A: must never show up in B
GENERIC = {"core.internal_error", "core.unavailable", "core.unknown_action"}

Ids = dict[str, int]


@dataclass(frozen=True)
class Case:
    """How to aim an entry point at A's objects, and whether it must be refused."""

    build: Callable[[Ids], list]
    refused: bool = True


def values(*kinds: str, suffix: str = "") -> Callable[[Ids], list[str]]:
    """Action values naming A's objects of these kinds: ``"12"`` or ``"12<suffix>"``."""
    return lambda ids: [f"{ids[kind]}{suffix}" for kind in kinds]


# Every action id → the crafted values for it. A new action must be added here.
ACTION_CASES: dict[str, Case] = {
    "charter.adopt": Case(values("charter_draft", "charter_adopted")),
    "charter.endorse": Case(values("charter_draft", "charter_adopted")),
    "charter.object": Case(values("charter_draft", "charter_adopted")),
    "charter.unstance": Case(values("charter_draft", "charter_adopted")),
    "followup.done": Case(values("item")),
    "followup.help": Case(values("item")),
    "followup.history": Case(values("item")),
    "followup.page": Case(lambda i: ["1", "2|x"], refused=False),
    "followup.postpone": Case(values("item")),
    "followup.report_export": Case(values("item")),
    "followup.report_write": Case(values("item")),
    "highlights.edit": Case(values("highlight")),
    "highlights.page": Case(lambda i: ["1|0|emploi|chloe", "1|||chloe", "2|0||"], refused=False),
    "highlights.restore": Case(values("highlight")),
    "highlights.useful": Case(values("highlight")),
    "highlights.withdraw": Case(values("highlight")),
    "meetings.cancel": Case(values("meeting", "draft")),
    "meetings.cancel_series": Case(values("meeting", "draft")),
    "meetings.confirm": Case(lambda i: [f"d{-i['draft']}", f"d{i['meeting']}"]),
    "meetings.discard": Case(lambda i: [f"d{-i['draft']}", f"d{i['meeting']}"]),
    "meetings.keep": Case(values("meeting", "draft")),
    "meetings.keep_series": Case(values("meeting", "draft")),
    "meetings.rsvp": Case(
        lambda i: [f"{i['meeting']}:p", f"{i['meeting']}:a", f"{i['meeting']}:d"]
    ),
    "meetings.trio_no": Case(values("meeting")),
    "meetings.trio_yes": Case(values("meeting")),
    "outarde.data_erase": Case(lambda i: [f"console:{A}", "console:", "slack:T0OTHER"]),
    "polls.cancel": Case(values("anonymous"), refused=False),
    "polls.cast": Case(lambda i: [f"{i['anonymous']}:1", f"{i['anonymous']}:3"]),
    "polls.close": Case(values("poll", "anonymous", "evaluation")),
    "polls.evaluate": Case(values("evaluation")),
    "polls.mine": Case(values("poll", "anonymous", "evaluation")),
    "polls.pick": Case(lambda i: [f"{i['anonymous']}:0", f"{i['anonymous']}:1"]),
    "polls.vote": Case(lambda i: [f"{i['poll']}:0", f"{i['anonymous']}:1"]),
    "polls.withdraw": Case(values("poll")),
    "vocab.adopt": Case(values("proposal", "adopted")),
    "vocab.discuss": Case(values("proposal", "adopted")),
    "vocab.endorse": Case(values("proposal", "adopted")),
    "vocab.new": Case(lambda i: [f"mot{SECRET}"], refused=False),
    "vocab.object": Case(values("proposal", "adopted")),
    "vocab.page": Case(lambda i: ["1", "2|x"], refused=False),
    "partners.page": Case(lambda i: ["1", "2|x"], refused=False),
    "vocab.retire": Case(values("proposal", "adopted")),
    "vocab.show": Case(values("proposal", "adopted")),
    "vocab.withdraw": Case(values("proposal", "adopted")),
}

# Every form id → (field values, form state) aimed at A's objects.
FORM_CASES: dict[str, Case] = {
    "charter.object": Case(
        lambda i: [({"raison": "Non"}, str(i[k])) for k in ("charter_draft", "charter_adopted")]
    ),
    "followup.action": Case(
        lambda i: [({"responsable": "CLD", "action": "Agir", "echeance": ""}, str(i["item"]))],
        refused=False,
    ),
    "followup.decision": Case(lambda i: [({"decision": "Oui"}, str(i["item"]))], refused=False),
    "followup.postpone": Case(lambda i: [({"echeance": "vendredi 9 h"}, str(i["item"]))]),
    "followup.report": Case(lambda i: [({"decisions": "D"}, str(i["item"]))]),
    "highlights.edit": Case(lambda i: [({"texte": "Réécrit #emploi"}, str(i["highlight"]))]),
    "highlights.new": Case(
        lambda i: [({"texte": "Nouvelle de B"}, str(i["highlight"]))], refused=False
    ),
    "meetings.delegate": Case(lambda i: [({"delegue": "Marie Roy"}, str(i["meeting"]))]),
    "meetings.edit": Case(lambda i: [({"lieu": "Salle de B", "titre": ""}, str(i["meeting"]))]),
    "meetings.plan": Case(
        lambda i: [({"quand": "jeudi 13 h 30"}, str(i["meeting"]))], refused=False
    ),
    "polls.create": Case(
        lambda i: [({"question": "Q ?", "choices": "A\nB"}, str(i["poll"]))], refused=False
    ),
    "polls.evaluation": Case(lambda i: [({"c0": "5", "comment": "Bien"}, str(i["evaluation"]))]),
    "vocab.object": Case(
        lambda i: [({"raison": "Non"}, str(i[kind])) for kind in ("proposal", "adopted")]
    ),
    "vocab.propose": Case(
        lambda i: [({"terme": "mot", "definition": "sens"}, str(i["proposal"]))], refused=False
    ),
}

# Commands naming A's objects by number, name or person.
COMMAND_CASES: list[tuple[str, bool]] = [
    ("/charte appuyer {charter_draft}", True),
    ("/charte appuyer #{charter_draft}", True),
    ("/charte appuyer", True),  # B has no proposal: A's is not endorsed
    ("/charte objecter {charter_draft} Non", True),
    ("/charte objecter {charter_adopted}", True),
    ("/charte adopter {charter_draft}", True),
    ("/charte adopter", True),
    ("/charte retirer", True),
    ("/charte amender Une charte de B, qui n'a rien à amender.", True),
    ("/charte historique", False),
    ("/charte", False),
    ("/sondage fermer {poll}", True),
    ("/sondage fermer n° {evaluation}", True),
    ("/sondage exporter {poll}", True),
    ("/sondage exporter {anonymous}", True),
    ("/sondage exporter {evaluation}", True),
    ("/vocab adopter {proposal}", True),
    ("/vocab adopter #{proposal}", True),
    ("/vocab adopter mot" + SECRET, True),
    ("/vocab retirer {adopted}", True),
    ("/vocab retirer adopte" + SECRET, True),
    ("/vocab historique mot" + SECRET, True),
    ("/rencontre odj #{meeting}", True),
    ("/rencontre odj ajouter #{meeting} Point de B", True),
    ("/rencontre odj retirer #{meeting} 1", True),
    ("/rencontre odj monter #{meeting} 2", True),
    ("/rencontre odj descendre #{meeting} 1", True),
    ("/rencontre ics {meeting}", True),
    ("/rencontre ics {draft}", True),
    ("/rencontre annuler {meeting}", True),
    ("/rencontre annuler #{meeting}", True),
    ("/rencontre reporter #{meeting} vendredi 9 h", True),
    ("/rencontre trio #{meeting}", True),
    ("/rencontre trio #{meeting} " + " ".join(map(mention, ("alice", "bruno", "chloe"))), True),
    ("/suivi fait {item}", True),
    ("/suivi fait #{item}", True),
    ("/suivi historique {item}", True),
    ("/suivi compte-rendu #{item}", True),
    ("/suivi compte-rendu approuver #{item}", True),
    ("/suivi compte-rendu exporter #{item}", True),
    ("/suivi compte-rendu corriger #{item}", True),
    ("/suivi liste", False),
    ("/suivi liste toutes", False),
    ("/suivi liste #{meeting}", False),
    ("/suivi exporter", False),
    # recorded in B, A untouched
    ("/suivi action " + mention("alice") + " Agir canal " + refs.channel("general"), False),
    ("/partenaire retirer Maison " + SECRET, True),
    (f"/partenaire mandat {mention('bruno')} oui", True),
    ("/faitsaillant recolte auto arret", True),
    ("/vocab mot" + SECRET, False),
    ("/vocab liste", False),
    ("/vocab exporter", False),
    ("/vocab discuter", False),
    ("/sondage liste", False),
    ("/sondage tendances", False),
    ("/rencontre liste", False),
    ("/rencontre ics", True),  # B has no meeting: refused, A's are not offered
    ("/rencontre odj", True),
    ("/partenaire liste", False),
    ("/faitsaillant liste #emploi", False),
    ("/faitsaillant liste " + mention("chloe"), False),
    ("/faitsaillant recolte", False),
    ("/faitsaillant recolte auto", False),
    ("/outarde config", False),
    ("/outarde config coordo retirer " + mention("alice"), False),
    # A is a regional hub and C asked to join it; B is the hub of another region
    ("/outarde region accepter {region_member}", True),
    ("/outarde region retirer {region_member}", True),
    ("/outarde region accepter n° {region_member}", True),
    ("/outarde region importer mot" + SECRET, True),
    ("/outarde region", False),
    ("/outarde region faits", False),
    ("/outarde region vocabulaire", False),
    ("/outarde region calendrier", False),
    ("/outarde region tendances", False),
]

# People of B: its coordinator, and A's coordinator (the same user id) seen as a member of B.
B_PEOPLE = [("zoe", "Zoé"), ("alice", "Alice")]


class Translations:
    """Records which catalog key the core used for each refusal, and in which language."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.used: list[tuple[str, str, dict]] = []
        original = bot.app.t

        def recording(language, key, /, **params):  # type: ignore[no-untyped-def]
            self.used.append((language, key, params))
            return original(language, key, **params)

        monkeypatch.setattr(bot.app, "t", recording)


@pytest.fixture
async def world(app, monkeypatch):  # type: ignore[no-untyped-def]
    """A seeded; B exists, speaks English, and knows Zoé (coordinator) and Alice."""
    notifier = app.notifier
    ids = await seed(app, A, SECRET)
    ids["region_member"] = await region_request(app)
    await say(app, invocation(B, "zoe", "Zoé"), "/outarde config langue en")
    await say(app, invocation(B, "zoe", "Zoé"), "/outarde region creer Other region")
    await say(app, invocation(B, "alice", "Alice"), "/vocab liste")
    return app, ids, notifier, Translations(monkeypatch)


async def region_request(app) -> int:  # type: ignore[no-untyped-def]
    """A declares itself a regional hub; a third table, C, asks to join: its request's number."""
    from sqlmodel import select as sql_select

    from storage.models.region import Region, RegionMember

    await say(app, invocation(A, "alice", "Alice"), "/outarde region creer Region " + SECRET)
    async with app.db.session() as session:
        code = (await session.exec(sql_select(Region.code))).one()
    await say(app, invocation("C", "yan", "Yan"), f"/outarde region rejoindre {code} Table C")
    async with app.db.session() as session:
        member = (await session.exec(sql_select(RegionMember))).one()
    assert member.id is not None
    return member.id


async def attempt(world, kind: str, args: tuple, refused: bool) -> list[str]:  # type: ignore[no-untyped-def]
    """Replay ``args`` from B as each person of B; the problems found, if any."""
    app, _, notifier, translations = world
    problems = []
    for user, name in B_PEOPLE:
        label = f"{kind} {args!r} by {user}"
        before = await workspace_rows(app.db, f"console:{A}")
        posts, updates, told = len(notifier.posts), len(notifier.updates), len(notifier.told)
        translations.used.clear()
        call: Call = await run(app, kind, invocation(B, user, name), *args)
        typed = [w for w in repr(args).split() if SECRET.lower() in w.lower()]
        problems += check(call, label, refused, translations, typed)
        if await workspace_rows(app.db, f"console:{A}") != before:
            problems.append(f"{label}: changed workspace A's rows")
        touched = [
            place
            for place, *_ in notifier.posts[posts:]
            + notifier.updates[updates:]
            + notifier.told[told:]
            if place.workspace == A
        ]
        if touched:
            problems.append(f"{label}: posted or updated a message of A")
    return problems


def check(
    call: Call, label: str, refused: bool, translations: Translations, typed: list[str]
) -> list[str]:
    """What is wrong with B's answer; ``typed`` are B's own words (echoing them is no leak)."""
    crash = call.crashed()
    if crash:
        return [f"{label}: crashed: {crash.splitlines()[0]}"]
    problems = []
    everything = call.text + "".join(str(f) for f in call.surface.forms)
    everything += "".join(str(p) for p in call.posts) + str(call.field_errors or "")
    shown = everything
    for word in typed:
        shown = shown.replace(word.strip("'\",()"), "")
    if SECRET.lower() in shown.lower():
        problems.append(f"{label}: shows A's data: {everything[:160]!r}")
    if not call.replied:
        problems.append(f"{label}: no reply")
    if not refused:
        return problems
    if call.outcome != "refused":
        return [*problems, f"{label}: not refused ({call.outcome}): {everything[:160]!r}"]
    language, key, params = next(
        (used for used in translations.used if used[1] not in {"core.page"}),
        ("", "", {}),
    )
    if key in GENERIC:
        problems.append(f"{label}: refused with the generic {key}")
    elif language != "en" or catalog("en")[key] == catalog("fr")[key]:
        problems.append(f"{label}: refusal {key} not in B's language (en)")
    elif call.text != "⚠️ " + t("en", key, **params):
        problems.append(f"{label}: unexpected refusal text: {call.text[:80]!r}")
    return problems


def test_every_action_and_form_has_an_isolation_case() -> None:
    """A new button or form must say here how to aim it at another workspace's object."""
    assert sorted(ACTION_CASES) == sorted(ROUTER.actions)
    assert sorted(FORM_CASES) == sorted(ROUTER.forms)


async def test_actions_refuse_objects_of_another_workspace(world) -> None:  # type: ignore[no-untyped-def]
    _, ids, _, _ = world
    problems = []
    for action_id, case in ACTION_CASES.items():
        for value in case.build(ids):
            problems += await attempt(world, "action", (action_id, value), case.refused)
    assert not problems, "\n".join(problems)


async def test_forms_refuse_objects_of_another_workspace(world) -> None:  # type: ignore[no-untyped-def]
    _, ids, _, _ = world
    problems = []
    for form_id, case in FORM_CASES.items():
        for fields, state in case.build(ids):
            problems += await attempt(world, "submit", (form_id, fields, state), case.refused)
    assert not problems, "\n".join(problems)


async def test_commands_refuse_objects_of_another_workspace(world) -> None:  # type: ignore[no-untyped-def]
    _, ids, _, _ = world
    problems = []
    for line, refused in COMMAND_CASES:
        name, _, text = line.format(**ids).lstrip("/").partition(" ")
        problems += await attempt(world, "command", (name, text), refused)
    assert not problems, "\n".join(problems)


async def test_a_still_works_after_the_attempts(world) -> None:  # type: ignore[no-untyped-def]
    """The ids were real: the same actions from A succeed (the cases aim at live objects)."""
    app, ids, _, _ = world
    bruno = invocation(A, "bruno", "Bruno")
    for action_id, value in (
        ("polls.vote", f"{ids['poll']}:0"),
        ("vocab.discuss", str(ids["proposal"])),
        ("charter.endorse", str(ids["charter_draft"])),
        ("highlights.useful", str(ids["highlight"])),
        ("meetings.rsvp", f"{ids['meeting']}:p"),
    ):
        call = await run(app, "action", bruno, action_id, value)
        assert call.outcome == "ok", (action_id, call.text)


async def test_autocomplete_offers_nothing_of_another_workspace(world) -> None:  # type: ignore[no-untyped-def]
    """Every ``suggest.*`` family, asked from B, lists none of A's objects."""
    app, ids, _, _ = world
    families = [name.removeprefix("suggest.") for name in ROUTER.hooks if name[:8] == "suggest."]
    assert families
    for family in families:
        for prefix in ("", "#", SECRET, "mot", "Question", *map(str, ids.values())):
            for user, name in B_PEOPLE:
                found = await app.suggest(invocation(B, user, name), family, prefix)
                assert not found, (family, prefix, found)
        found_in_a = await app.suggest(invocation(A, "alice", "Alice"), family, "")
        assert found_in_a, f"suggest.{family} offers nothing even in A: the case proves nothing"
