"""The /partenaire subcommands."""

from __future__ import annotations

from bot import hooks
from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.partners.mapping import (
    MAP_PAGE_SIZE,
    NAMES_SHOWN,
    in_map_order,
    missing_count,
)
from bot.features.partners.names import MAX_NAME, check_name, moves_away, split_organisation
from bot.features.partners.render import (
    mandate_announcement,
    mandate_message,
    map_message,
    organisation_listed_message,
    organisation_removed_message,
    profile_message,
)
from bot.features.partners.store import (
    add_event,
    adhesions,
    charter_number,
    detach_members,
    ensure_organisation,
    find_organisation,
    forget_organisation,
    left_empty,
    map_entries,
    members_with,
    remove_organisation,
    set_mandated,
    set_organisation,
    spellings_by_key,
)
from bot.features.partners.vacancy import filled, job_key, left_vacant
from bot.messages import Message, Reply
from bot.paging import Span, page_of, read_page_value
from bot.people import named_person
from bot.router import Feature
from bot.settings import parse_bool
from bot.text import harmless, split_args, user_ref

feature = Feature("partners")


@feature.command("partenaire", "moi", aliases=("me",), help="partners.help.moi")
async def set_mine(ctx: Ctx, text: str) -> Reply:
    """Set the organisation (and sector) the person represents; a first one brings the
    welcome other features offer (``hooks.MEMBER_JOINED``)."""
    name, sector = split_organisation(text)
    check_name(name, sector, ctx.t("partners.help.moi.example"))
    organisation, _ = await ensure_organisation(ctx, name, sector)
    left = await left_empty(ctx, organisation)
    member = await ctx.member(ctx.user_id)
    before = member.organisation if member else None
    mandate_lost = moves_away(before, organisation) and bool(member and member.mandated)
    await set_organisation(ctx, organisation, drop_mandate=mandate_lost)
    await filled(ctx, organisation)
    if left is not None and not left.listed:
        await forget_organisation(ctx, left)  # nobody named it but its last representative
    elif left is not None:
        await left_vacant(ctx, left)
    person = await ctx.display_name(ctx.user_id)
    dropped = before if mandate_lost else None
    profile = profile_message(ctx, person, organisation, sector, left, dropped)
    welcome = await ctx.hook_safely(hooks.MEMBER_JOINED, ctx.user_id) if not before else []
    return [profile, *welcome]


@feature.command("partenaire", "mandat", aliases=("mandate",), help="partners.help.mandat")
async def set_mandate(ctx: Ctx, text: str) -> Message:
    """« oui » if the person may decide for their organisation; coordinators may set others'.

    A coordinator's change for someone else is said in the channel, naming the person.
    """
    words = split_args(text)
    target = ctx.user_id
    if words and user_ref(words[0]):
        ctx.require_coordinator()
        person = await named_person(ctx, words.pop(0), must_be_known=True)
        target = person[0] if person else target
    if len(words) != 1:
        raise ctx.usage_error()
    try:
        mandated = parse_bool(words[0])
    except UserError as error:
        raise UserError(error.key, **error.params, command="/partenaire mandat") from None
    member = await ctx.member(target)
    if member is None:  # the person acting is always known
        raise UserError("outarde.unknown_person", person=target)
    if mandated and not member.organisation:
        raise UserError("partners.mandate_needs_organisation", name=member.display_name)
    unchanged = member.mandated == mandated
    await set_mandated(ctx, member, mandated)
    if target != ctx.user_id and not unchanged:
        return mandate_announcement(ctx, member, await ctx.display_name(ctx.user_id))
    return mandate_message(ctx, member, unchanged)


@feature.command("partenaire", "ajouter", aliases=("add",), help="partners.help.ajouter")
async def add_organisation(ctx: Ctx, text: str) -> Message:
    """Coordinators list an organisation expected at the table, even if not on the chat."""
    ctx.require_coordinator()
    name, sector = split_organisation(text)
    check_name(name, sector, ctx.t("partners.help.ajouter.example"))
    existing = await find_organisation(ctx, name)
    before = existing.sector if existing else None
    organisation, created = await ensure_organisation(ctx, name, sector, by_coordination=True)
    if created:
        await left_vacant(ctx, organisation, departure=False)
    return organisation_listed_message(ctx, organisation, created, before)


@feature.command("partenaire", "retirer", aliases=("remove",), help="partners.help.retirer")
async def remove(ctx: Ctx, text: str) -> Message:
    """Coordinators remove an organisation from the map; its people no longer represent it."""
    ctx.require_coordinator()
    name, _ = split_organisation(text)
    if not name:
        raise UserError(
            "partners.missing_organisation", example=ctx.t("partners.help.retirer.example")
        )
    organisation = await find_organisation(ctx, name)
    if organisation is None:
        raise UserError("partners.unknown_organisation", organisation=harmless(name[:MAX_NAME]))
    detached = await detach_members(ctx, organisation)
    await remove_organisation(ctx, organisation)
    await ctx.cancel_jobs(hooks.PARTNERS_VACANCY, job_key(organisation))
    await add_event(ctx, "retire", organisation.name)
    return organisation_removed_message(ctx, organisation, detached)


@feature.command(
    "partenaire", "liste", aliases=("list", "carte", "map"), help="partners.help.liste"
)
async def show_map(ctx: Ctx, text: str) -> Message:
    """Organisations by sector, who represents them, who is mandated, who is missing."""
    return await map_page(ctx, 1)


@feature.action("partners.page")
async def turn_map_page(ctx: Ctx, value: str) -> Message:
    """Another page of the map."""
    page, _ = read_page_value(value)
    return await map_page(ctx, page)


async def map_page(ctx: Ctx, page: int) -> Message:
    """One page of the map: every organisation's name and sector are read (a column each),
    then a few people for each of the page's organisations only (the others counted)."""
    entries = await map_entries(ctx)
    spellings = await spellings_by_key(ctx)
    placed = in_map_order(entries, ctx.t("partners.no_sector"))
    shown, page, pages = page_of(placed, page, MAP_PAGE_SIZE)
    wanted = [name for _, entry in shown for name in spellings.get(entry.name_key, [])]
    where = Span(page, pages, len(entries))
    missing = missing_count(entries, set(spellings))
    return map_message(
        ctx,
        list(shown),
        await members_with(ctx, wanted, NAMES_SHOWN),
        where,
        missing,
        await adhesions(ctx),
        await charter_number(ctx),
    )


@feature.command("partenaire", "", help="partners.help.default")
async def default(ctx: Ctx, text: str) -> Message:
    """``/partenaire`` alone shows the map; anything else is explained."""
    if text:
        raise ctx.unknown_subcommand(text)
    return await show_map(ctx, "")
