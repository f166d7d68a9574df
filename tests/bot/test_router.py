"""The router: commands, subcommands, aliases, and helpful replies to bad input."""

from __future__ import annotations

from bot.compose import build_core
from bot.context import Actor, Invocation, Place
from bot.ctx import Ctx
from bot.messages import Message, text_message
from bot.router import Router
from testkit.doubles import Answers, RecordingNotifier


def test_subcommand_matching_ignores_accents_and_case() -> None:
    router = Router()

    @router.command("faitsaillant", "récolte", aliases=("harvest",), help="x")
    async def harvest(ctx: Ctx, text: str) -> None: ...

    @router.command("faitsaillant", "", help="x")
    async def post(ctx: Ctx, text: str) -> None: ...

    command = router.find_command("/FaitSaillant")
    assert command is not None
    assert router.resolve(command, "RECOLTE depuis lundi")[0].handler is harvest
    assert router.resolve(command, "harvest")[1] == ""
    sub, rest = router.resolve(command, "Nouveau service #emploi")
    assert sub.handler is post and rest == "Nouveau service #emploi"


def test_declaring_twice_is_refused() -> None:
    router = Router()
    router.action("a")(lambda: None)  # type: ignore[arg-type,return-value]
    try:
        router.action("a")(lambda: None)  # type: ignore[arg-type,return-value]
    except ValueError as error:
        assert "twice" in str(error)
    else:
        raise AssertionError("a second declaration must fail")


PLACE = Place("console", "t1", "general")
ALICE = Actor("alice", "Alice")


async def test_unknown_command_gets_french_help(app) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    await app.command(Invocation(PLACE, ALICE), "bidule", "", answers)
    assert "Je ne connais pas la commande « /bidule »" in answers.text
    assert "/outarde aide" in answers.text
    assert answers.sent[0].ephemeral


async def test_unknown_subcommand_lists_the_choices(app) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    await app.command(Invocation(PLACE, ALICE), "outarde", "n'importe quoi", answers)
    assert "n'importe" in answers.text and "/outarde aide" in answers.text


async def test_malformed_argument_shows_an_example(app) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    await app.command(Invocation(PLACE, ALICE), "partenaire", "mandat peut-être", answers)
    assert "« peut-être » n'est pas une réponse oui/non" in answers.text
    answers = Answers()
    await app.command(Invocation(PLACE, ALICE), "partenaire", "mandat", answers)
    assert "Exemple : `/partenaire mandat oui`" in answers.text


async def test_english_workspace_answers_in_english(app) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    await app.command(Invocation(PLACE, ALICE), "outarde", "config langue en", answers)
    await app.command(Invocation(PLACE, ALICE), "bidule", "", answers)
    assert "I don't know the command “/bidule”" in answers.text


async def test_a_crash_in_a_handler_becomes_a_message(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    async def broken(ctx: Ctx, text: str) -> None:
        raise RuntimeError("boom")

    sub = app.router.commands["outarde"].subcommands["aide"]
    monkeypatch.setattr(sub, "handler", broken)
    answers = Answers()
    await app.command(Invocation(PLACE, ALICE), "outarde", "aide", answers)
    assert "quelque chose s'est mal passé" in answers.text
    assert "boom" not in answers.text


async def test_channel_posts_with_a_key_can_be_updated(app) -> None:  # type: ignore[no-untyped-def]
    notifier = app.notifier
    answers = Answers()
    message = Message(blocks=text_message("v1").blocks, key="demo:1")
    await app.courier.deliver(PLACE, [message], answers)
    updated = await app.courier.update_posted(PLACE, "demo:1", text_message("v2", ephemeral=False))
    assert updated
    assert notifier.updates[0][1] == "ref1"
    other = Place("console", "t2", "general")
    assert not await app.courier.update_posted(other, "demo:1", text_message("v3"))


async def test_ctx_parses_dates_in_the_workspace_zone_and_language(app) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from bot.errors import UserError
    from bot.i18n import t

    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, PLACE, ALICE)
        meeting = ctx.parse_when("jeudi 13 h 30")
        assert ctx.when(meeting) == "jeudi 8 octobre 2026 à 13 h 30"
        assert ctx.parse_since("lundi") < ctx.now
        with pytest.raises(UserError) as refused:
            ctx.parse_when("hier")
        assert "hier" in t("fr", refused.value.key, **refused.value.params)


async def test_a_time_zone_folder_or_a_very_long_name_is_refused_clearly(app) -> None:  # type: ignore[no-untyped-def]
    """« America » is a folder of zones and 300 letters a file name too long: both are typos."""
    for value in ("America", "a" * 300):
        answers = Answers()
        await app.command(Invocation(PLACE, ALICE), "outarde", f"config fuseau {value}", answers)
        assert "Fuseau horaire inconnu" in answers.text, answers.text
        assert "indisponible" not in answers.text


async def test_long_words_and_values_are_quoted_back_cut_short(app) -> None:  # type: ignore[no-untyped-def]
    long = "x" * 20_000
    for text in (long, f"config {long}", f"config langue {long}", f"config quorum {long}"):
        answers = Answers()
        await app.command(Invocation(PLACE, ALICE), "outarde", text, answers)
        assert answers.text.startswith("⚠️") and len(answers.text) < 1500, len(answers.text)
    answers = Answers()
    await app.command(Invocation(PLACE, ALICE), "partenaire", f"mandat {long}", answers)
    assert answers.text.startswith("⚠️") and len(answers.text) < 1500, len(answers.text)


async def test_display_names_never_ping(app) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    sneaky = Actor("sneaky", "Bob @everyone @here\x00")
    await app.command(Invocation(PLACE, sneaky), "partenaire", "moi CDC / communautaire", answers)
    await app.command(Invocation(PLACE, sneaky), "partenaire", "liste", answers)
    text = answers.text
    assert "Bob" in text and "@everyone" not in text and "@here" not in text
    assert "\x00" not in text


async def test_help_shows_a_command_declared_after_it_was_first_shown(db, clock) -> None:  # type: ignore[no-untyped-def]
    from bot.features.outarde.commands import show_help

    router = Router()
    router.command("outarde", "aide", help="outarde.help.aide")(show_help)
    app = build_core(db, RecordingNotifier(), clock=clock, router=router)
    before, after = Answers(), Answers()
    await app.command(Invocation(PLACE, ALICE), "outarde", "aide", before)

    @router.command("vocab", "liste", help="vocab.help.liste")
    async def glossary(ctx: Ctx, text: str) -> None: ...

    await app.command(Invocation(PLACE, ALICE), "outarde", "aide", after)
    assert "/vocab" not in before.text and "/vocab" in after.text
    assert "/outarde" in after.text


async def test_aide_after_a_family_shows_that_family(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type("/sondage aide")
    assert "Outarde : les commandes /sondage" in out and "`/sondage fermer 12`" in out
    assert "/rencontre" not in out and "la question" not in out  # not read as a poll
    out = await chat.type("/outarde config langue en", "/vocab help")
    assert "Outarde: the /vocab commands" in out and "/vocab propose" in out


async def test_an_unknown_subcommand_lists_the_choices_in_english(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type("/outarde config langue en", "/rencontre bidule")
    assert "/rencontre plan" in out and "/rencontre list" in out
    assert "/rencontre planifier" not in out


async def test_adapters_speak_the_language_commands_use(app, chat) -> None:  # type: ignore[no-untyped-def]
    from bot.context import Place

    await chat.type("/outarde config langue en")
    assert await app.language_of(chat.place, "fr-CA") == "fr"  # the person's own language
    assert await app.language_of(chat.place) == "en"
    await chat.type("/outarde config langue_personnelle non")
    assert await app.language_of(chat.place, "fr-CA") == "en"  # the workspace's, for everyone
    app.workspaces.forget(chat.place.workspace_id)  # read from the database, not the cache
    assert await app.language_of(chat.place, "fr-CA") == "en"
    assert await app.language_of(Place("console", "ailleurs", "general"), "en-US") == "en"
