"""Endorsing, objecting, adopting and replacing charter versions: the same rules as the
shared vocabulary's definitions."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.charter import store
from bot.features.charter.render import (
    adopted_message,
    card_key,
    coordination_decides,
    threshold,
    version_card,
)
from bot.features.charter.versions import (
    ADOPTED,
    AMENDED,
    DRAFT,
    ENDORSE,
    OBJECT,
    PROPOSED,
    REACHED,
    REPLACED,
    UNSTANCED,
)
from bot.messages import Message, Output, Update, text_message
from storage.models.charter import CharterVersion

CONFIRMATIONS = {ENDORSE: "charter.endorsed", OBJECT: "charter.objected"}
WITHDRAWALS = {ENDORSE: "charter.withdrawn_endorsement", OBJECT: "charter.withdrawn_objection"}


def closed(ctx: Ctx, version: CharterVersion) -> UserError:
    """The refusal to endorse, object to or adopt a version no longer under discussion."""
    status = ctx.t(f"charter.status.{version.status}")
    return UserError("charter.closed", number=version.number, status=status)


async def open_version(ctx: Ctx, number: int | None) -> CharterVersion:
    """The version a person (or an untrusted button) names, locked and still under
    discussion; with no number, the proposal under discussion."""
    if number is None:
        draft = await store.draft(ctx)
        if draft is None:
            raise UserError("charter.no_draft")
        return draft
    version = await store.get_version(ctx, number)
    if version.status != DRAFT:
        raise closed(ctx, version)
    return version


async def card(ctx: Ctx, version: CharterVersion, intro: str | None = None) -> Message:
    """The channel post of a version (updated in place as people endorse or object)."""
    stances = await store.stances_of(ctx, version.number)
    ids = {version.author_id} | {s.user_id for s in stances if s.kind == OBJECT}
    if version.adopted_by:
        ids.add(version.adopted_by)
    names = await ctx.display_names(ids)
    return version_card(ctx, version, stances, names, intro)


async def new_version(ctx: Ctx, text: str, base: CharterVersion | None) -> list[Output]:
    """Store a version (its author endorses it), post its card, adopt it if the threshold
    is already reached; ``base`` is the version it amends, if any."""
    outputs: list[Output] = []
    if base is not None and base.status == DRAFT:
        await store.set_status(ctx, base, AMENDED, by=ctx.user_id)
        outputs.append(Update(card_key(base), await card(ctx, base)))
    version = await store.add_version(ctx, text)
    await store.add_step(ctx, version.number, PROPOSED, ctx.user_id)
    await store.cast_stance(ctx, version.number, ENDORSE, None)
    await store.add_step(ctx, version.number, ENDORSE, ctx.user_id)
    author = await ctx.display_name(ctx.user_id)
    if base is not None:
        said = ctx.t("charter.amended", name=author, number=version.number, before=base.number)
    else:
        said = ctx.t("charter.proposed", name=author, number=version.number)
    announcements = await adopt_if_reached(ctx, version)
    return [*outputs, await card(ctx, version, said), *announcements]


async def take_stance(
    ctx: Ctx, number: int | None, kind: str, reason: str | None = None
) -> list[Output]:
    """Record the person's endorsement or objection of a version under discussion."""
    version = await open_version(ctx, number)
    previous = await store.cast_stance(ctx, version.number, kind, reason)
    if previous == kind and kind == ENDORSE:
        key = "charter.unchanged"
    else:
        key = CONFIRMATIONS[kind]
        await store.add_step(ctx, version.number, kind, ctx.user_id, reason)
    return await after_stance(ctx, version, ctx.t(key, number=version.number))


async def withdraw_stance(ctx: Ctx, number: int | None) -> list[Output]:
    """Withdraw one's endorsement or objection of a version under discussion."""
    version = await open_version(ctx, number)
    kind = await store.remove_stance(ctx, version.number)
    if kind is None:
        raise UserError("charter.nothing_to_withdraw", number=version.number)
    await store.add_step(ctx, version.number, UNSTANCED, ctx.user_id, kind)
    return await after_stance(ctx, version, ctx.t(WITHDRAWALS[kind], number=version.number))


async def after_stance(ctx: Ctx, version: CharterVersion, confirmation: str) -> list[Output]:
    """Adopt if the stances now allow it, update the card, confirm privately."""
    announcements = await adopt_if_reached(ctx, version)
    update = Update(card_key(version), await card(ctx, version))
    return [update, *announcements, text_message(confirmation)]


async def adopt_if_reached(ctx: Ctx, version: CharterVersion) -> list[Output]:
    """Adopt a version under discussion whose endorsements reach the threshold unopposed.

    A charter in force is never replaced by the threshold: the coordination is told
    (once per version) and decides with ``/charte adopter``.
    """
    if version.status != DRAFT:
        return []
    counts = await store.counts_of(ctx, version.number)
    if counts[ENDORSE] < threshold(ctx) or counts[OBJECT]:
        return []
    in_force = await store.adopted(ctx)
    if in_force is None:
        return await adopt(ctx, version, by=None)
    if await store.has_step(ctx, version.number, REACHED):
        return []
    await store.add_step(ctx, version.number, REACHED, None)
    return [coordination_decides(ctx, version, in_force)]


async def adopt(ctx: Ctx, version: CharterVersion, *, by: str | None) -> list[Output]:
    """Make ``version`` the charter in force (``by`` a coordinator, None by the threshold);
    the one it replaces is kept in the history. Adhesions stay with their version."""
    outputs: list[Output] = []
    replaced = await store.adopted(ctx)
    if replaced is not None:
        await store.set_status(ctx, replaced, REPLACED, by=by)
        outputs.append(Update(card_key(replaced), await card(ctx, replaced)))
    await store.set_status(ctx, version, ADOPTED, by=by)
    outputs.append(Update(card_key(version), await card(ctx, version)))
    name = await ctx.display_name(by) if by else None
    return [*outputs, adopted_message(ctx, version, name, replaced)]


async def adopt_by_coordinator(ctx: Ctx, number: int | None) -> list[Output]:
    """The coordination adopts the proposal (over objections too, as for definitions)."""
    ctx.require_coordinator()
    if number is not None:
        version = await store.get_version(ctx, number)
        if version.status == ADOPTED:
            raise UserError("charter.already_adopted", number=version.number)
        if version.status != DRAFT:
            raise closed(ctx, version)
    else:
        version = await open_version(ctx, None)
    return await adopt(ctx, version, by=ctx.user_id)
