"""The Outarde core: turns commands, clicks, form submissions and due jobs into outputs."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlmodel import col, select

from bot.clock import Clock, SystemClock
from bot.context import Actor, Invocation, Place
from bot.ctx import Ctx
from bot.errors import FormInvalid, UserError
from bot.features import load_all
from bot.help import asks_for_help, family_help
from bot.i18n import normalise_language, t
from bot.messages import Form, Message, Output, Reply, Update, text_message
from bot.ports import Notifier, RecordingNotifier, Surface
from bot.posted import CACHE_LIMIT, PostedMessages
from bot.router import Router, registry
from bot.text import clean, fold, harmless
from storage.db import Database
from storage.models import Coordinator, Member, Setting, Workspace
from storage.queries import insert_ignore, upsert

log = logging.getLogger("outarde.core")
UNAVAILABLE = (OperationalError, InterfaceError, DBAPIError, ConnectionError, OSError)
MEMBER_REFRESH = timedelta(hours=1)
WORKSPACE_TTL = 5.0  # seconds a replica trusts its copy of a workspace's settings


@dataclass(frozen=True)
class WorkspaceState:
    """What every command of a workspace needs: its settings and its coordinators."""

    settings: dict[str, Any]
    coordinators: frozenset[str]
    loaded_at: float


def display_name(actor: Actor) -> str:
    """How the bot names a person: the platform's name, cleaned and unable to ping."""
    return harmless(clean(actor.name))[:200] or actor.user_id


def as_outputs(reply: Reply) -> list[Output]:
    if reply is None:
        return []
    return list(reply) if isinstance(reply, list) else [reply]


class Outarde:
    """The platform-neutral bot. Adapters call ``command``, ``action`` and ``submit``."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Clock | None = None,
        notifier: Notifier | None = None,
        router: Router = registry,
        founder_is_coordinator: bool = False,
    ) -> None:
        load_all()
        from bot.scheduler import Scheduler

        self.db = db
        self.clock = clock or SystemClock()
        self.notifier: Notifier = notifier or RecordingNotifier()
        self.router = router
        self.founder_is_coordinator = founder_is_coordinator
        self.scheduler = Scheduler(self)
        self._workspaces: dict[str, WorkspaceState] = {}
        self._members_seen: dict[tuple[str, str], tuple[str, datetime]] = {}
        self.posted = PostedMessages(db)

    # -- entry points -----------------------------------------------------------------
    async def command(self, inv: Invocation, name: str, text: str, surface: Surface) -> None:
        """Run ``/name text`` for ``inv`` and answer on ``surface``."""
        command = self.router.find_command(name)

        async def call(ctx: Ctx) -> Reply:
            if command is None:
                raise UserError("core.unknown_command", command=name.lstrip("/"))
            ctx.command = command.name
            if asks_for_help(command, text):
                return family_help(ctx.language, command)
            sub, rest = self.router.resolve(command, text)
            ctx.subcommand = sub
            if sub is None:
                raise ctx.unknown_subcommand(text)
            return await sub.handler(ctx, rest)

        label = f"/{command.name if command else fold(name)[:30]}"
        await self._run(inv, label, call, surface)

    async def action(self, inv: Invocation, action_id: str, value: str, surface: Surface) -> None:
        """Run the button or select ``action_id`` with its (untrusted) ``value``."""
        handler = self.router.actions.get(action_id)

        async def call(ctx: Ctx) -> Reply:
            if handler is None:
                raise UserError("core.unknown_action")
            return await handler(ctx, value)

        await self._run(inv, f"action:{action_id[:40]}", call, surface)

    async def submit(
        self, inv: Invocation, form_id: str, values: dict[str, str], state: str, surface: Surface
    ) -> dict[str, str] | None:
        """Handle a form; returns translated field errors to show in the form, else None."""
        handler = self.router.forms.get(form_id)

        async def call(ctx: Ctx) -> Reply:
            if handler is None:
                raise UserError("core.unknown_action")
            return await handler(ctx, values, state)

        return await self._run(inv, f"form:{form_id[:40]}", call, surface)

    async def suggest(self, inv: Invocation, family: str, prefix: str) -> list[tuple[str, str]]:
        """Autocomplete for ``/family``: the (label, value) pairs its features offer."""
        async with self.db.session() as session:
            ctx = await self.context(session, inv.place, inv.actor, inv.locale)
            answers = await ctx.hook(f"suggest.{family}", prefix[:100])
        return [(str(label), str(value)) for answer in answers for label, value in answer]

    async def run_due(self) -> int:
        """Run every job that is due now (the console's ``:avance`` and tests call this)."""
        return await self.scheduler.run_due()

    # -- the one path every interaction takes ------------------------------------------
    async def _run(
        self,
        inv: Invocation,
        label: str,
        call: Callable[[Ctx], Awaitable[Reply]],
        surface: Surface,
    ) -> dict[str, str] | None:
        started = time.perf_counter()
        language = normalise_language(inv.locale)
        outcome = "ok"
        ctx: Ctx | None = None
        try:
            async with self.db.session() as session:
                ctx = await self.context(session, inv.place, inv.actor, inv.locale)
                language = ctx.language
                outputs = as_outputs(await call(ctx))
            self._committed(ctx)
            self.scheduler.wake(ctx.scheduled)
            await self.deliver(inv.place, outputs, surface)
        except FormInvalid as invalid:
            outcome = "invalid"
            return {
                name: t(language, key, **params) for name, (key, params) in invalid.errors.items()
            }
        except UserError as error:
            outcome = "refused"
            await surface.send(text_message("⚠️ " + t(language, error.key, **error.params)))
        except UNAVAILABLE:
            outcome = "unavailable"
            log.exception("database unavailable")
            await surface.send(text_message("⚠️ " + t(language, "core.unavailable")))
        except Exception:
            outcome = "error"
            log.exception("unexpected error")
            await surface.send(text_message("⚠️ " + t(language, "core.internal_error")))
        finally:
            log.info(
                "command",
                extra={
                    "workspace": inv.place.workspace_id,
                    "command": label,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "outcome": outcome,
                },
            )
        return None

    async def context(
        self, session: Any, place: Place, actor: Actor | None, locale: str | None = None
    ) -> Ctx:
        """The workspace's settings and the person's rights (kept a few seconds in memory)."""
        now = self.clock.now()
        workspace = place.workspace_id
        state = self._workspaces.get(workspace)
        if state is None or time.monotonic() - state.loaded_at > WORKSPACE_TTL:
            state = await self._load_workspace(session, workspace, actor, now)
        settings = dict(state.settings)
        is_coordinator = False
        remembered = None
        if actor is not None:
            is_coordinator = actor.is_admin or actor.user_id in state.coordinators
            remembered = await self._remember_member(session, workspace, actor, now)
        language = self._language(settings, locale)
        return Ctx(
            app=self,
            session=session,
            place=place,
            actor=actor,
            language=language,
            timezone=settings.get("fuseau") or "America/Toronto",
            settings=settings,
            is_coordinator=is_coordinator,
            now=now,
            member_seen=remembered,
        )

    async def language_of(self, place: Place, locale: str | None = None) -> str:
        """The language Outarde speaks to a person there, for an adapter's own text: the
        workspace's ``langue``, or the person's ``locale`` when ``langue_personnelle`` is on
        (the rule commands follow). Only reads: asking creates no workspace."""
        state = self._workspaces.get(place.workspace_id)
        if state is not None:
            settings = state.settings
        else:
            async with self.db.session() as session:
                statement = select(Setting.name, Setting.value).where(
                    Setting.workspace == place.workspace_id,
                    col(Setting.name).in_(("langue", "langue_personnelle")),
                )
                stored = {name: json.loads(value) for name, value in await session.exec(statement)}
            defaults = self.router.settings
            settings = {name: stored.get(name, defaults[name].default) for name in defaults}
        return self._language(settings, locale)

    @staticmethod
    def _language(settings: dict[str, Any], locale: str | None) -> str:
        if locale and settings.get("langue_personnelle"):
            return normalise_language(locale)
        return normalise_language(settings.get("langue"))

    async def _load_workspace(
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
        state = WorkspaceState(
            settings={
                name: stored.get(name, spec.default) for name, spec in self.router.settings.items()
            },
            coordinators=frozenset(coordinators),
            loaded_at=time.monotonic(),
        )
        if not created:  # a new workspace is cached once its creation is committed
            self._workspaces[workspace] = state
        return state

    def _committed(self, ctx: Ctx) -> None:
        """What a committed transaction lets this process remember (or forget)."""
        if ctx.workspace_changed:
            self.forget_workspace(ctx.workspace)
        if ctx.member_seen is not None and ctx.actor is not None:
            if len(self._members_seen) > CACHE_LIMIT:
                self._members_seen.clear()
            self._members_seen[ctx.member_seen] = (
                display_name(ctx.actor),
                ctx.now,
            )

    def known_name(self, workspace: str, user_id: str) -> str | None:
        """A display name this process saw recently, sparing a look-up."""
        seen = self._members_seen.get((workspace, user_id))
        return seen[0] if seen is not None else None

    def forget_workspace(self, workspace: str) -> None:
        """Settings or coordinators changed: read them again at the next command."""
        self._workspaces.pop(workspace, None)

    @staticmethod
    async def is_coordinator(session: Any, workspace: str, user_id: str) -> bool:
        statement = select(Coordinator.id).where(
            Coordinator.workspace == workspace, Coordinator.user_id == user_id
        )
        return (await session.exec(statement)).first() is not None

    async def _remember_member(
        self, session: Any, workspace: str, actor: Actor, now: datetime
    ) -> tuple[str, str] | None:
        """Keep the person's display name (refreshed hourly) for messages and lists.

        Returns the cache entry to keep once the transaction is committed, if any.
        """
        name = display_name(actor)
        key = (workspace, actor.user_id)
        seen = self._members_seen.get(key)
        if seen is not None and seen[0] == name and now - seen[1] <= MEMBER_REFRESH:
            return None
        await upsert(
            session,
            Member,
            {
                "workspace": workspace,
                "user_id": actor.user_id,
                "display_name": name,
                "last_seen": now,
            },
            ["workspace", "user_id"],
            ["display_name", "last_seen"],
        )
        return key

    # -- delivery ---------------------------------------------------------------------
    async def deliver(self, place: Place, outputs: list[Output], surface: Surface) -> None:
        """Send each output: posts and private replies, forms, updates in place."""
        for output in outputs:
            if isinstance(output, Form):
                await surface.open_form(output)
            elif isinstance(output, Update):
                await self.update_posted(place, output.key, output.message)
            elif isinstance(output, Message):
                await self._post(place, output, surface)

    async def _post(self, place: Place, message: Message, surface: Surface) -> None:
        target = place
        if message.channel and message.channel != place.channel and not message.ephemeral:
            target = Place(place.platform, place.workspace, message.channel)
            ref = await self.notifier.post(target, message)
        else:
            ref = await surface.send(message)
        if message.key and ref and not message.ephemeral:
            await self.posted.save(target, message.key, ref)

    async def update_posted(self, place: Place, key: str, message: Message) -> bool:
        """Replace the message posted under ``key`` in this workspace; False if unknown."""
        known = await self.posted.find(place, key)
        if known is None:
            log.info("no posted message to update", extra={"key": key})
            return False
        channel, ref = known
        await self.notifier.update(Place(place.platform, place.workspace, channel), ref, message)
        return True
