"""Test helpers for hostile input: a recording surface, the core's verdicts, table snapshots."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import func, select

from bot.context import Actor, Invocation, Place
from bot.i18n import catalog
from bot.messages import plain_text
from bot.text import has_mass_mention
from storage.models import metadata
from testkit.doubles import Answers as Surface

INTERNAL_ERRORS = tuple(catalog(lang)["core.internal_error"] for lang in ("fr", "en"))
UNAVAILABLE = tuple(catalog(lang)["core.unavailable"] for lang in ("fr", "en"))


class Verdicts(logging.Handler):
    """Collects the core's per-command outcome and every ERROR it logs."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.outcomes: list[str] = []
        self.errors: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors.append(record)
        outcome = getattr(record, "outcome", None)
        if outcome is not None:
            self.outcomes.append(str(outcome))

    def __enter__(self) -> Verdicts:
        core = logging.getLogger("outarde.core")
        self._level = core.level
        core.setLevel(logging.DEBUG)
        logging.getLogger("outarde").addHandler(self)  # also errors swallowed by features
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("outarde").removeHandler(self)
        logging.getLogger("outarde.core").setLevel(self._level)

    def reset(self) -> None:
        self.outcomes.clear()
        self.errors.clear()


@dataclass
class Call:
    """What one interaction produced."""

    surface: Surface
    outcome: str
    errors: list[logging.LogRecord]
    field_errors: dict[str, str] | None = None
    posts: list = field(default_factory=list)  # (place, message) posted through the notifier
    updates: list = field(default_factory=list)  # (place, ref, message) edited in place

    @property
    def replied(self) -> bool:
        return bool(self.surface.sent or self.surface.forms or self.field_errors or self.posts)

    @property
    def text(self) -> str:
        return self.surface.text

    def crashed(self) -> str | None:
        """Why this call counts as a crash, else None."""
        if self.errors:
            record = self.errors[0]
            return f"{record.getMessage()}\n{logging.Formatter().formatException(record.exc_info)}"
        if self.outcome in {"error", "unavailable"}:
            return f"outcome {self.outcome}"
        if any(text in self.text for text in (*INTERNAL_ERRORS, *UNAVAILABLE)):
            return "the generic apology was shown"
        return None

    def channel_texts(self) -> list[str]:
        """Everything this call showed to the whole channel (posts and edits in place)."""
        messages = [m for m in self.surface.sent if not m.ephemeral]
        messages += [m for _, m in self.posts] + [m for *_, m in self.updates]
        return [plain_text(m) + "\n" + (m.text or "") for m in messages]

    def files(self) -> list:
        """The files of every message this call showed or posted."""
        messages = [*self.surface.sent, *(m for _, m in self.posts), *(m for *_, m in self.updates)]
        return [attachment for message in messages for attachment in message.files]

    def pings_everyone(self) -> str | None:
        """A channel message that would notify everyone, if any."""
        for text in self.channel_texts():
            # « <!channel> » reaches the core only as text: each adapter turns its platform's
            # broadcasts into these words first (tests/adapters/*/test_*_mentions.py)
            if has_mass_mention(text):
                return text[:300]
        return None


async def run(app, kind: str, inv: Invocation, *args) -> Call:  # type: ignore[no-untyped-def]
    """``app.command`` / ``app.action`` / ``app.submit`` with a fresh surface, judged."""
    surface = Surface()
    posts_before = len(getattr(app.notifier, "posts", []))
    updates_before = len(getattr(app.notifier, "updates", []))
    with Verdicts() as verdicts:
        entry = {"command": app.command, "action": app.action, "submit": app.submit}[kind]
        field_errors = await entry(inv, *args, surface)
    posts = list(getattr(app.notifier, "posts", [])[posts_before:])
    updates = list(getattr(app.notifier, "updates", [])[updates_before:])
    outcome = verdicts.outcomes[-1] if verdicts.outcomes else "?"
    return Call(surface, outcome, list(verdicts.errors), field_errors, posts, updates)


def invocation(workspace: str, user: str, name: str = "", channel: str = "general") -> Invocation:
    return Invocation(Place("console", workspace, channel), Actor(user, name or user.title()))


async def row_counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Rows of every table of the schema."""
    counts = {}
    async with db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            result = await connection.execute(select(func.count()).select_from(table))
            counts[table.name] = int(result.scalar_one())
    return counts


async def workspace_rows(db, workspace_id: str) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    """Every row belonging to one workspace, table by table, in a stable order."""
    rows: dict[str, list[tuple]] = {}
    async with db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            column = table.c.get("workspace")
            if column is None:
                column = table.c.id  # the workspace table itself
            result = await connection.execute(select(table).where(column == workspace_id))
            rows[table.name] = sorted((tuple(row) for row in result.all()), key=repr)
    return rows


# -- a workspace with one object of every kind ------------------------------------------------
PEOPLE = {
    "alice": ("Alice", "CDC des Collines / communautaire"),
    "bruno": ("Bruno", "CISSS de l'Outaouais / santé"),
    "chloe": ("Chloé", "Ville de Gatineau / municipal"),
}


async def say(app, inv: Invocation, line: str) -> Call:  # type: ignore[no-untyped-def]
    """Type ``/command text`` as ``inv``; the call must not crash."""
    name, _, text = line.lstrip("/").partition(" ")
    call = await run(app, "command", inv, name, text)
    assert call.crashed() is None, (line, call.crashed())
    return call


async def seed(app, workspace: str, secret: str = "") -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Alice (coordinator), Bruno and Chloé create one object of every kind in ``workspace``.

    Returns the ids, by kind. ``secret`` is written into every text, to spot leaks.
    """
    from sqlmodel import col
    from sqlmodel import select as sql_select

    from storage.models.charter import CharterVersion
    from storage.models.followup import FollowupItem
    from storage.models.highlights import Highlight
    from storage.models.meetings import AgendaItem, Meeting
    from storage.models.partners import Organisation
    from storage.models.polls import Poll
    from storage.models.vocab import VocabProposal

    people = {user: invocation(workspace, user, name) for user, (name, _) in PEOPLE.items()}
    alice = people["alice"]
    for user, (_, organisation) in PEOPLE.items():
        await say(app, people[user], f"/partenaire moi {organisation}")
    await say(app, alice, f"/partenaire ajouter Maison {secret} / famille")
    await say(app, alice, f'/sondage "Question {secret} ?" "Oui" "Non" jusqu\'à vendredi 17 h')
    await say(app, alice, f'/sondage "Anonyme {secret} ?" "A" "B" "C" anonyme multiple=2')
    await say(app, alice, f"/sondage evaluation Bilan {secret}")
    bruno = people["bruno"]
    await say(app, bruno, f"/vocab proposer mot{secret} : sens {secret}")
    await say(app, bruno, f"/vocab proposer adopte{secret} : sens adopté {secret}")
    await say(app, alice, f"/vocab adopter adopte{secret}")
    await say(app, bruno, f"/charte proposer Charte {secret} : nous agissons ensemble.")
    await say(app, alice, "/charte adopter")
    await say(app, bruno, f"/charte amender Charte {secret} : nous agissons ensemble, ouvertement.")
    await say(app, people["chloe"], f"/faitsaillant Nouvelle {secret} #emploi https://exemple.ca")
    await say(app, alice, f"/rencontre planifier jeudi 13 h 30 | Salle {secret} | Réunion {secret}")
    await say(app, alice, "/faitsaillant recolte auto hebdo lundi 9h")
    async with app.db.session() as session:

        async def first(statement):  # type: ignore[no-untyped-def]
            return (await session.exec(statement)).first()

        mine = Meeting.workspace == alice.place.workspace_id
        ids = {"draft": (await first(sql_select(Meeting).where(mine))).id}
    confirm = await run(app, "action", alice, "meetings.confirm", f"d{-ids['draft']}")
    assert confirm.crashed() is None
    await say(app, alice, f"/rencontre planifier vendredi 10 h | Zoom | Brouillon {secret}")
    await say(app, bruno, f"/rencontre odj ajouter Point {secret}")
    await say(app, alice, f"/rencontre odj ajouter Point deux {secret}")
    await say(app, alice, "/rencontre trio")
    await say(app, alice, f"/suivi action {PEOPLE['bruno'][1].split(' /')[0]} Bilan {secret}")
    key = alice.place.workspace_id
    async with app.db.session() as session:

        async def one(model, *where):  # type: ignore[no-untyped-def]
            statement = sql_select(model).where(model.workspace == key, *where)
            return (await session.exec(statement.order_by(col(model.id)))).all()

        meetings = await one(Meeting, col(Meeting.status).in_(("planned", "draft")))
        meetings = sorted(meetings, key=lambda m: m.status != "planned")
        polls = await one(Poll)
        proposals = await one(VocabProposal)
        ids.update(
            meeting=meetings[0].id,
            draft=meetings[1].id,
            poll=polls[0].id,
            anonymous=polls[1].id,
            evaluation=polls[2].id,
            proposal=proposals[0].id,
            adopted=proposals[1].id,
            highlight=(await one(Highlight))[0].id,
            agenda_item=(await one(AgendaItem))[0].id,
            organisation=(await one(Organisation))[-1].id,
            item=(await one(FollowupItem))[0].id,
            charter_adopted=(await one(CharterVersion))[0].number,
            charter_draft=(await one(CharterVersion))[1].number,
        )
    assert meetings[0].status == "planned" and meetings[1].status == "draft"
    assert proposals[1].status == "adoptee"
    return ids
