"""``outarde espaces``: an operator lists the workspaces that left, exports one, and erases it
only once its keeping delay is over (or when told « --maintenant »). Runs the migrations."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.cli import _departed
from bot import departures
from storage.db import Database
from storage.models import Setting


async def test_list_export_and_erase_a_departed_workspace(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite+aiosqlite:///{tmp_path / 'outarde.db'}"
    monkeypatch.setenv("OUTARDE_DATABASE_URL", url)
    assert await _departed("liste", None, False) == 0  # migrates the new database on the way
    db = Database(url)
    async with db.session() as session:
        session.add(Setting(workspace="slack:T0GASPE", name="langue", value='"fr"'))
        session.add(Setting(workspace="slack:T0LAVAL", name="langue", value='"en"'))
    await departures.leave(db, "slack:T0GASPE", "app_uninstalled", datetime.now(UTC))
    await db.dispose()
    capsys.readouterr()

    assert await _departed("liste", None, False) == 0
    assert "slack:T0GASPE\tapp_uninstalled" in capsys.readouterr().out
    assert await _departed("exporter", "slack:T0GASPE", False) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["setting"][0]["workspace"] == "slack:T0GASPE"
    assert await _departed("effacer", "slack:T0LAVAL", False) == 2  # never left
    assert await _departed("effacer", "slack:T0GASPE", False) == 2  # kept 30 days
    assert "gardées jusqu'au" in capsys.readouterr().err
    assert await _departed("effacer", "slack:T0GASPE", True) == 0
    assert "ligne(s) effacée(s)" in capsys.readouterr().out
    db = Database(url)
    async with db.session() as session:
        assert await departures.export(session, "slack:T0GASPE") == {}
        assert "setting" in await departures.export(session, "slack:T0LAVAL")
    await db.dispose()
