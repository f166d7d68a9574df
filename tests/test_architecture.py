"""The shape is enforced: import-linter's contracts hold, and breaking one is caught."""

from __future__ import annotations

import ast
import io
import json
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from testkit.paths import ROOT as PROJECT_ROOT
from tests.console_process import console_env

ROOT = PROJECT_ROOT
PACKAGES = ("adapters", "bot", "storage", "testkit", "tests", "bench")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the project at ``root`` (its pyproject.toml's contracts)."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def copy_of_project(tmp_path: Path) -> Path:
    """The project's packages and pyproject.toml, copied where a test may break them."""
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().split("contracts:")[-1].split("kept")[0]


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("bot/features/vocab/__init__.py", "import slack_bolt", "know no platform"),
        ("bot/features/polls/__init__.py", "import adapters.slack.app", "Layers"),
        ("bot/ctx.py", "import bot.features.vocab", "Inside the core"),
        ("bot/features/highlights/__init__.py", "import bot.features.meetings", "through hooks"),
        ("storage/db.py", "import bot.app", "Layers"),
        ("bench/__init__.py", "import tests.probes", "Layers"),
    ],
)
def test_breaking_the_shape_is_caught(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    project = copy_of_project(tmp_path)
    target = project / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    result = lint_imports(project)
    assert result.returncode != 0
    broken = [row for row in result.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(contract in row for row in broken), result.stdout


CYCLES = """
import json, sys
import grimp

graph = grimp.build_graph(*sys.argv[1:], cache_dir=None)
found = []
for module in sorted(graph.modules):
    for imported in sorted(graph.find_modules_directly_imported_by(module)):
        back = graph.find_shortest_chain(importer=imported, imported=module)
        if back:
            found.append([module, *back])
print(json.dumps(found))
"""


def cycles(root: Path, *packages: str) -> list[list[str]]:
    """Every import (direct, in a function or under TYPE_CHECKING) that closes a circle, as
    [importer, imported, …, importer] chains, in the project at ``root``."""
    result = subprocess.run(
        [sys.executable, "-c", CYCLES, *packages],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_no_import_circle_among_the_projects_modules() -> None:
    assert cycles(ROOT, *PACKAGES) == []


def test_a_circle_hidden_in_a_function_is_found(tmp_path: Path) -> None:
    project = copy_of_project(tmp_path)
    posted = project / "bot" / "posted.py"
    posted.write_text(posted.read_text() + "\n\ndef _late():\n    from bot import app  # noqa\n")
    assert any(
        chain[0] == "bot.posted" and chain[-1] == "bot.posted" for chain in cycles(project, "bot")
    )


def test_the_console_imports_no_platform_library(tmp_path: Path) -> None:
    """The composition root imports an adapter only when its command runs."""
    probe = (
        "import sys\n"
        "from adapters.cli import main\n"
        "main(['console'])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'slack_bolt', 'slack_sdk',"
        " 'discord'})\n"
        "print('platform libraries:', loaded)\n"
    )
    env = console_env(tmp_path / "c.db")
    result = subprocess.run(
        [sys.executable, "-c", probe],
        input="/outarde aide\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Outarde : les commandes" in result.stdout
    assert "platform libraries: []" in result.stdout


# « <@U1> », « <#C1> », « <!here> » as a platform writes them; not a regex look-behind
# « (?<! », nor HTML's « <!DOCTYPE » and « <!-- ».
PLATFORM_SYNTAX = re.compile(r"(?<!\(\?)<[@#]|(?<!\(\?)<!(?!DOCTYPE|--)")


def platform_syntax(path: Path, root: Path = ROOT) -> list[str]:
    """The lines of ``path`` whose code (strings included, comments and docstrings not)
    holds a platform's mention syntax."""
    source = path.read_text()
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                docstrings.update(range(value.lineno, (value.end_lineno or value.lineno) + 1))
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE}:
            continue
        if token.start[0] in docstrings and token.type == tokenize.STRING:
            continue
        if PLATFORM_SYNTAX.search(token.string):
            found.append(f"{path.relative_to(root)}:{token.start[0]}: {token.line.strip()}")
    return found


def test_the_core_holds_no_platform_mention_syntax() -> None:
    """The core reads and writes references (bot/refs.py); ``<@…>``, ``<#…>`` and ``<!…>``
    live in the adapters."""
    found = [
        line for path in sorted((ROOT / "bot").rglob("*.py")) for line in platform_syntax(path)
    ]
    assert found == []


def test_platform_syntax_in_the_core_is_found(tmp_path: Path) -> None:
    module = tmp_path / "bot" / "leak.py"
    module.parent.mkdir()
    module.write_text(
        '"""Docstrings may explain ``<@U1>``."""\n'
        "import re\n\n"
        "# comments too: <!here>\n"
        "SAFE = re.compile(r'(?<!x)y')  # a look-behind\n"
        "PAGE = '<!DOCTYPE html>'\n"
        "MENTION = re.compile(r'<@(\\w+)>')\n"
        "def ping(user_id):\n"
        "    return f'<#{user_id}>'\n"
    )
    found = platform_syntax(module, tmp_path)
    assert [line.split(":")[1] for line in found] == ["7", "9"]
