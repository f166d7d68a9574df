"""Hostile input to every command, subcommand, button and form: answered, never a crash.

For each call: no unhandled exception (nothing logged at ERROR by the core, never the generic
apology), a reply every time, and a refusal leaves every table exactly as it was. The
ROUTER is iterated, so a new command, action or form is fuzzed without touching this file.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import refs
from bot.compose import build_router
from testkit.doubles import mention
from tests.probes import INTERNAL_ERRORS, Call, invocation, row_counts, run, seed

ROUTER = build_router()  # what every core of these tests knows


WORKSPACE = "fuzz"
MAX_REFUSAL = 1500  # a refusal quotes a little of what was typed, never all of it
EXAMPLES = int(os.environ.get("OUTARDE_FUZZ_EXAMPLES", "12"))  # per entry point (CI budget)
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "'; DROP TABLE job; --",
    "' OR 1=1 --",
    '"; DELETE FROM poll; --',
    "%s %d %(x)s",
    "{0} {1} {}",
    "{key} {__class__} {0.__class__}",
    "{id} {term} {question}",
    "<!channel>",  # platform syntax reaches the core only as text (see test_architecture)
    "@channel",
    "@everyone",
    "@here",
    "@tout le monde",
    "<@U123>",
    mention("U123"),
    mention("U123", "alice"),
    mention("123456"),
    refs.channel("C123", "general"),
    "\ue000@U123\ue002",  # markers no adapter lets through
    "<@U123|alice>",
    "<@!123456>",
    "<#C123|general>",
    "canal <#C123|general> <#C456>",
    "dans <#../../x>",
    "\ue000#C1\ue001budget\ue002",
    "\ue000#\ue002",
    "<@&987>",
    "*gras* _ital_ ~barré~ `code` ```bloc```",
    "*_~",
    "> citation",
    "[lien](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<b>html</b> &amp; &lt;",
    "\x00",
    "\u202e",
    "\u202egnp.exe",
    "\r",
    "\r\n",
    "\t",
    "\x1b[31m",
    "\u200b",
    "\ufeff",
    "   ",
    "\n\n\n",
    "🎉🔥👩‍👩‍👧‍👦🇨🇦",
    "שלום עולם",
    "مرحبا بالعالم",
    "ᐊᐃᔭᐅᓯᖅ",
    "Ǆ ß ﬁ Å",
    "#",
    "#1",
    "#999999999",
    "#0",
    "#-1",
    "1",
    "2",
    "3",
    "0",
    "-1",
    "999999999999999999999",
    "1e9",
    "n° 1",
    "|",
    "||",
    ":",
    ";",
    '"',
    "«",
    "« »",
    '"A" "B"',
    '"Q ?" "A" "A"',
    "--",
    "anonyme",
    "multiple=0",
    "multiple=99",
    "jusqu'à",
    "fin:",
    "depuis",
    "depuis hier",
    "depuis 1900",
    "jeudi 13 h 30",
    "hier",
    "31 février",
    "dans 10000 ans",
    "ajouter",
    "retirer",
    "monter",
    "descendre",
    "auto",
    "auto hebdo lundi 99h",
    "auto mensuel 0",
    "arret",
    "oui",
    "non",
    "langue",
    "fuseau Mars/Olympus",
    "coordo ajouter",
    "tri utile",
    "@alice",
    "(en: )",
    "(en: x) :",
    "terme : définition",
]
WORDS = st.sampled_from(HOSTILE)
TYPED_PEOPLE = {"U123", "123456"}  # mentioned in HOSTILE: never mentioned back
SHORT_TEXT = st.text(max_size=40)


def repeated(piece: str, length: int) -> str:
    return (piece * (length // max(1, len(piece)) + 1))[:length]


LONG_TEXT = st.builds(
    repeated,
    st.sampled_from(
        ["a", "é", "mot ", "🎉", "x" * 50 + " ", mention("U1"), "#t ", "'; --", "\u202e"]
    ),
    st.integers(min_value=300, max_value=20_000),
)
HOSTILE_TEXT = st.one_of(
    WORDS,
    SHORT_TEXT,
    st.lists(st.one_of(WORDS, SHORT_TEXT), min_size=1, max_size=6).map(" ".join),
    st.lists(st.one_of(WORDS, SHORT_TEXT), min_size=1, max_size=4).map("".join),
    LONG_TEXT,
)
VALUE = st.one_of(
    st.sampled_from(
        ["", "1", "2", "3", "4", "1:0", "1:1", "2:3", "2:7", "1:p", "1:a", "1:d", "2|", "1|x|y"]
    ),
    st.builds(lambda a, b: f"{a}:{b}", st.integers(-5, 10**12), st.integers(-5, 10**6)),
    st.builds(lambda page, state: f"{page}|{state}", st.integers(-5, 10**7), HOSTILE_TEXT),
    HOSTILE_TEXT,
)

# Field ids of every form a feature opens; forms found while seeding are added to these.
KNOWN_FIELDS = {
    "terme", "definition", "exemple", "source", "anglais", "raison", "texte", "themes",
    "lien", "territoire", "quand", "lieu", "titre", "delegue", "question", "choices",
    "options", "deadline", "comment", "c0", "c1", "c2", "c3", "c4",
}  # fmt: skip
FORM_VALUES = st.dictionaries(
    st.one_of(st.sampled_from(sorted(KNOWN_FIELDS)), SHORT_TEXT), HOSTILE_TEXT, max_size=8
)
ACTORS = {
    "coordinator": ("alice", "Alice"),
    "partner": ("bruno", "Bruno"),
    "newcomer": ("zoe", "Zoé <@U1> @here *gras*"),  # platform names: the adapters escape them
}


def subcommands() -> list[tuple[str, str]]:
    return [(command.name, sub) for command in ROUTER.commands.values() for sub in command.order]


async def seeded(app) -> None:  # type: ignore[no-untyped-def]
    """One object of every kind in the fuzzed workspace (once per app), so ids hit real rows."""
    if not getattr(app, "fuzz_seeded", False):
        await seed(app, WORKSPACE)
        app.fuzz_seeded = True


async def judged(app, db, call_of) -> Call:  # type: ignore[no-untyped-def]
    """Run one call and check it: no crash, a reply, nothing stored half-way."""
    before = await row_counts(db)
    call: Call = await call_of()
    crash = call.crashed()
    assert crash is None, crash
    assert call.replied, f"no reply (outcome {call.outcome})"
    ping = call.pings_everyone()
    assert ping is None, f"a channel message pings everyone: {ping!r}"
    for text in call.channel_texts():  # mentions typed by the person stay inert
        mentioned = TYPED_PEOPLE & set(refs.person_ids(text))
        assert not mentioned, f"a typed mention reached the channel: {text!r}"
    for attachment in call.files():  # exports show names: never a reference's markers
        assert refs.OPEN.encode() not in attachment.data, attachment.name
    if call.outcome in {"refused", "invalid"}:
        assert await row_counts(db) == before, f"a refusal changed the tables: {call.text[:200]}"
        if call.outcome == "refused":
            assert call.text.startswith("⚠️"), call.text[:200]
            assert len(call.text) <= MAX_REFUSAL, f"a refusal of {len(call.text)} characters"
    return call


@pytest.mark.parametrize(("command", "sub"), subcommands())
@SETTINGS
@given(text=HOSTILE_TEXT, actor=st.sampled_from(sorted(ACTORS)))
async def test_every_subcommand_answers_hostile_text(  # type: ignore[no-untyped-def]
    app, db, command: str, sub: str, text: str, actor: str
) -> None:
    """``/command sub <hostile text>`` for every subcommand, by coordinators and others."""
    await seeded(app)
    inv = invocation(WORKSPACE, *ACTORS[actor])
    line = f"{sub} {text}" if sub else text
    await judged(app, db, lambda: run(app, "command", inv, command, line))


@pytest.mark.parametrize("action_id", sorted(ROUTER.actions))
@SETTINGS
@given(value=VALUE, actor=st.sampled_from(sorted(ACTORS)))
async def test_every_action_answers_crafted_values(  # type: ignore[no-untyped-def]
    app, db, action_id: str, value: str, actor: str
) -> None:
    """Every button and select with malformed, out-of-range and hostile values."""
    await seeded(app)
    inv = invocation(WORKSPACE, *ACTORS[actor])
    await judged(app, db, lambda: run(app, "action", inv, action_id, value))


@pytest.mark.parametrize("form_id", sorted(ROUTER.forms))
@SETTINGS
@given(values=FORM_VALUES, state=VALUE, actor=st.sampled_from(sorted(ACTORS)))
async def test_every_form_answers_crafted_submissions(  # type: ignore[no-untyped-def]
    app, db, form_id: str, values: dict[str, str], state: str, actor: str
) -> None:
    """Every form with random field dicts (known and unknown fields) and crafted states."""
    await seeded(app)
    inv = invocation(WORKSPACE, *ACTORS[actor])
    await judged(app, db, lambda: run(app, "submit", inv, form_id, values, state))


async def test_unknown_commands_actions_and_forms_are_answered(app, db) -> None:
    """Names nobody registered get a clear answer too."""
    inv = invocation(WORKSPACE, "alice", "Alice")
    for kind, args in (
        ("command", ("'; DROP TABLE job; --", "x")),
        ("command", ("\u202evocab", "")),
        ("action", ("{0}.nope", "1")),
        ("submit", ("<!channel>", {"x": "y"}, "1")),
    ):
        call = await judged(app, db, lambda kind=kind, args=args: run(app, kind, inv, *args))
        assert call.outcome == "refused"


@pytest.mark.parametrize(
    "family", sorted(name.removeprefix("suggest.") for name in ROUTER.hooks if "suggest." in name)
)
@SETTINGS
@given(prefix=HOSTILE_TEXT)
async def test_autocomplete_answers_hostile_prefixes(app, db, family: str, prefix: str) -> None:  # type: ignore[no-untyped-def]
    """Autocomplete (Discord) with any prefix: a list of short (label, value) pairs, no crash."""
    await seeded(app)
    found = await app.suggest(invocation(WORKSPACE, "bruno", "Bruno"), family, prefix)
    assert all(len(label) <= 100 and len(value) <= 100 for label, value in found)


def command_lines() -> st.SearchStrategy[str]:
    """``/command sub <hostile text>`` lines as typed in the console."""
    return st.builds(
        lambda pair, text: f"/{pair[0]} {pair[1]} {text}".replace("  ", " "),
        st.sampled_from(subcommands()),
        HOSTILE_TEXT,
    )


@SETTINGS
@given(
    lines=st.lists(
        st.one_of(
            command_lines(),
            st.integers(0, 60).map(lambda n: f":clic {n}"),
            st.sampled_from([":moi Bruno", ":moi Zoé", ":moi Alice", ":canal autre"]),
            HOSTILE_TEXT,  # answers to the forms the commands open
        ),
        min_size=1,
        max_size=8,
    )
)
async def test_console_sessions_of_hostile_lines(app, db, screen, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Through the console adapter: commands, clicks on real buttons and form answers."""

    from adapters.console import ConsoleChat
    from tests.probes import Verdicts

    await seeded(app)
    screen.transcript.clear()
    chat = ConsoleChat(app, screen)
    chat.place = invocation(WORKSPACE, "alice").place
    await chat.type(":moi Alice", "/sondage liste", "/vocab liste", "/faitsaillant liste")
    with Verdicts() as verdicts:
        out = await chat.type(*lines)
    assert not verdicts.errors, verdicts.errors[0].getMessage()
    assert not {"error", "unavailable"} & set(verdicts.outcomes)
    assert not any(text in out for text in INTERNAL_ERRORS)


@pytest.mark.parametrize("setting", sorted(ROUTER.settings))
@SETTINGS
@given(text=HOSTILE_TEXT)
async def test_every_setting_answers_hostile_values(app, db, setting: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """``/outarde config <setting> <hostile>`` by a coordinator; the workspace keeps working."""
    await seeded(app)
    alice = invocation(WORKSPACE, "alice", "Alice")
    await judged(app, db, lambda: run(app, "command", alice, "outarde", f"config {setting} {text}"))
    for line in ("config", "aide"):
        await judged(app, db, lambda line=line: run(app, "command", alice, "outarde", line))
    await judged(app, db, lambda: run(app, "command", alice, "rencontre", "liste"))
