"""What a feature handler receives: who, where, when, in which language, and a session."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import refs
from bot.context import Actor, Place, display_name
from bot.errors import NotAllowed, UserError
from bot.failures import log_failure
from bot.help import choices
from bot.hooks import Hook
from bot.i18n import t
from bot.router import Router, Subcommand
from bot.text import plural_key, truncate
from bot.when import (
    WhenError,
    format_when,
    parse_series_spans,
    parse_since,
    parse_span,
    parse_when,
)
from storage.models import Job, Member
from storage.queries import in_chunks, upsert

log = logging.getLogger("outarde.core")
P = ParamSpec("P")
R = TypeVar("R")
NameBook = Callable[[str, str], str | None]  # (workspace, user id) -> a name seen recently

_MEMBER = select(Member).where(
    Member.workspace == bindparam("workspace"), Member.user_id == bindparam("user_id")
)


@dataclass
class Ctx:
    """One invocation (or one scheduled job) seen from a feature; one database transaction."""

    router: Router
    names: NameBook
    session: AsyncSession
    place: Place
    actor: Actor | None
    language: str
    timezone: str
    settings: dict[str, Any]
    is_coordinator: bool
    now: datetime
    command: str = ""
    subcommand: Subcommand | None = None
    scheduled: list[datetime] = field(default_factory=list)
    workspace_changed: bool = False  # settings or coordinators changed: forget cached copies
    member_seen: tuple[str, str] | None = None  # profile refreshed: remember it once committed
    mentions_are_people: bool = True  # see Invocation.mentions_are_people
    newcomer: bool = False  # first seen now, after the workspace's founding week

    # -- who and where ----------------------------------------------------------------
    @property
    def workspace(self) -> str:
        """The workspace key every row carries."""
        return self.place.workspace_id

    @property
    def user_id(self) -> str:
        if self.actor is None:
            raise RuntimeError("no actor in a scheduled job")
        return self.actor.user_id

    def require_coordinator(self) -> None:
        """Refuse unless the person is a coordinator of this workspace."""
        if not self.is_coordinator:
            raise NotAllowed("core.need_coordinator")

    async def member(self, user_id: str) -> Member | None:
        """The person's profile in this workspace, if seen."""
        params = {"workspace": self.workspace, "user_id": user_id}
        return (await self.session.exec(_MEMBER, params=params)).first()

    async def display_name(self, user_id: str) -> str:
        """How to name a person in a message (never a ping)."""
        if self.actor is not None and user_id == self.actor.user_id:
            return display_name(self.actor)  # the name the context just stored
        known = self.names(self.workspace, user_id)
        if known is not None:
            return known
        member = await self.member(user_id)
        return member.display_name if member else user_id

    async def named(self, text: str) -> str:
        """``text`` with each person reference labelled with the name the table knows that
        person by (the platform's label when Outarde never met them): what people typed then
        reads « @Bruno Gagnon », never an id."""
        if not refs.has_refs(text):
            return text
        names = await self.display_names(refs.person_ids(text))

        def labelled(user_id: str, label: str) -> str:
            known = names.get(user_id, user_id)
            return refs.person(user_id, known if known != user_id else label)

        return refs.persons(text, labelled)

    async def display_names(self, user_ids: Iterable[str]) -> dict[str, str]:
        """How to name each of these people (never a ping): one query per 500 unknown people."""
        wanted = list(dict.fromkeys(user_ids))
        names: dict[str, str] = {}
        unknown: list[str] = []
        for user_id in wanted:
            if self.actor is not None and user_id == self.actor.user_id:
                names[user_id] = display_name(self.actor)
            elif (known := self.names(self.workspace, user_id)) is not None:
                names[user_id] = known
            else:
                unknown.append(user_id)
        for some in in_chunks(unknown):
            statement = select(Member.user_id, Member.display_name).where(
                Member.workspace == self.workspace, col(Member.user_id).in_(some)
            )
            names.update((await self.session.exec(statement)).all())
        return {user_id: names.get(user_id, user_id) for user_id in wanted}

    # -- language and time ------------------------------------------------------------
    def t(self, key: str, /, **params: object) -> str:
        return t(self.language, key, **params)

    def tn(self, key: str, count: int, /, **params: object) -> str:
        """``key_one`` or ``key_many`` for ``count`` things (0 is singular in French), filled."""
        return t(self.language, plural_key(key, count, self.language), count=count, **params)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, instant: datetime) -> datetime:
        """An instant in the workspace's time zone."""
        return instant.astimezone(self.tz)

    def when(self, instant: datetime) -> str:
        """An instant written in full for this workspace: « vendredi 12 décembre 2026 à 9 h 00 »."""
        return format_when(self.local(instant), self.language)

    def parse_when(self, text: str) -> datetime:
        """A future instant typed by the person (« jeudi 13 h 30 »); UserError if refused."""
        try:
            return parse_when(text, now=self.now, tz=self.timezone, locale=self.language)
        except WhenError as error:
            raise UserError(f"when.{error.key}", **error.params) from None

    def parse_span(self, text: str) -> tuple[datetime, datetime | None]:
        """A future start and an optional end (« jeudi 13 h 30 à 16 h »); UserError if refused."""
        try:
            return parse_span(text, now=self.now, tz=self.timezone, locale=self.language)
        except WhenError as error:
            raise UserError(f"when.{error.key}", **error.params) from None

    def parse_series(self, text: str) -> list[tuple[datetime, datetime | None]]:
        """Every occurrence of a series (« chaque 2e mardi du mois à 9 h »), each with its
        optional end; UserError if refused."""
        try:
            return parse_series_spans(text, now=self.now, tz=self.timezone, locale=self.language)
        except WhenError as error:
            raise UserError(f"when.{error.key}", **error.params) from None

    def parse_since(self, text: str) -> datetime:
        """A past instant typed by the person (« depuis lundi »); UserError if refused."""
        try:
            return parse_since(text, now=self.now, tz=self.timezone, locale=self.language)
        except WhenError as error:
            raise UserError(f"when.{error.key}", **error.params) from None

    def setting(self, name: str) -> Any:
        return self.settings[name]

    def unknown_subcommand(self, text: str) -> UserError:
        """The error for a word no subcommand of this command knows, listing the choices."""
        command = self.router.commands[self.command]
        return UserError(
            "core.unknown_subcommand",
            command=self.command,
            word=truncate(text.split()[0], 60) if text.split() else "",
            choices=choices(self.language, command),
        )

    def usage_error(self) -> UserError:
        """The error for malformed arguments: shows the subcommand's example."""
        example = self.t(f"{self.subcommand.help}.example") if self.subcommand else ""
        return UserError("core.bad_arguments", command=self.command, example=example)

    # -- scheduled work ---------------------------------------------------------------
    async def schedule(
        self,
        kind: str,
        key: str,
        due_at: datetime,
        payload: dict[str, Any] | None = None,
        channel: str | None = None,
    ) -> None:
        """Schedule (or move) the job ``kind``/``key`` of this workspace at ``due_at``."""
        values = {
            "workspace": self.workspace,
            "channel": channel or self.place.channel,
            "kind": kind,
            "key": key,
            "due_at": due_at,
            "payload": json.dumps(payload or {}),
            "status": "pending",
            "attempts": 0,
            "last_error": None,
            "done_at": None,
        }
        await upsert(
            self.session,
            Job,
            values,
            ["workspace", "kind", "key"],
            ["channel", "due_at", "payload", "status", "attempts", "last_error", "done_at"],
        )
        self.scheduled.append(due_at)

    async def cancel_jobs(self, kind: str, key_prefix: str) -> int:
        """Cancel the pending jobs of ``kind`` whose key starts with ``key_prefix``."""
        statement = (
            update(Job)
            .where(col(Job.workspace) == self.workspace, col(Job.kind) == kind)
            .where(col(Job.key).startswith(key_prefix, autoescape=True))
            .where(col(Job.status) == "pending")
            .values(status="cancelled")
        )
        result = await self.session.exec(statement)  # type: ignore[call-overload]
        return int(result.rowcount or 0)

    async def hook(self, hook: Hook[P, R], *args: P.args, **kwargs: P.kwargs) -> list[R]:
        """Ask every feature offering ``hook``; their answers, None left out."""
        results = []
        for provider in self.router.providers(hook):
            answer = await provider(self, *args, **kwargs)
            if answer is not None:
                results.append(answer)
        return results

    async def hook_safely(self, hook: Hook[P, R], *args: P.args, **kwargs: P.kwargs) -> list[R]:
        """Like ``hook``, but a failing provider is logged and left out instead of failing us
        (its writes rolled back to a savepoint)."""
        results = []
        for provider in self.router.providers(hook):
            try:
                async with self.session.begin_nested():
                    answer = await provider(self, *args, **kwargs)
            except Exception as error:
                log_failure(log, "hook provider failed", error, hook=hook.name)
                continue
            if answer is not None:
                results.append(answer)
        return results
