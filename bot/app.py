"""The Outarde core: turns commands, clicks, form submissions and due jobs into outputs."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from bot import links, signed
from bot.clock import Clock, SystemClock
from bot.context import Invocation, Place
from bot.ctx import Ctx
from bot.delivery import Courier
from bot.errors import FormInvalid, UserError
from bot.failures import is_outage, log_failure
from bot.help import asks_for_help, family_help
from bot.hooks import PERSON_FIRST_SEEN, suggest
from bot.i18n import normalise_language, t
from bot.inbox import Inbox, Superseded
from bot.limits import Limits
from bot.links import Page
from bot.messages import Form, Message, Output, Reply, as_outputs, text_message
from bot.outbox import Sender, rows_for
from bot.ports import Notifier, Surface
from bot.posted import PostedMessages
from bot.router import Router
from bot.scheduler import Scheduler
from bot.text import fold, truncate
from bot.workspaces import Workspaces
from storage.db import Database

log = logging.getLogger("outarde.core")
QUOTE_LIMIT = 120  # a refusal quotes at most this much of what the person typed


def quoted(params: dict[str, object]) -> dict[str, object]:
    """A refusal's parameters, each text cut to a short excerpt (never the whole input)."""
    return {
        name: _excerpt(value) if isinstance(value, str) else value for name, value in params.items()
    }


def _excerpt(text: str) -> str:
    cut = truncate(text, QUOTE_LIMIT)
    if cut != text and cut.count("`") % 2:  # never leave a code span open
        cut = cut[: cut.rfind("`")].rstrip(", ") + "…"
    return cut


# What follows a slash command, at most: well above what any command takes (a proposal with
# its example and source, a poll with 25 choices, a 3,000-character highlight), and low enough
# that no parser ever reads a hostile 100 KB text.
MAX_COMMAND_TEXT = 8000


class Outarde:
    """The platform-neutral bot. Adapters call ``command``, ``action`` and ``submit``."""

    def __init__(
        self,
        db: Database,
        *,
        router: Router,
        notifier: Notifier,
        clock: Clock | None = None,
        founder_is_coordinator: bool = False,
        limits: Limits | None = None,
        platform: str | None = None,
    ) -> None:
        self.db = db
        self.inbox = Inbox(db, limits)
        self.clock = clock or SystemClock()
        self.router = router
        self.workspaces = Workspaces(
            db, self.clock, router, founder_is_coordinator=founder_is_coordinator
        )
        self.posted = PostedMessages(db)
        self.courier = Courier(notifier, self.posted)
        # a process serving one platform runs and posts only that platform's work
        self.sender = Sender(db, self.clock, self.courier, platform=platform)
        self.scheduler = Scheduler(db, self.clock, router, self.workspaces, self.sender)

    @property
    def notifier(self) -> Notifier:
        """What posts outside any interaction (given when the core is built)."""
        return self.courier.notifier

    # -- entry points -----------------------------------------------------------------
    async def command(self, inv: Invocation, name: str, text: str, surface: Surface) -> None:
        """Run ``/name text`` for ``inv`` and answer on ``surface``."""
        command = self.router.find_command(name)

        async def call(ctx: Ctx) -> Reply:
            if command is None:
                raise UserError("core.unknown_command", command=name.lstrip("/"))
            ctx.command = command.name
            if len(text) > MAX_COMMAND_TEXT:  # bounded before any parser reads it
                raise UserError("core.command_too_long", length=len(text), limit=MAX_COMMAND_TEXT)
            if asks_for_help(command, text):
                return family_help(ctx.language, command)
            sub, rest = self.router.resolve(command, await ctx.named(text))
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
            named = {field_id: await ctx.named(value) for field_id, value in values.items()}
            return await handler(ctx, named, state)

        return await self._run(inv, f"form:{form_id[:40]}", call, surface)

    async def suggest(self, inv: Invocation, family: str, prefix: str) -> list[tuple[str, str]]:
        """Autocomplete for ``/family``: the (label, value) pairs its features offer."""
        async with self.db.session() as session:
            ctx = await self.workspaces.context(
                session, inv.place, inv.actor, inv.locale, remember=False
            )
            answers = await ctx.hook(suggest(family), prefix[:100])
        return [(str(label), str(value)) for answer in answers for label, value in answer]

    async def page(self, kind: str, token: str, *, act: bool = False) -> Page | None:
        """What the web server shows behind the link ``token`` of ``kind``; None (a bare 404)
        for an unknown, revoked or malformed token, or a kind no feature serves. ``act``: the
        person confirmed (a form posted), the page may change something."""
        handler = self.router.pages.get(kind)
        if handler is None or not links.well_formed(token):
            return None
        started = time.perf_counter()
        outcome = "ok"
        try:
            async with self.db.session() as session:
                link = await links.find(session, kind, token)
                if link is None:
                    outcome = "unknown"
                    return None
                place = Place.stored(link.workspace, link.channel)
                ctx = await self.workspaces.context(session, place, None)
                page = await handler(ctx, link, act)
                if page is None:
                    outcome = "unknown"
                return page
        except Exception:
            outcome = "error"
            raise
        finally:
            log.info(
                "page",
                extra={
                    "command": f"page:{kind[:20]}",
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "outcome": outcome,
                },
            )

    async def signed_page(self, token: str, *, act: bool = False) -> Page | None:
        """What a signed link (bot.signed) shows; None (a bare 404) when its seal does not
        match or no feature serves its kind. Expired or spent, the feature's page says so."""
        link = signed.verify(token, self.clock.now())
        handler = self.router.pages.get(link.kind) if link is not None else None
        if link is None or handler is None:
            log.info("page", extra={"command": "page:signed", "outcome": "unknown"})
            return None
        started = time.perf_counter()
        async with self.db.session() as session:
            place = Place.stored(link.workspace, link.channel)
            ctx = await self.workspaces.context(session, place, None)
            page = await handler(ctx, link, act)
        log.info(
            "page",
            extra={
                "command": f"page:{link.kind[:30]}",
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "outcome": "expired" if link.expired else "ok",
            },
        )
        return page

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
        try:
            async with self.db.session() as session:
                ctx = await self.workspaces.context(
                    session,
                    inv.place,
                    inv.actor,
                    inv.locale,
                    mentions_are_people=inv.mentions_are_people,
                )
                language = ctx.language
                outputs = as_outputs(await call(ctx))
                if ctx.newcomer and not any(isinstance(o, Form) for o in outputs):
                    # the first thing this person did here: a welcome, privately (a form opens
                    # alone: a platform answers an interaction with a form and nothing else)
                    outputs += as_outputs(await ctx.hook_safely(PERSON_FIRST_SEEN, ctx.user_id))
                outputs, private = self._private_apart(outputs)
                rows = rows_for(inv.place, None, private, self.clock.now(), self.sender.holder)
                session.add_all(rows)
                await self.inbox.settle(session)  # done with the command's own changes
            await self.inbox.settled()  # (or, when it changed nothing, now, with others)
            self.workspaces.committed(ctx)
            self.scheduler.wake(ctx.scheduled)
            await self.courier.deliver(inv.place, outputs, surface)
            await self.sender.send(rows)
        except Superseded:
            outcome = "superseded"  # another process took it over: it answers
            return None
        except FormInvalid as invalid:
            outcome = "invalid"
            return {
                name: t(language, key, **quoted(params))
                for name, (key, params) in invalid.errors.items()
            }
        except UserError as error:
            outcome = "refused"
            await surface.send(text_message("⚠️ " + t(language, error.key, **quoted(error.params))))
        except Exception as error:
            outage = is_outage(error)
            outcome = "unavailable" if outage else "error"
            log_failure(log, "database unavailable" if outage else "unexpected error", error)
            key = "core.unavailable" if outage else "core.internal_error"
            await surface.send(text_message("⚠️ " + t(language, key)))
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

    @staticmethod
    def _private_apart(outputs: list[Output]) -> tuple[list[Output], list[Output]]:
        """(the answer and channel posts, the private messages to other people).

        A message ``to`` someone is stored in the outbox in the interaction's transaction,
        then delivered once, like a job's posts: a crash after the commit cannot lose it."""
        private = [o for o in outputs if isinstance(o, Message) and o.to]
        return [o for o in outputs if not (isinstance(o, Message) and o.to)], private

    async def language_of(self, place: Place, locale: str | None = None) -> str:
        """The language Outarde speaks to a person there, for an adapter's own text."""
        return await self.workspaces.language_of(place, locale)
