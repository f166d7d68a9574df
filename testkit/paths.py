"""Where the project, its test data and the shared data sets are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the project: pyproject.toml, bot/, adapters/…
TEST_DATA = ROOT / "tests" / "data"
SHARED_DATA = ROOT.parent / "shared" / "data"  # the data sets shared beside the project
