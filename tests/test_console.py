"""The console chat, driven end to end like a person would."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from adapters.console.chat import console_mentions, parse_duration, user_id_of
from tests.console_process import ROOT, console_env


def run_piped(text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = console_env(tmp_path / "c.db")
    return subprocess.run(
        [sys.executable, "-m", "bot.cli"],
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
    assert '"command": "/outarde"' in result.stderr  # one structured line per command


def test_piped_session_keeps_state_between_runs(tmp_path: Path) -> None:
    run_piped(":moi Alice\n/partenaire moi CDC des Collines / communautaire\n", tmp_path)
    result = run_piped("/partenaire liste\n", tmp_path)
    assert "*CDC des Collines* — Alice" in result.stdout


async def test_switching_person_and_organisation(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Alice CDC des Collines / communautaire", ":moi Bruno CLD", "/partenaire liste"
    )
    assert "Vous êtes maintenant Alice." in out
    assert "C'est noté : Bruno représente *CLD*" in out
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
    assert console_mentions("merci @Alice et @everyone") == "merci <@alice> et @everyone"


async def test_a_form_left_unanswered_at_end_of_input_is_abandoned(chat) -> None:  # type: ignore[no-untyped-def]
    from bot.messages import Form, TextInput

    await chat.open_form(Form("nothing.here", "Essai", [TextInput("a", "Champ A")], "Envoyer"))
    out = await chat.type(":aide")
    assert "Formulaire abandonné" in out
    assert not chat.pending_forms


def test_a_database_not_yet_migrated_says_what_to_do(tmp_path: Path) -> None:
    env = console_env(tmp_path / "c.db")
    env["OUTARDE_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "console"],
        input="/outarde aide\n",
        text=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "lancez `outarde db upgrade`" in result.stderr
    assert "Traceback" not in result.stderr and "Outarde : les commandes" not in result.stdout
