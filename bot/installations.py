"""Where each installed workspace's bot token lives: sealed, in Outarde's own database.

A platform adapter (Slack's OAuth installation store) saves what an install gave it and asks
for a workspace's token when it must post there; the token is sealed (bot.sealing) before it
is written and opened only in memory. Saving an installation brings a departed workspace back
(bot.departures). The OAuth states handed to browsers are kept here too, each consumed once.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, delete, select

from bot import departures
from bot.clock import Clock
from bot.sealing import Sealer
from storage.db import Database
from storage.models.installations import Installation, OAuthState
from storage.queries import upsert

STATE_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class InstalledBot:
    """A workspace's installation, its tokens opened."""

    workspace: str
    enterprise_id: str | None
    team_id: str | None
    details: dict[str, Any]
    token: str
    refresh_token: str | None
    installed_at: datetime


class Installations:
    """Saves, finds and forgets installations; issues and consumes OAuth states."""

    def __init__(self, db: Database, clock: Clock, sealer: Sealer) -> None:
        self.db = db
        self.clock = clock
        self.sealer = sealer

    async def save(
        self,
        workspace: str,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        details: dict[str, Any],
        token: str,
        refresh_token: str | None = None,
    ) -> None:
        """Keep (or replace) the workspace's installation; the workspace is back if it had left."""
        values = {
            "workspace": workspace,
            "enterprise_id": enterprise_id,
            "team_id": team_id,
            "details": json.dumps(details, default=str),
            "sealed_token": self.sealer.seal(token),
            "sealed_refresh_token": self.sealer.seal(refresh_token) if refresh_token else None,
            "installed_at": self.clock.now(),
        }
        async with self.db.session() as session:
            changed = [k for k in values if k != "workspace"]
            await upsert(session, Installation, values, ["workspace"], changed)
            await departures.come_back(session, workspace)

    async def find(self, workspace: str) -> InstalledBot | None:
        async with self.db.session() as session:
            statement = select(Installation).where(col(Installation.workspace) == workspace)
            row = (await session.exec(statement)).first()
        if row is None:
            return None
        refresh = self.sealer.open(row.sealed_refresh_token) if row.sealed_refresh_token else None
        return InstalledBot(
            workspace=row.workspace,
            enterprise_id=row.enterprise_id,
            team_id=row.team_id,
            details=json.loads(row.details),
            token=self.sealer.open(row.sealed_token),
            refresh_token=refresh,
            installed_at=row.installed_at,
        )

    async def forget(self, workspace: str) -> None:
        """Delete the workspace's tokens (uninstalled or revoked: they no longer work)."""
        async with self.db.session() as session:
            await session.exec(  # type: ignore[call-overload]
                delete(Installation).where(col(Installation.workspace) == workspace)
            )

    async def reseal_all(self) -> int:
        """Seal every stored token again with the newest key (key rotation); how many."""
        async with self.db.session() as session:
            rows = list((await session.exec(select(Installation))).all())
            for row in rows:
                row.sealed_token = self.sealer.reseal(row.sealed_token)
                if row.sealed_refresh_token:
                    row.sealed_refresh_token = self.sealer.reseal(row.sealed_refresh_token)
                session.add(row)
        return len(rows)

    # -- OAuth states ----------------------------------------------------------------
    async def issue_state(self) -> str:
        state = secrets.token_urlsafe(24)
        now = self.clock.now()
        async with self.db.session() as session:
            await session.exec(  # type: ignore[call-overload]
                delete(OAuthState).where(col(OAuthState.expires_at) < now)
            )
            session.add(OAuthState(state=state, expires_at=now + STATE_TTL))
        return state

    async def consume_state(self, state: str) -> bool:
        """True once for a state this process issued and that has not expired."""
        if not state or len(state) > 100:
            return False
        async with self.db.session() as session:
            result = await session.exec(  # type: ignore[call-overload]
                delete(OAuthState).where(
                    col(OAuthState.state) == state, col(OAuthState.expires_at) >= self.clock.now()
                )
            )
        return bool(result.rowcount)
