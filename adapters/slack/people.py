"""Who acts: name, admin flag and language from users.info (include_locale), cached."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.dedupe import TtlCache
from adapters.slack.mentions import typed_text
from adapters.slack.pacing import transient, with_retries
from bot.context import Actor

log = logging.getLogger("outarde.slack")


@dataclass(frozen=True)
class Person:
    actor: Actor
    locale: str | None


class People:
    """users.info, asked once per person every ``ttl`` seconds (admin rights may change).

    When users.info fails (Slack down: 5xx, timeouts), the failure is remembered for
    ``failure_ttl`` seconds for the whole workspace: meanwhile every command answers at once
    with the name the payload carries, instead of waiting out the retries each time.
    """

    def __init__(
        self,
        ttl: float = 600.0,
        size: int = 5_000,
        failure_ttl: float = 60.0,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.sleep = sleep
        self._cache: TtlCache[Person] = TtlCache(ttl, size, now=now)
        self._failing: TtlCache[bool] = TtlCache(failure_ttl, 1_000, now=now)
        self._asking: dict[tuple[str, str], asyncio.Task[Person]] = {}

    def known(self, team_id: str, user_id: str) -> Person | None:
        """The person if this process knows them already (never asks Slack)."""
        return self._cache.get((team_id, user_id))

    async def person(
        self, client: AsyncWebClient, team_id: str, user_id: str, fallback_name: str = ""
    ) -> Person:
        """The person, from the cache or users.info; their payload name if Slack won't say.

        Several commands of one person at once share a single users.info call."""
        key = (team_id, user_id)
        known = self._cache.get(key)
        if known is not None:
            return known
        asking = self._asking.get(key)
        if asking is None:
            asking = asyncio.ensure_future(self._ask(client, team_id, user_id, fallback_name))
            self._asking[key] = asking
            asking.add_done_callback(lambda _: self._asking.pop(key, None))
        return await asyncio.shield(asking)

    async def _ask(
        self, client: AsyncWebClient, team_id: str, user_id: str, fallback_name: str
    ) -> Person:
        key = (team_id, user_id)
        fallback = Person(Actor(user_id, fallback_name or user_id), None)
        if self._failing.get(team_id):
            return fallback
        try:
            response = await with_retries(
                lambda: client.users_info(user=user_id, include_locale=True),
                what="users.info",
                sleep=self.sleep,
            )
        except Exception as error:
            log.warning("users.info failed", extra={"user": user_id}, exc_info=True)
            if transient(error):  # Slack is down, not this person unknown: wait a minute
                self._failing.put(team_id, True)
            return fallback
        person = self.from_user(response.get("user") or {}, user_id, fallback_name)
        self._cache.put(key, person)
        return person

    @staticmethod
    def from_user(user: dict, user_id: str, fallback_name: str = "") -> Person:
        profile = user.get("profile") or {}
        name = (
            profile.get("display_name")
            or profile.get("real_name")
            or user.get("real_name")
            or user.get("name")
            or fallback_name
            or user_id
        )
        is_admin = bool(
            user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")
        )
        actor = Actor(user_id, typed_text(str(name)), is_admin)  # « <!here> » is text there
        return Person(actor, user.get("locale"))
