"""The Slack bot: a slack-bolt AsyncApp whose commands, clicks and modals reach the core.

Every listener acknowledges first (Slack gives three seconds), then runs the core in a
background task and answers through response_url, chat.postMessage or chat.update.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.dedupe import SeenRequests, Stash
from adapters.slack.forms import OPEN_FORM, SlackForms
from adapters.slack.http import SharedHttp
from adapters.slack.installation_store import workspace_of
from adapters.slack.mentions import typed_text
from adapters.slack.middleware import Direct, Next
from adapters.slack.notifier import CALL_TIMEOUT, SlackNotifier, make_ref
from adapters.slack.oauth import OAuthConfig, listen_for_departures
from adapters.slack.oauth import settings as oauth_settings
from adapters.slack.pacing import ChannelPacer
from adapters.slack.people import People
from adapters.slack.render import decode_action_id, modal_values, unpack_metadata
from adapters.slack.surface import SlackSurface
from bot.app import Outarde
from bot.context import Invocation, Place
from bot.failures import is_outage, log_failure
from bot.i18n import normalise_language, t
from bot.inbox import Refusal, Ticket
from bot.installations import Installations
from bot.messages import text_message
from bot.ports import Notifier

INBOX_KINDS = ("command", "action", "view")  # the kinds of the entries this adapter records
log = logging.getLogger("outarde.slack")
PLATFORM = "slack"
DEFAULT_API_URL = "https://slack.com/api/"
INTAKE = "outarde_intake"  # the context key of what a listener middleware took in
ARRIVAL = "outarde_arrival"  # the context key of the request's Arrival (HTTP mode)
FORM_ERROR_LIMIT = 150  # Slack shows field errors under the input; keep them short


def _arrived(context: AsyncBoltContext) -> None:
    """The request is acknowledged (or about to be): the work it waited behind may run."""
    arrival = context.get(ARRIVAL)
    if arrival is not None:
        arrival.done()


def api_base_url(url: str | None = None) -> str:
    """SLACK_API_URL (tests, benchmarks, proxies) or Slack's; always ending with "/"."""
    value = url or os.environ.get("SLACK_API_URL") or DEFAULT_API_URL
    return value if value.endswith("/") else value + "/"


class SlackBot:
    """Outarde in Slack: owns the Bolt app, the notifier and the background work."""

    def __init__(
        self,
        core_for: Callable[[Notifier], Outarde],
        *,
        token: str | None = None,
        signing_secret: str | None = None,
        oauth: OAuthConfig | None = None,
        api_url: str | None = None,
        ack_budget: float = 2.0,
        click_debounce: float = 1.0,
        pacer: ChannelPacer | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.api_url = api_base_url(api_url)
        self.client = AsyncWebClient(token=token, base_url=self.api_url, timeout=CALL_TIMEOUT)
        self.http = SharedHttp(CALL_TIMEOUT)
        self.ack_budget = ack_budget
        self.signing_secret = signing_secret or ""
        self.stash = Stash()
        self.notifier = SlackNotifier(self._client_for, pacer=pacer, stash=self.stash, sleep=sleep)
        self.core = core_for(self.notifier)
        self.stash.db = self.core.db  # kept values go to the core's database
        self.people = People(sleep=sleep)
        self.seen = SeenRequests(self.core.db)
        self.click_debounce = click_debounce
        self.forms = SlackForms(self.notifier, self.stash)
        self.tasks: set[asyncio.Task[Any]] = set()
        # what a stopped Slack process left runs again here (a Discord one's is not ours)
        self.core.inbox.serve(self._resume, INBOX_KINDS)
        # distribution (OAuth): every installed workspace has its token in the database
        self.installations = (
            Installations(self.core.db, self.core.clock, oauth.sealer) if oauth else None
        )
        self._clients: dict[str, AsyncWebClient] = {}
        self.bolt = AsyncApp(
            client=self.client,
            oauth_settings=oauth_settings(oauth, self.installations, self.forget_client)
            if oauth and self.installations
            else None,
            signing_secret=signing_secret or "",
            # a workspace whose installation is gone (uninstalled, revoked): said in our words
            user_facing_authorize_error_message=(
                f"{t('fr', 'slack.other_team')}\n{t('en', 'slack.other_team')}"
            ),
            # the HTTP server checks every request's signature on its raw bytes before Bolt
            # sees it (adapters/slack/server.py ``authentic``); Socket Mode needs none
            request_verification_enabled=False,
            # every listener acks, hands its work to the inbox (or a task) and returns: Bolt
            # answers as soon as it returns, instead of polling for the ack every 10 ms
            process_before_response=True,
            name="slack_bolt.outarde",  # Bolt configures the logger of this name: not ours
        )
        self._register()

    async def _client_for(self, team_id: str) -> AsyncWebClient:
        """The Web API client of a workspace: the one bot token's, or (distribution) the
        client of the token that workspace's installation holds; all on the process's one
        HTTP session."""
        if self.installations is None:
            return self.shared_client()
        workspace = workspace_of(None, team_id)
        client = self._clients.get(workspace)
        if client is None:
            found = await self.installations.find(workspace)
            if found is None:
                raise LookupError(f"Outarde is not installed in {workspace}")
            client = AsyncWebClient(token=found.token, base_url=self.api_url, timeout=CALL_TIMEOUT)
            self._clients[workspace] = client
        client.session = self.http.session()
        return client

    def forget_client(self, workspace: str) -> None:
        """The workspace's token no longer works (uninstalled, revoked, reinstalled)."""
        self._clients.pop(workspace, None)

    def shared_client(self) -> AsyncWebClient:
        """The Web API client on the process's one HTTP session; Bolt copies its session
        into the client of each request, so call this before a request is dispatched."""
        self.client.session = self.http.session()
        return self.client

    async def close(self) -> None:
        """Close the process's HTTP session (after ``drain``)."""
        await self.http.close()
        self.client.session = None

    def _surface(
        self,
        client: AsyncWebClient,
        inv: Invocation,
        *,
        response_url: str | None = None,
        trigger_id: str | None = None,
    ) -> SlackSurface:
        """The answer to one command, click or submission, with what it posts through."""
        return SlackSurface(
            client,
            inv,
            notifier=self.notifier,
            stash=self.stash,
            forms=self.forms,
            response_url=response_url,
            trigger_id=trigger_id,
            poster=self.http.poster(),
        )

    # -- wiring ------------------------------------------------------------------------
    def command_names(self) -> list[str]:
        """Every slash command of the core (and aliases Slack could carry)."""
        names: list[str] = []
        for command in self.core.router.commands.values():
            for name in (command.name, *command.aliases):
                if re.fullmatch(r"[\w-]{1,31}", name) and name not in names:
                    names.append(name)
        return names

    def _register(self) -> None:
        self.bolt.use(Direct(self._only_own_team))
        # one listener for every command: Bolt tries its listeners one by one on each request
        names = "|".join(re.escape(name) for name in self.command_names())
        commands = re.compile(rf"^/(?:{names})$")
        self.bolt.command(commands, middleware=[Direct(self._intake_command)])(self._on_command)
        self.bolt.action(re.compile(r".+"), middleware=[self._intake_action])(self._on_action)
        self.bolt.view(re.compile(r".+"))(self._on_view)
        listen_for_departures(self)
        self.bolt.error(self._on_error)

    async def _only_own_team(self, request: AsyncBoltRequest, next: Next) -> Any:
        """One bot token serves its own team only (the one ``auth.test`` names): a request
        of another team, or an enterprise-wide install, is answered and never run."""
        context = request.context
        granted = context.authorize_result
        own = granted is None or (
            context.team_id == granted.team_id
            and not context.is_enterprise_install
            and (context.enterprise_id or None) == (granted.enterprise_id or None)
        )
        if own:
            return await next()
        team, enterprise = str(context.team_id)[:20], str(context.enterprise_id)[:20]
        log.warning("another team refused", extra={"team": team, "enterprise": enterprise})
        text = f"{t('fr', 'slack.other_team')}\n{t('en', 'slack.other_team')}"
        return BoltResponse(status=200, body=text)

    # -- background work -------------------------------------------------------------
    def spawn(self, work: Coroutine[Any, Any, Any], surface: SlackSurface | None = None) -> None:
        """Run ``work`` after the ack; a failure still reaches the person."""
        task = asyncio.create_task(self._guarded(work, surface))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _guarded(self, work: Coroutine[Any, Any, Any], surface: SlackSurface | None) -> None:
        try:
            await work
        except Exception as error:
            outage = is_outage(error)
            log_failure(
                log, "database unavailable" if outage else "slack interaction failed", error
            )
            if surface is not None:
                try:
                    key = "core.unavailable" if outage else "core.internal_error"
                    apology = t(surface.language, key)
                    await surface.send_private(text_message("⚠️ " + apology))
                except Exception:
                    log.exception("could not tell the person about the failure")

    async def drain(self) -> None:
        """Wait for every background task and all the work taken in (tests, shutdown)."""
        while self.tasks or self.core.inbox.tasks:
            await asyncio.gather(
                *list(self.tasks), *list(self.core.inbox.tasks), return_exceptions=True
            )  # each failure was logged where it happened: a stop goes on

    @property
    def pending(self) -> int:
        """Work acknowledged and not finished in this process."""
        return len(self.tasks) + self.core.inbox.pending

    # -- taking work in: admitted, recorded, acknowledged, run in the person's turn ------
    # The admission and the record happen in a listener middleware: Bolt starts polling for
    # the ack (every 10 ms) only once the listener runs, so the listener acks at once.
    async def _intake_command(self, request: AsyncBoltRequest, next: Next) -> Any:
        body = request.body
        request_id = body.get("trigger_id") or (
            body.get("team_id"),
            body.get("channel_id"),
            body.get("user_id"),
            body.get("command"),
            body.get("text"),
            body.get("response_url"),
        )
        person = (str(body.get("team_id", "")), str(body.get("user_id", "")))
        key = ("command", request_id)
        request.context[INTAKE] = await self._admit(person, "command", key, {"body": body})
        return await next()

    async def _intake_action(
        self,
        context: AsyncBoltContext,
        body: dict[str, Any],
        payload: dict[str, Any],
        next: Callable[[], Awaitable[Any]],
    ) -> Any:
        user = str((body.get("user") or {}).get("id", ""))
        team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id", "")
        key = ("action", payload.get("action_ts"), user, str(payload.get("action_id", "")))
        entry = {"body": body, "action": payload}
        context[INTAKE] = await self._admit((str(team), user), "action", key, entry)
        return await next()

    async def _admit(
        self, person: tuple[str, str], kind: str, key: tuple[Any, ...], payload: dict[str, Any]
    ) -> tuple[Ticket | Refusal, asyncio.Future[bool] | None, str]:
        """Admit the work and record its entry (waiting at most half the ack's budget: a
        busy database records it when it answers); a refusal carries its text."""
        team, user = person
        inbox = self.core.inbox
        admitted = inbox.admit(f"{PLATFORM}:{team}", user)
        if isinstance(admitted, Refusal):
            return admitted, None, admitted.text(self._known_language(team, user))
        recording = inbox.record(admitted, kind, key, payload)
        try:
            await recording.within(self.ack_budget / 2)
        except BaseException:
            inbox.run(admitted, self._once_recorded(recording.stored, kind, None))
            raise
        return admitted, recording.stored, kind

    async def _take_in(
        self,
        ack: AsyncAck,
        context: AsyncBoltContext,
        work: Callable[[], Coroutine[Any, Any, Any]],
    ) -> None:
        """Acknowledge (the refusal in the ack itself, over a rate limit), then run ``work``
        in the person's turn."""
        admitted, recording, said = context[INTAKE]
        if isinstance(admitted, Refusal):
            await ack(text=said)
            _arrived(context)
            return
        try:
            await ack()
        finally:  # the turn is always taken, or the person's next work would wait for ever
            _arrived(context)
            self.core.inbox.run(admitted, self._once_recorded(recording, said, work))

    async def _once_recorded(
        self,
        recording: asyncio.Future[bool] | None,
        kind: str,
        work: Callable[[], Coroutine[Any, Any, Any]] | None,
    ) -> None:
        if recording is not None and not await recording:  # a retry, a replay, a replica's
            log.info("repeated request ignored", extra={"kind": kind})
            return
        if work is not None:
            await self._guarded(work(), None)

    def _known_language(self, team: str, user: str) -> str:
        """The person's language as far as this process knows without asking anyone."""
        known = self.people.known(team, user)
        return normalise_language(known.locale if known else None)

    async def _resume(self, kind: str, payload: dict[str, Any]) -> None:
        """Run again an entry a stopped process acknowledged and did not finish, with the Web
        API client of its own workspace (distribution: each has its token)."""
        body = payload.get("body") or {}
        team = body.get("team_id") or (body.get("team") or {}).get("id") or ""
        try:
            client = await self._client_for(str(team))
        except LookupError:  # uninstalled since: nobody left to answer there
            log.info("inbox entry of a departed workspace dropped", extra={"kind": kind[:20]})
            return
        if kind == "command":
            await self._guarded(self._command(body, client), None)
        elif kind == "action":
            await self._guarded(self._click(body, payload.get("action") or {}, client), None)
        elif kind == "view":  # the modal closed long ago: the answer comes as a message
            box: list[SlackSurface] = []
            view = body.get("view") or {}
            work = asyncio.ensure_future(self._submission(body, view, client, box))
            await self._guarded(self._late_submission(work, box), None)
        else:
            log.error("unknown inbox entry", extra={"kind": kind[:20]})

    # -- listeners ---------------------------------------------------------------------
    async def _on_command(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await self._take_in(ack, context, lambda: self._command(body, client))

    async def _command(self, body: dict[str, Any], client: AsyncWebClient) -> None:
        team, channel, user = body["team_id"], body["channel_id"], body["user_id"]
        person = await self.people.person(client, team, user, body.get("user_name", ""))
        inv = Invocation(Place(PLATFORM, team, channel), person.actor, person.locale)
        surface = self._surface(
            client,
            inv,
            response_url=body.get("response_url"),
            trigger_id=body.get("trigger_id"),
        )
        surface.language = await self._language(inv)
        name = str(body.get("command", "")).lstrip("/")
        text = typed_text(str(body.get("text") or ""))  # mentions as the core reads them
        await self._in_guard(self.core.command(inv, name, text, surface), surface)

    async def _language(self, inv: Invocation) -> str:
        """The person's language there; their locale's when the database is busy."""
        try:
            return await self.core.language_of(inv.place, inv.locale)
        except Exception as error:
            if not is_outage(error):
                raise
            return normalise_language(inv.locale)

    async def _in_guard(self, work: Coroutine[Any, Any, Any], surface: SlackSurface) -> Any:
        try:
            return await work
        except Exception as error:
            outage = is_outage(error)
            log_failure(
                log, "database unavailable" if outage else "slack interaction failed", error
            )
            apology = t(surface.language, "core.unavailable" if outage else "core.internal_error")
            await surface.send_private(text_message("⚠️ " + apology))
            return None

    async def _on_action(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await self._take_in(ack, context, lambda: self._click(body, action, client))

    async def _click(
        self, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """A click, unless the same button was pressed again a moment ago."""
        user = body["user"]["id"]
        slack_action_id = str(action.get("action_id", ""))
        team = (body.get("team") or {}).get("id") or body["user"].get("team_id", "")
        workspace = f"{PLATFORM}:{team}"
        container = body.get("container") or {}
        metadata = unpack_metadata((body.get("view") or {}).get("private_metadata", ""))
        channel = (
            (body.get("channel") or {}).get("id")
            or container.get("channel_id")
            or metadata.get("c", "")
        )
        message_ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
        raw = action.get("value")
        if raw is None:
            raw = (action.get("selected_option") or {}).get("value", "")
        value = await self.stash.take(str(raw))
        action_id = decode_action_id(slack_action_id)
        if await self._is_double_click((user, channel, message_ts, action_id, value), workspace):
            log.info("double click ignored", extra={"action": action_id})
            return
        await self._action(body, client, channel, message_ts, action_id, value)

    async def _is_double_click(self, click: tuple[Any, ...], workspace: str) -> bool:
        """The same button pressed again within ``click_debounce`` seconds, on any replica."""
        if not self.click_debounce:
            return False
        return not await self.seen.first(("click", *click), workspace, ttl=self.click_debounce)

    async def _action(
        self,
        body: dict[str, Any],
        client: AsyncWebClient,
        channel: str,
        message_ts: str | None,
        action_id: str,
        value: str,
    ) -> None:
        team = (body.get("team") or {}).get("id") or body["user"].get("team_id", "")
        user = body["user"]
        person = await self.people.person(
            client, team, user["id"], user.get("name") or user.get("username", "")
        )
        ephemeral = bool((body.get("container") or {}).get("is_ephemeral"))
        ref = make_ref(channel, message_ts) if message_ts and not ephemeral else None
        inv = Invocation(Place(PLATFORM, team, channel), person.actor, person.locale, ref)
        surface = self._surface(
            client,
            inv,
            response_url=body.get("response_url"),
            trigger_id=body.get("trigger_id"),
        )
        surface.language = await self._language(inv)
        if action_id == OPEN_FORM:
            await self.forms.reopen(surface, value)
            return
        await self._in_guard(self.core.action(inv, action_id, value, surface), surface)

    async def _on_view(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        """A modal submitted: recorded in the inbox within the ack's budget (else the form
        stays open with the outage reply), run in the person's turn; its field errors go
        in the ack when it is done in time, else the modal closes and the answer follows."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.ack_budget
        team = (body.get("team") or {}).get("id") or view.get("team_id", "")
        user = str((body.get("user") or {}).get("id", ""))
        inbox = self.core.inbox
        admitted = inbox.admit(f"{PLATFORM}:{team}", user)
        if isinstance(admitted, Refusal):
            text = admitted.text(self._known_language(str(team), user))
            await ack(response_action="errors", errors=self._under_first_field(view, text))
            return
        key = ("view", view.get("id"), view.get("hash"))
        try:  # the ack never waits on a busy database longer than its budget
            first = await asyncio.wait_for(
                inbox.record(admitted, "view", key, {"body": body}, strict=True),
                self.ack_budget / 2,
            )
        except Exception as error:
            inbox.release(admitted)
            log_failure(log, "database unavailable", error)
            await ack(response_action="errors", errors=self._unavailable(body, view))
            return
        if not first:
            inbox.release(admitted)
            await ack()
            return
        surface_box: list[SlackSurface] = []
        work: asyncio.Future[dict[str, str] | None] = loop.create_future()
        _arrived(context)  # its ack waits for its own work: that work must not wait for it
        inbox.run(admitted, self._submission_into(work, body, view, client, surface_box))
        try:
            errors = await asyncio.wait_for(asyncio.shield(work), deadline - loop.time())
        except TimeoutError:  # slow: close the modal now, answer when the work is done
            await ack()
            self.spawn(self._late_submission(work, surface_box))
            return
        surface = surface_box[0]
        held, surface.held_forms = surface.held_forms, None
        known = {block.get("block_id") for block in view.get("blocks", [])}
        if errors and set(errors) <= known:
            shown = {name: text[:FORM_ERROR_LIMIT] for name, text in errors.items()}
            await ack(response_action="errors", errors=shown)
        elif errors:
            await ack()
            self.spawn(self._tell_form_errors(surface, errors), surface)
        elif held:
            modal = self.forms.modal(held[0], surface)
            await self.stash.save(surface.inv.place.workspace_id)
            await ack(response_action="update", view=modal)
            for form in held[1:]:
                self.spawn(self.forms.open_form(surface, form, surface.trigger_id), surface)
        else:
            await ack()

    def _unavailable(self, body: dict[str, Any], view: dict[str, Any]) -> dict[str, str]:
        """The outage reply, under the form's first field (the form stays open)."""
        locale = (body.get("user") or {}).get("locale")
        return self._under_first_field(view, t(locale or "fr", "core.unavailable"))

    @staticmethod
    def _under_first_field(view: dict[str, Any], text: str) -> dict[str, str]:
        """``text`` shown under the form's first field (the form stays open)."""
        text = text[:FORM_ERROR_LIMIT]
        blocks = [b.get("block_id") for b in view.get("blocks", []) if b.get("type") == "input"]
        return {str(blocks[0]): text} if blocks and blocks[0] else {}

    async def _submission(
        self,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        surface_box: list[SlackSurface],
    ) -> dict[str, str] | None:
        """The core's part of a modal submission; field errors, or None."""
        metadata = unpack_metadata(view.get("private_metadata", ""))
        state = await self.stash.take(metadata["k"]) if "k" in metadata else metadata.get("s", "")
        team = (body.get("team") or {}).get("id") or view.get("team_id", "")
        user = body["user"]
        person = await self.people.person(
            client, team, user["id"], user.get("name") or user.get("username", "")
        )
        place = Place(PLATFORM, team, metadata.get("c", ""))
        inv = Invocation(place, person.actor, person.locale, metadata.get("m") or None)
        surface = self._surface(client, inv, trigger_id=body.get("trigger_id"))
        surface.language = await self._language(inv)
        surface.held_forms = []
        surface_box.append(surface)
        form_id = str(view.get("callback_id", ""))
        values = {name: typed_text(value) for name, value in modal_values(view).items()}
        submitted = self.core.submit(inv, form_id, values, state, surface)
        return await self._in_guard(submitted, surface)

    async def _submission_into(
        self,
        result: asyncio.Future[dict[str, str] | None],
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        surface_box: list[SlackSurface],
    ) -> None:
        """The submission in the person's turn; its field errors (or None) into ``result``."""
        try:
            errors = await self._submission(body, view, client, surface_box)
        except BaseException as error:
            if not result.done():
                result.set_exception(error)
            raise
        result.set_result(errors)

    async def _late_submission(
        self, work: asyncio.Future[Any], surface_box: list[SlackSurface]
    ) -> None:
        errors = await work
        surface = surface_box[0]
        held, surface.held_forms = surface.held_forms, None
        for form in held or []:
            await self.forms.open_form(surface, form, None)
        if errors:
            await self._tell_form_errors(surface, errors)

    async def _tell_form_errors(self, surface: SlackSurface, errors: dict[str, str]) -> None:
        lines = "\n".join(f"• {text}" for text in errors.values())
        await surface.send_private(text_message(t(surface.language, "slack.form_errors") + lines))

    async def _on_error(self, error: Exception, body: dict[str, Any]) -> None:
        log.error("slack request failed", exc_info=error, extra={"type": body.get("type")})
