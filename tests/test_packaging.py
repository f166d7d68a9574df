"""What `pip install .` (the Dockerfile) ships: every package, catalog and migration."""

from __future__ import annotations

from testkit.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT


def test_every_code_folder_is_a_package() -> None:
    """setuptools only ships folders with an __init__.py."""
    missing = [
        str(folder.relative_to(ROOT))
        for top in ("bot", "adapters", "storage")
        for folder in [ROOT / top, *(ROOT / top).rglob("*")]
        if folder.is_dir()
        and folder.name != "__pycache__"
        and any(folder.glob("*.py"))
        and not (folder / "__init__.py").exists()
    ]
    assert missing == []


def test_data_files_are_declared_as_package_data() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    suffixes = {
        p.suffix
        for top in ("bot", "adapters", "storage")
        for p in (ROOT / top).rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"}
    }
    for suffix in suffixes:
        assert f'"*{suffix}"' in pyproject, f"{suffix} files would not be installed"
