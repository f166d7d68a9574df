"""The buttons of a highlight: « Utile », « Retirer » (and « Annuler » right after)."""

from __future__ import annotations

from sqlmodel import col, delete

from bot.ctx import Ctx
from bot.errors import NotAllowed, UserError
from bot.features.highlights.feature import feature
from bot.features.highlights.render import highlight_message, item_key
from bot.features.highlights.store import get_highlight, one_shown
from bot.messages import Actions, Button, Message, Reply, Section, Update, text_message
from storage.models.highlights import Highlight, HighlightInterest
from storage.queries import insert_ignore


async def refreshed(ctx: Ctx, highlight: Highlight) -> Update:
    """The highlight's channel message, redrawn (naming who withdrew it, if anyone)."""
    assert highlight.id is not None
    # ``withdrawn_by`` holds a user id; older rows hold a name, which display_name returns as is
    withdrawer = await ctx.display_name(highlight.withdrawn_by) if highlight.withdrawn_by else ""
    message = highlight_message(ctx, await one_shown(ctx, highlight), withdrawer)
    return Update(item_key(highlight.id), message)


@feature.action("highlights.useful")
async def toggle_useful(ctx: Ctx, value: str) -> Reply:
    """Each person counts once; clicking again takes the mark back. Authors do not count."""
    highlight = await get_highlight(ctx, value)
    if highlight.author_id == ctx.user_id:
        raise UserError("highlights.useful_own")
    added = await insert_ignore(
        ctx.session,
        HighlightInterest,
        {
            "workspace": ctx.workspace,
            "highlight_id": highlight.id,
            "user_id": ctx.user_id,
            "created_at": ctx.now,
        },
        ["highlight_id", "user_id"],
    )
    if not added:
        await ctx.session.exec(
            delete(HighlightInterest).where(  # type: ignore[call-overload]
                HighlightInterest.workspace == ctx.workspace,
                col(HighlightInterest.highlight_id) == highlight.id,
                HighlightInterest.user_id == ctx.user_id,
            )
        )
    update = await refreshed(ctx, highlight)
    key = "highlights.useful_added" if added else "highlights.useful_removed"
    return [update, text_message(ctx.t(key))]


async def withdrawable(ctx: Ctx, value: str, *, withdrawn: bool) -> Highlight:
    highlight = await get_highlight(ctx, value, withdrawn_ok=withdrawn)
    if withdrawn and highlight.withdrawn_at is None:
        raise UserError("highlights.not_withdrawn")
    if highlight.author_id != ctx.user_id and not ctx.is_coordinator:
        raise NotAllowed("highlights.withdraw_not_allowed")
    return highlight


@feature.action("highlights.withdraw")
async def withdraw(ctx: Ctx, value: str) -> Reply:
    """Authors withdraw their own highlights; coordinators any. Left out of lists and récoltes."""
    highlight = await withdrawable(ctx, value, withdrawn=False)
    highlight.withdrawn_at = ctx.now
    highlight.withdrawn_by = ctx.user_id
    ctx.session.add(highlight)
    confirmation = ctx.t("highlights.withdrawn")
    undo = Actions((Button(ctx.t("highlights.button_undo"), "highlights.restore", value),))
    return [
        await refreshed(ctx, highlight),
        Message(blocks=[Section(confirmation), undo], text=confirmation, ephemeral=True),
    ]


def withdrawn_by_author(highlight: Highlight) -> bool:
    """True when the author withdrew it (older rows stored the name rather than the id)."""
    return highlight.withdrawn_by in {highlight.author_id, highlight.author_name}


@feature.action("highlights.restore")
async def restore(ctx: Ctx, value: str) -> Reply:
    """« Annuler » right after « Retirer »: back as it was. A coordination's withdrawal stays
    unless the coordination undoes it."""
    highlight = await withdrawable(ctx, value, withdrawn=True)
    if not ctx.is_coordinator and not withdrawn_by_author(highlight):
        raise NotAllowed("highlights.restore_not_allowed")
    highlight.withdrawn_at = None
    highlight.withdrawn_by = None
    ctx.session.add(highlight)
    return [await refreshed(ctx, highlight), text_message(ctx.t("highlights.restored"))]
