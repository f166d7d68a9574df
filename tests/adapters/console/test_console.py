"""The console chat, driven end to end like a person would."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from adapters.console.chat import (
    console_mentions,
    field_prompt,
    field_value,
    parse_duration,
    user_id_of,
)
from bot.messages import TextInput
from testkit.doubles import mention
from testkit.fixtures import POSTGRES_URL, postgres_only
from tests.console_process import ROOT, console_env


def run_piped(text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = console_env(tmp_path / "c.db")
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli"],
        input=text,
        text=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=60,
    )


def test_piped_help_prints_the_french_help_and_exits(tmp_path: Path) -> None:
    result = run_piped("/outarde aide\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Outarde : les commandes" in result.stdout
    assert "/partenaire moi CDC des Collines / communautaire" in result.stdout
    log = (tmp_path / "c.log").read_text()
    assert '"command": "/outarde"' in log  # one structured line per command, in the log file
    assert result.stderr == ""  # the chat is not mixed with logs


def test_piped_session_keeps_state_between_runs(tmp_path: Path) -> None:
    run_piped(":moi Alice\n/partenaire moi CDC des Collines / communautaire\n", tmp_path)
    result = run_piped("/partenaire liste\n", tmp_path)
    assert "*CDC des Collines* — Alice" in result.stdout


async def test_switching_person_and_organisation(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Alice CDC des Collines / communautaire", ":moi Bruno CLD", "/partenaire liste"
    )
    assert "Vous êtes maintenant Alice." in out
    assert "C'est noté : vous représentez *CLD*" in out
    assert "*CDC des Collines* — Alice" in out and "*CLD* — Bruno" in out


async def test_buttons_are_numbered_and_clickable(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":clic 99", ":clic abc")
    assert out.count("Il n'y a pas de bouton numéro") == 2


async def test_unknown_lines_get_guidance(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type("bonjour", ":nimporte")
    assert "Les commandes commencent par « / »" in out
    assert ":clic N" in out


async def test_advance_moves_the_clock(chat, clock) -> None:  # type: ignore[no-untyped-def]
    before = clock.now()
    out = await chat.type(":avance 3j", ":avance demain")
    assert clock.now() - before == timedelta(days=3)
    assert "Horloge avancée de 3j" in out and "Tâches exécutées : 0" in out
    assert "Écrivez une durée" in out


def test_console_helpers() -> None:
    assert parse_duration("2h") == timedelta(hours=2)
    assert parse_duration("3 j") == timedelta(days=3)
    assert parse_duration("30min") == timedelta(minutes=30)
    assert parse_duration("1sem") == timedelta(weeks=1)
    assert parse_duration("bientôt") is None
    assert user_id_of("Marie-Ève Roy") == "marie-eve-roy"
    assert (
        console_mentions("merci @Alice et @everyone")
        == f"merci {mention('alice', 'Alice')} et @everyone"
    )
    forged = "\ue000@alice\ue002 <@bob>"  # markers typed by hand, another platform's syntax
    assert console_mentions(forged) == mention("alice", "alice") + " <@bob>"  # as if typed


async def test_a_form_left_unanswered_at_end_of_input_is_abandoned(chat) -> None:  # type: ignore[no-untyped-def]
    from bot.messages import Form, TextInput

    await chat.open_form(Form("nothing.here", "Essai", [TextInput("a", "Champ A")], "Envoyer"))
    out = await chat.type(":aide")
    assert "Formulaire abandonné" in out
    assert not chat.pending_forms


def test_a_new_embedded_database_is_created_and_migrated_on_start(tmp_path: Path) -> None:
    env = console_env(tmp_path / "c.db")
    env["OUTARDE_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "console"],
        input="/outarde aide\n",
        text=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Outarde : les commandes" in result.stdout and result.stderr == ""
    assert (tmp_path / "new.db").exists()


@postgres_only
def test_a_server_database_not_yet_migrated_says_what_to_do(tmp_path: Path) -> None:
    import asyncio
    import uuid

    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    name = f"t_{uuid.uuid4().hex[:12]}"

    async def admin(statement: str) -> None:
        engine = create_async_engine(str(POSTGRES_URL), isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            await connection.execute(text(statement))
        await engine.dispose()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))  # a database never migrated
    try:
        env = console_env(tmp_path / "c.db")
        url = make_url(str(POSTGRES_URL)).set(database=name)
        env["OUTARDE_DATABASE_URL"] = url.render_as_string(hide_password=False)
        result = subprocess.run(
            [sys.executable, "-m", "adapters.cli", "console"],
            input="/outarde aide\n",
            text=True,
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=60,
        )
    finally:
        asyncio.run(admin(f'DROP DATABASE "{name}" WITH (FORCE)'))
    assert result.returncode == 2
    assert "lancez `outarde db upgrade`" in result.stderr
    assert "Traceback" not in result.stderr and "Outarde : les commandes" not in result.stdout


async def test_a_pre_filled_form_shows_and_keeps_the_current_values(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Alice", "/faitsaillant Halte-garderie ouverte le samedi #famille")
    edit = chat.last_buttons("Modifier")[-1]
    out = await chat.type(f":clic {edit}", "", "", "", "")
    assert "[valeur actuelle : « Halte-garderie ouverte le samedi #famille »" in out
    assert "Ce champ est obligatoire" not in out and "C'est modifié" in out
    assert "Halte-garderie ouverte le samedi #famille" in out.split("mise à jour")[1]


def test_blank_keeps_a_value_and_a_dash_erases_an_optional_one() -> None:
    link = TextInput("lien", "Lien", required=False, initial="https://exemple.org")
    text = TextInput("texte", "Texte", multiline=True, initial="Avant")
    assert field_value(link, "\n") == "https://exemple.org"
    assert field_value(link, "-") == ""
    assert field_value(text, "-") == "Avant"  # a required field keeps its value
    assert field_value(text, "Ligne 1 // Ligne 2 //Ligne3") == "Ligne 1\nLigne 2 //Ligne3"
    assert field_value(link, "https://a.org//b") == "https://a.org//b"
    assert field_value(TextInput("c", "Commentaire", required=False), "-") == ""


def test_a_label_that_says_optional_is_not_marked_twice() -> None:
    reason = TextInput("raison", "Raison (facultative)", required=False)
    assert field_prompt(reason, "fr") == "Raison (facultative) :"
    assert field_prompt(TextInput("t", "Thèmes", required=False), "fr") == "Thèmes (facultatif) :"
    question = TextInput("d", "Qui vous représentera ?")
    assert field_prompt(question, "fr") == "Qui vous représentera ?"


async def test_a_multi_line_field_takes_several_lines_on_one(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type("/sondage", "Quel jour ?", "Lundi // Mardi // Jeudi", "", "")
    assert "séparez-les par « // »" in out
    assert all(f"] {day}" in out for day in ("Lundi", "Mardi", "Jeudi"))


async def test_form_errors_name_the_field_and_ask_it_again(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type("/sondage", "Quel jour ?", "Lundi", "", "", "Lundi // Mardi")
    errors = out.split("Le formulaire contient des erreurs :")[1]
    assert "• Choix (un par ligne" in errors and "• choices" not in errors
    assert "] Mardi" in errors  # the second answer was taken, the poll is posted


async def test_a_form_can_be_left_and_the_console_goes_on(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type("/sondage", ":annuler", "/sondage liste")
    assert "Formulaire abandonné : rien n'a été envoyé." in out
    assert "Aucun sondage" in out or "aucun sondage" in out


async def test_quitting_inside_a_form_ends_the_console(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type("/sondage", "Quel jour ?", ":quitter", "/outarde aide")
    assert "Formulaire abandonné" in out and "À bientôt!" in out
    assert "Outarde : les commandes" not in out  # nothing read after :quitter


async def test_the_console_speaks_the_workspace_language(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type("/outarde config langue en", "/sondage liste", "/sondage")
    after = out.split("Setting changed")[1]
    assert "(only visible to you)" in after and "visible par vous seulement" not in after
    assert "📝 Form: New poll" in after
    out = await chat.type("/sondage", "Which day?", "Monday", "", "", "Monday // Tuesday")
    assert "  • Choices (one per line, 2 to 10): " in out


async def test_advancing_runs_each_reminder_at_its_own_time(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type("/rencontre planifier dans 10 jours à 9 h | Salle | Bilan")
    confirm = chat.last_buttons("Confirmer")[-1]
    out = await chat.type(f":clic {confirm}", ":avance 10j")
    for reminder in ("dans 7 jours", "dans 1 jour", "dans 1 heure"):
        assert f"# 🔔 Rappel : Bilan {reminder}" in out
    assert "en retard" not in out and "Tâches exécutées : 4." in out


async def test_an_english_workspace_hears_english_from_the_first_line(app, chat) -> None:  # type: ignore[no-untyped-def]
    from adapters.console.chat import ConsoleChat

    await chat.type("/outarde config langue en")
    again = ConsoleChat(app, chat.screen)  # a new run of the console
    out = await again.type(":moi Alice", ":nimporte", "/faitsaillant New service #jobs")
    assert "You are now Alice." in out
    assert "I don't know the console command “:nimporte”." in out
    assert "  By: Alice" in out and "By :" not in out


async def test_a_command_typed_in_a_form_leaves_it_and_runs(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type("/sondage", "Quel jour ?", "/outarde aide", ":annuler")
    assert "Formulaire abandonné : rien n'a été envoyé." in out
    assert "Outarde : les commandes" in out  # the command ran
    assert "Aucun formulaire en cours : rien à annuler." in out


async def test_a_field_asked_again_keeps_the_answer_and_shows_its_hint(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type("/sondage", "Quel jour ?", "Lundi // Mardi", "multiple=99", "", "-")
    again = out.split("Le formulaire contient des erreurs :")[1]
    assert "[valeur actuelle : « multiple=99 »" in again
    assert "(ex. : anonyme, caché, multiple=2, rappel)" in out  # the placeholder, as a hint
    assert "] Mardi" in again  # « - » emptied the options: the poll went out


async def test_the_person_typing_is_you_in_english(app, chat) -> None:  # type: ignore[no-untyped-def]
    from adapters.console.chat import ConsoleChat

    await chat.type("/outarde config langue en")
    again = ConsoleChat(app, chat.screen)
    out = await again.type("/faitsaillant New service #jobs")
    assert "  By: You" in out and "Vous" not in out


# what a console that has not been asked anything yet does not need: charts, the platform
# libraries, the web server, the migrations, the SQL of the other database, the ballot cipher,
# calendars, Word documents, mail, the timer of the interactive console, the features and
# their tables
NOT_AT_START = ("matplotlib", "slack_bolt", "discord", "aiohttp", "alembic", "cryptography",
                "icalendar", "docx", "aiosmtplib", "email_validator",
                "sqlalchemy.dialects.postgresql", "apscheduler", "bot.features",
                "storage.models.highlights", "storage.models.polls")  # fmt: skip


def test_the_console_starts_without_what_it_has_not_been_asked_for(tmp_path: Path) -> None:
    """The year in review drew its chart through a module-level import: matplotlib (about a
    third of the start-up) loaded for every console; the web server's aiohttp, the ballot
    cipher, icalendar, python-docx and the mail libraries loaded the same way. Each now
    loads when first used."""
    code = (
        "import sys, runpy; sys.argv = ['outarde', 'console']\n"
        "try:\n    runpy.run_module('adapters.cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print('LOADED', *sorted(m for m in {NOT_AT_START!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=console_env(tmp_path / "o.db"),
        input="",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "LOADED", done.stdout[-300:]
