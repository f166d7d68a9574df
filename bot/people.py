"""People named in what someone typed: a mention resolved to a user id and a name."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.errors import UserError
from bot.text import harmless, truncate, user_ref


async def named_person(ctx: Ctx, token: str, *, must_be_known: bool) -> tuple[str, str] | None:
    """The user id and name of the person mentioned by ``token`` (None if not a mention).

    Someone who used Outarde is known by name; ``must_be_known`` refuses anyone else.
    """
    user_id = user_ref(token)
    if user_id is None:
        return None
    member = await ctx.member(user_id)
    if member is not None:
        return user_id, member.display_name
    if must_be_known:
        raise UserError("outarde.unknown_person", person=truncate(harmless(token), 60))
    return user_id, harmless(token)
