"""Who may edit, withdraw and restore a highlight."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.errors import NotAllowed, UserError
from storage.models.highlights import Highlight


def require_author(ctx: Ctx, highlight: Highlight) -> Highlight:
    """The highlight, if the person wrote it (only authors edit)."""
    if highlight.author_id != ctx.user_id:
        raise NotAllowed("highlights.edit_not_author")
    return highlight


def require_withdrawer(ctx: Ctx, highlight: Highlight, *, withdrawn: bool) -> Highlight:
    """The highlight, if the person may withdraw it (its author or a coordinator).

    ``withdrawn``: it must have been withdrawn already (to restore it).
    """
    if withdrawn and highlight.withdrawn_at is None:
        raise UserError("highlights.not_withdrawn")
    if highlight.author_id != ctx.user_id and not ctx.is_coordinator:
        raise NotAllowed("highlights.withdraw_not_allowed")
    return highlight


def withdrawn_by_author(highlight: Highlight) -> bool:
    """True when the author withdrew it (older rows stored the name rather than the id)."""
    return highlight.withdrawn_by in {highlight.author_id, highlight.author_name}


def require_restorer(ctx: Ctx, highlight: Highlight) -> Highlight:
    """The withdrawn highlight, if the person may restore it.

    A coordination's withdrawal stays unless the coordination undoes it.
    """
    highlight = require_withdrawer(ctx, highlight, withdrawn=True)
    if not ctx.is_coordinator and not withdrawn_by_author(highlight):
        raise NotAllowed("highlights.restore_not_allowed")
    return highlight


def require_other_than_author(ctx: Ctx, highlight: Highlight) -> Highlight:
    """The highlight, unless the person wrote it: authors do not count as « Utile »."""
    if highlight.author_id == ctx.user_id:
        raise UserError("highlights.useful_own")
    return highlight
