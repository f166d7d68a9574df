"""The e-mail directory's storage: partners reached by mail, their consent and unsubscription."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import col, func, select

from bot.ctx import Ctx
from storage.models import Job
from storage.models.web import MailContact


async def find(ctx: Ctx, address: str) -> MailContact | None:
    statement = select(MailContact).where(
        MailContact.workspace == ctx.workspace, MailContact.address == address
    )
    return (await ctx.session.exec(statement)).first()


async def get(ctx: Ctx, contact_id: int) -> MailContact | None:
    statement = select(MailContact).where(
        MailContact.workspace == ctx.workspace, MailContact.id == contact_id
    )
    return (await ctx.session.exec(statement)).first()


async def subscribed(ctx: Ctx) -> list[MailContact]:
    """Every address that may be written to, in order of addition."""
    statement = select(MailContact).where(
        MailContact.workspace == ctx.workspace, col(MailContact.unsubscribed_at).is_(None)
    )
    return list((await ctx.session.exec(statement.order_by(col(MailContact.id)))).all())


async def save(ctx: Ctx, contact: MailContact) -> MailContact:
    ctx.session.add(contact)
    await ctx.session.flush()
    return contact


async def refused(ctx: Ctx) -> list[MailContact]:
    """Subscribed addresses a server refused (5xx) or that bounced: not written to until
    the coordination adds them again."""
    statement = select(MailContact).where(
        MailContact.workspace == ctx.workspace,
        col(MailContact.unsubscribed_at).is_(None),
        col(MailContact.refused_at).is_not(None),
    )
    return list((await ctx.session.exec(statement.order_by(col(MailContact.id)))).all())


async def last_digest(ctx: Ctx, kind: str) -> datetime | None:
    """When the workspace's last digest job (``kind``) was done; None before the first."""
    statement = select(func.max(Job.done_at)).where(
        Job.workspace == ctx.workspace, Job.kind == kind, Job.status == "done"
    )
    found = (await ctx.session.exec(statement)).first()
    return found.replace(tzinfo=UTC) if found is not None and found.tzinfo is None else found


def person_id(contact: MailContact) -> str:
    """How a partner reached by mail is named among the meeting's answers."""
    return f"courriel:{contact.id}"
