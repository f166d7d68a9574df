"""The e-mail directory's storage: partners reached by mail, their consent and unsubscription."""

from __future__ import annotations

from sqlmodel import col, select

from bot.ctx import Ctx
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
