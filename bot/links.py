"""Secret public links and what the web server asks the core for: a page behind a token.

A feature declares ``@feature.page("cal")``: ``async def f(ctx, link) -> Page | None``; the
core finds the link (``kind`` and token, not revoked) and hands the feature a ``Ctx`` of the
link's channel, without a person. An unknown, revoked or malformed token gets None: the
web server answers a bare 404.
"""

from __future__ import annotations

import os
import re
import secrets

from sqlmodel import col, select, update

from bot.ctx import Ctx
from bot.pages import Page, PageSection
from storage.models.web import PublicLink

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
PUBLIC_URL = "OUTARDE_PUBLIC_URL"
__all__ = ["Page", "PageSection", "current", "find", "issue", "public_url", "revoke"]


def public_url() -> str | None:
    """The server's public address (``https://outarde.example.org``), None when unset."""
    value = os.environ.get(PUBLIC_URL, "").strip().rstrip("/")
    return value if value.startswith(("https://", "http://")) else None


def well_formed(token: str) -> bool:
    """Could ``token`` be one of ours? (Refused before any query.)"""
    return TOKEN_SHAPE.fullmatch(token) is not None


async def current(ctx: Ctx, kind: str, channel: str | None = None) -> PublicLink | None:
    """The live link of ``kind`` for the channel (or the workspace when ``channel`` is "")."""
    statement = select(PublicLink).where(
        PublicLink.workspace == ctx.workspace,
        PublicLink.kind == kind,
        PublicLink.channel == (ctx.place.channel if channel is None else channel),
        col(PublicLink.revoked_at).is_(None),
    )
    return (await ctx.session.exec(statement.order_by(col(PublicLink.id).desc()))).first()


async def issue(ctx: Ctx, kind: str, channel: str | None = None) -> PublicLink:
    """The live link of ``kind`` there, created when there is none."""
    link = await current(ctx, kind, channel)
    if link is not None:
        return link
    link = PublicLink(
        workspace=ctx.workspace,
        channel=ctx.place.channel if channel is None else channel,
        kind=kind,
        token=secrets.token_urlsafe(24),
        created_by=ctx.actor.user_id if ctx.actor else "",
        created_at=ctx.now,
    )
    ctx.session.add(link)
    await ctx.session.flush()
    return link


async def revoke(ctx: Ctx, kind: str, channel: str | None = None) -> int:
    """Revoke every live link of ``kind`` there; how many were."""
    result = await ctx.session.exec(  # type: ignore[call-overload]
        update(PublicLink)
        .where(
            col(PublicLink.workspace) == ctx.workspace,
            col(PublicLink.kind) == kind,
            col(PublicLink.channel) == (ctx.place.channel if channel is None else channel),
            col(PublicLink.revoked_at).is_(None),
        )
        .values(revoked_at=ctx.now)
    )
    return int(result.rowcount or 0)


async def find(session: object, kind: str, token: str) -> PublicLink | None:
    """The live link ``token`` of ``kind``, whatever its workspace (the token is the secret)."""
    if not well_formed(token):
        return None
    statement = select(PublicLink).where(
        PublicLink.kind == kind, PublicLink.token == token, col(PublicLink.revoked_at).is_(None)
    )
    return (await session.exec(statement)).first()  # type: ignore[attr-defined]
