"""Who acts: name, admin flag and language from users.info (include_locale), cached."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.dedupe import TtlCache
from adapters.slack.pacing import with_retries
from bot.context import Actor

log = logging.getLogger("outarde.slack")


@dataclass(frozen=True)
class Person:
    actor: Actor
    locale: str | None


class People:
    """users.info, asked once per person every ``ttl`` seconds (admin rights may change)."""

    def __init__(self, ttl: float = 600.0, size: int = 5_000) -> None:
        self._cache: TtlCache[Person] = TtlCache(ttl, size)

    async def person(
        self, client: AsyncWebClient, team_id: str, user_id: str, fallback_name: str = ""
    ) -> Person:
        """The person, from the cache or users.info; their payload name if Slack won't say."""
        key = (team_id, user_id)
        known = self._cache.get(key)
        if known is not None:
            return known
        try:
            response = await with_retries(
                lambda: client.users_info(user=user_id, include_locale=True), what="users.info"
            )
        except Exception:
            log.warning("users.info failed", extra={"user": user_id}, exc_info=True)
            return Person(Actor(user_id, fallback_name or user_id), None)
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
        return Person(Actor(user_id, str(name), is_admin), user.get("locale"))
