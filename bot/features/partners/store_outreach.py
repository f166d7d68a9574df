"""The partners' map as the table's public page shows it, and who agreed to be named there."""

from __future__ import annotations

from sqlmodel import col, delete, select

from bot.ctx import Ctx
from storage.models import Member
from storage.models.partners import PublicName
from storage.queries import insert_ignore


async def agree(ctx: Ctx, agreed: bool) -> None:
    """Record (or withdraw) the person's agreement to be named on the public page."""
    if agreed:
        row = {"workspace": ctx.workspace, "user_id": ctx.user_id, "agreed_at": ctx.now}
        await insert_ignore(ctx.session, PublicName, row, ["workspace", "user_id"])
        return
    await ctx.session.exec(
        delete(PublicName).where(  # type: ignore[call-overload]
            col(PublicName.workspace) == ctx.workspace, col(PublicName.user_id) == ctx.user_id
        )
    )


async def named_representatives(ctx: Ctx) -> list[Member]:
    """The people who represent an organisation and agreed to be named."""
    statement = (
        select(Member)
        .join(
            PublicName,
            (PublicName.workspace == Member.workspace) & (PublicName.user_id == Member.user_id),
        )
        .where(Member.workspace == ctx.workspace, col(Member.organisation).is_not(None))
        .order_by(col(Member.display_name))
    )
    return list((await ctx.session.exec(statement)).all())
