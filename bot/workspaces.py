"""Workspace state (settings, coordinators) and the people seen, kept briefly in memory.

``Workspaces.context`` opens the ``Ctx`` every handler receives: the workspace created on
first contact, its settings read (a few seconds' copy), the person's profile remembered.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select

from bot.clock import Clock
from bot.context import Actor, Place, display_name
from bot.core_settings import DEFAULT_TIMEZONE, LANGUAGE, PERSONAL_LANGUAGE, TIMEZONE
from bot.ctx import Ctx
from bot.i18n import normalise_language
from bot.posted import CACHE_LIMIT
from bot.router import Router
from storage.db import Database
from storage.models import Coordinator, Member, Setting, Workspace
from storage.queries import insert_ignore, upsert

MEMBER_REFRESH = timedelta(hours=1)
# the people who start using Outarde in a workspace's first week found it: none of them is a
# newcomer to welcome at their first command (they are welcomed when they name their
# organisation); after that week, someone Outarde never saw is a newcomer
FOUNDING_PERIOD = timedelta(days=7)
WORKSPACE_TTL = 5.0  # seconds a replica trusts its copy of a workspace's settings


@dataclass(frozen=True)
class WorkspaceState:
    """What every command of a workspace needs: its settings and its coordinators."""

    settings: dict[str, Any]
    coordinators: frozenset[str]
    loaded_at: float
    created_at: datetime | None = None


def language_for(settings: dict[str, Any], locale: str | None) -> str:
    """The workspace's language, or the person's ``locale`` when personal language is on."""
    if locale and settings.get(PERSONAL_LANGUAGE):
        return normalise_language(locale)
    return normalise_language(settings.get(LANGUAGE))


class Workspaces:
    """Builds each handler's ``Ctx``; remembers settings and names between commands."""

    def __init__(
        self, db: Database, clock: Clock, router: Router, *, founder_is_coordinator: bool = False
    ) -> None:
        self.db = db
        self.clock = clock
        self.router = router
        self.founder_is_coordinator = founder_is_coordinator
        self._states: dict[str, WorkspaceState] = {}
        self._members_seen: dict[tuple[str, str], tuple[str, datetime]] = {}

    async def context(
        self,
        session: Any,
        place: Place,
        actor: Actor | None,
        locale: str | None = None,
        *,
        mentions_are_people: bool = True,
        remember: bool = True,
    ) -> Ctx:
        """The workspace's settings and the person's rights, in a ``Ctx`` on ``session``;
        ``remember``: keep the person's profile (not for an autocomplete, which is no one's
        first step here)."""
        now = self.clock.now()
        workspace = place.workspace_id
        state = self._states.get(workspace)
        if state is None or time.monotonic() - state.loaded_at > WORKSPACE_TTL:
            state = await self._load(session, workspace, actor, now)
        settings = dict(state.settings)
        is_coordinator = False
        remembered = None
        newcomer = False
        if actor is not None:
            is_coordinator = actor.is_admin or actor.user_id in state.coordinators
            if remember:
                remembered, first_seen = await self._remember_member(session, workspace, actor, now)
            else:
                remembered, first_seen = None, False
            founded = state.created_at or now
            newcomer = first_seen and now - founded >= FOUNDING_PERIOD
        return Ctx(
            router=self.router,
            names=self.known_name,
            session=session,
            place=place,
            actor=actor,
            language=language_for(settings, locale),
            timezone=settings.get(TIMEZONE) or DEFAULT_TIMEZONE,
            settings=settings,
            is_coordinator=is_coordinator,
            now=now,
            member_seen=remembered,
            mentions_are_people=mentions_are_people,
            newcomer=newcomer,
        )

    async def language_of(self, place: Place, locale: str | None = None) -> str:
        """The language Outarde speaks to a person there, for an adapter's own text (the rule
        commands follow). Only reads: asking creates no workspace."""
        state = self._states.get(place.workspace_id)
        if state is not None:
            settings = state.settings
        else:
            async with self.db.session() as session:
                statement = select(Setting.name, Setting.value).where(
                    Setting.workspace == place.workspace_id,
                    col(Setting.name).in_((LANGUAGE, PERSONAL_LANGUAGE)),
                )
                stored = {name: json.loads(value) for name, value in await session.exec(statement)}
            defaults = self.router.settings
            settings = {name: stored.get(name, defaults[name].default) for name in defaults}
        return language_for(settings, locale)

    def committed(self, ctx: Ctx) -> None:
        """What a committed transaction lets this process remember (or forget)."""
        if ctx.workspace_changed:
            self.forget(ctx.workspace)
        if ctx.member_seen is not None and ctx.actor is not None:
            if len(self._members_seen) > CACHE_LIMIT:
                self._members_seen.clear()
            self._members_seen[ctx.member_seen] = (display_name(ctx.actor), ctx.now)

    def known_name(self, workspace: str, user_id: str) -> str | None:
        """A display name this process saw recently, sparing a look-up."""
        seen = self._members_seen.get((workspace, user_id))
        return seen[0] if seen is not None else None

    def forget(self, workspace: str) -> None:
        """Settings or coordinators changed: read them again at the next command."""
        self._states.pop(workspace, None)

    async def _load(
        self, session: Any, workspace: str, actor: Actor | None, now: datetime
    ) -> WorkspaceState:
        """Create the workspace on first contact; read its settings and coordinators."""
        created = await insert_ignore(
            session, Workspace, {"id": workspace, "created_at": now}, ["id"]
        )
        if created and actor is not None and self.founder_is_coordinator:
            await insert_ignore(
                session,
                Coordinator,
                {"workspace": workspace, "user_id": actor.user_id},
                ["workspace", "user_id"],
            )
        rows = (await session.exec(select(Setting).where(Setting.workspace == workspace))).all()
        stored = {row.name: json.loads(row.value) for row in rows}
        coordinators = (
            await session.exec(
                select(Coordinator.user_id).where(Coordinator.workspace == workspace)
            )
        ).all()
        founded = (
            now
            if created
            else (
                await session.exec(select(Workspace.created_at).where(Workspace.id == workspace))
            ).first()
        )
        state = WorkspaceState(
            settings={
                name: stored.get(name, spec.default) for name, spec in self.router.settings.items()
            },
            coordinators=frozenset(coordinators),
            loaded_at=time.monotonic(),
            created_at=founded,
        )
        if not created:  # a new workspace is cached once its creation is committed
            self._states[workspace] = state
        return state

    async def _remember_member(
        self, session: Any, workspace: str, actor: Actor, now: datetime
    ) -> tuple[tuple[str, str] | None, bool]:
        """Keep the person's display name (refreshed hourly) for messages and lists.

        Returns the cache entry to keep once the transaction is committed, if any, and
        whether the person was never seen in this workspace before.
        """
        name = display_name(actor)
        key = (workspace, actor.user_id)
        seen = self._members_seen.get(key)
        if seen is not None and seen[0] == name and now - seen[1] <= MEMBER_REFRESH:
            return None, False
        values = {
            "workspace": workspace,
            "user_id": actor.user_id,
            "display_name": name,
            "last_seen": now,
        }
        if await insert_ignore(session, Member, values, ["workspace", "user_id"]):
            return key, True
        await upsert(
            session, Member, values, ["workspace", "user_id"], ["display_name", "last_seen"]
        )
        return key, False
