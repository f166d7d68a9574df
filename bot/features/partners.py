"""/partenaire: who represents which organisation, and the table's map by sector."""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import bindparam
from sqlmodel import col, delete, func, select, update

from bot.ctx import Ctx
from bot.errors import UserError
from bot.people import named_person
from bot.messages import Context, Header, Message, Section, text_message
from bot.router import Feature, Router
from bot.settings import parse_bool
from bot.text import clean, elided_key, fold, harmless, has_mass_mention, split_args, user_ref
from storage.models import Member
from storage.models.partners import Organisation
from storage.queries import add_row

feature = Feature("partners")
MAX_NAME = 120
MAX_SECTOR = 80

_ORGANISATION = select(Organisation).where(
    Organisation.workspace == bindparam("workspace"), Organisation.name_key == bindparam("key")
)
_MEMBERS = Member.__table__  # type: ignore[attr-defined]
# the new value is given as the « organisation » parameter
_SET_ORGANISATION = update(_MEMBERS).where(
    _MEMBERS.c.workspace == bindparam("in_workspace"), _MEMBERS.c.user_id == bindparam("of_user")
)


def split_organisation(text: str) -> tuple[str, str | None]:
    """« CDC des Collines / communautaire » or « "CDC des Collines" communautaire »."""
    text = clean(text)
    separator = r"(?:^|\s+)/(?:\s+|$)|\s*[;|]\s*"  # « 24/7 » stays in a name
    if re.search(separator, text):
        parts = re.split(separator, text, maxsplit=1)
        return parts[0].strip(), (parts[1].strip() or None) if len(parts) > 1 else None
    if text.startswith(('"', "«", "“")):
        words = split_args(text)
        if words:
            return words[0], " ".join(words[1:]) or None
    return text, None


def check_name(name: str, sector: str | None) -> None:
    """Refuse a missing, too long or wordless name or sector (« / », « -- »)."""
    if not name:
        raise UserError("partners.missing_organisation")
    for text in (name, sector or "x"):
        if not any(character.isalnum() for character in text):
            raise UserError("partners.wordless_name", name=text[:MAX_NAME])
    if len(name) > MAX_NAME:
        raise UserError("partners.name_too_long", limit=MAX_NAME)
    if sector and len(sector) > MAX_SECTOR:
        raise UserError("partners.sector_too_long", limit=MAX_SECTOR)
    if has_mass_mention(name) or has_mass_mention(sector or ""):
        raise UserError("partners.no_mentions")


async def find_organisation(ctx: Ctx, name: str) -> Organisation | None:
    params = {"workspace": ctx.workspace, "key": fold(name)}
    return (await ctx.session.exec(_ORGANISATION, params=params)).first()


async def sector_spelling(ctx: Ctx, sector: str) -> str:
    """The sector as first written in this workspace (« Communautaire » stays « communautaire »)."""
    statement = (
        select(Organisation.sector, func.min(Organisation.id))  # each spelling, first use
        .where(Organisation.workspace == ctx.workspace, col(Organisation.sector).is_not(None))
        .group_by(col(Organisation.sector))
    )
    key = fold(sector)
    known = sorted((await ctx.session.exec(statement)).all(), key=lambda row: row[1])
    return next((spelling for spelling, _ in known if spelling and fold(spelling) == key), sector)


async def ensure_organisation(
    ctx: Ctx, name: str, sector: str | None, *, by_coordination: bool = False
) -> tuple[Organisation, bool]:
    """The organisation named ``name`` (accents and case ignored) and whether it is new.

    A new organisation takes ``sector``; an existing one keeps its sector unless it has
    none yet. The coordination naming it lists it for good and may change its sector.
    """
    sector = await sector_spelling(ctx, harmless(sector)) if sector else None
    organisation = await find_organisation(ctx, name)
    if organisation is None:
        organisation = Organisation(
            workspace=ctx.workspace,
            name=harmless(name),
            name_key=fold(name),
            sector=sector,
            created_at=ctx.now,
            listed=by_coordination,
        )
        return await add_row(ctx.session, organisation), True
    changed = False
    if sector and (organisation.sector is None or by_coordination):
        organisation.sector, changed = sector, True
    if by_coordination and not organisation.listed:
        organisation.listed, changed = True, True
    if changed:
        ctx.session.add(organisation)
        await ctx.session.flush()
    return organisation, False


def other_sector(organisation: Organisation, sector: str | None) -> bool:
    """True when ``sector`` was typed but is not the organisation's sector."""
    return bool(sector) and fold(sector or "") != fold(organisation.sector or "")


def sector_note(ctx: Ctx, sector: str | None) -> str:
    """« secteur : santé », or « secteur non précisé » when there is none."""
    return ctx.t("partners.sector_named", sector=sector) if sector else ctx.t("partners.no_sector")


@feature.command("partenaire", "moi", aliases=("me",), help="partners.help.moi")
async def set_mine(ctx: Ctx, text: str) -> Message:
    """Set the organisation (and sector) the person represents."""
    name, sector = split_organisation(text)
    check_name(name, sector)
    organisation, _ = await ensure_organisation(ctx, name, sector)
    left = await left_empty(ctx, organisation)
    member = await ctx.member(ctx.user_id)
    before = member.organisation if member else None
    params: dict[str, object] = {
        "in_workspace": ctx.workspace,
        "of_user": ctx.user_id,
        "organisation": organisation.name,
    }
    moved = bool(before) and fold(before or "") != organisation.name_key
    mandate_lost = moved and bool(member and member.mandated)
    if mandate_lost:
        params["mandated"] = False  # a mandate is given for one organisation
    await ctx.session.exec(_SET_ORGANISATION, params=params)  # type: ignore[call-overload]
    said = ctx.t(
        "partners.profile_set",
        name=await ctx.display_name(ctx.user_id),
        organisation=organisation.name,
        sector=sector_note(ctx, organisation.sector),
    )
    if organisation.sector is None:
        said += " " + ctx.t("partners.sector_hint", organisation=organisation.name)
    elif other_sector(organisation, sector):
        said += " " + ctx.t("partners.sector_kept", organisation=organisation.name)
    if left is not None and left.listed:
        said += "\n" + ctx.t("partners.left_on_map", organisation=left.name)
    elif left is not None:
        await ctx.session.delete(left)  # nobody named it but its last representative
        said += "\n" + ctx.t("partners.left_removed", organisation=left.name)
    if mandate_lost:
        said += "\n" + ctx.t("partners.mandate_dropped", before=before, after=organisation.name)
    return text_message(said)


async def left_empty(ctx: Ctx, joined: Organisation) -> Organisation | None:
    """The organisation the person leaves for ``joined``, if nobody else represents it."""
    member = await ctx.member(ctx.user_id)
    before = member.organisation if member else None
    if not before or fold(before) == joined.name_key:
        return None
    organisation = await find_organisation(ctx, before)
    if organisation is None:
        return None
    others = [m for m in await representatives(ctx, organisation) if m.user_id != ctx.user_id]
    return None if others else organisation


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
    member.mandated = mandated
    ctx.session.add(member)
    if target != ctx.user_id and not unchanged:
        return await mandate_announcement(ctx, member)
    key = "partners.mandated_yes" if mandated else "partners.mandated_no"
    said = ctx.t(key, name=member.display_name)
    if unchanged:
        said += " " + ctx.t("partners.mandate_unchanged")
    return text_message(said)


async def mandate_announcement(ctx: Ctx, member: Member) -> Message:
    """The channel is told (by name, without a ping) whose mandate a coordinator changed."""
    key = "partners.mandate_given" if member.mandated else "partners.mandate_taken"
    if member.organisation:
        key = elided_key(key, member.organisation)
    organisation = f"*{member.organisation}*" if member.organisation else None
    said = ctx.t(
        key,
        name=member.display_name,
        by=await ctx.display_name(ctx.user_id),
        organisation=organisation or ctx.t("partners.own_organisation"),
    )
    return Message(
        blocks=[Section(said), Context((ctx.t("partners.map_hint"),))], text=said, ephemeral=False
    )


@feature.command("partenaire", "ajouter", aliases=("add",), help="partners.help.ajouter")
async def add_organisation(ctx: Ctx, text: str) -> Message:
    """Coordinators list an organisation expected at the table, even if not on the chat."""
    ctx.require_coordinator()
    name, sector = split_organisation(text)
    check_name(name, sector)
    existing = await find_organisation(ctx, name)
    before = existing.sector if existing else None
    organisation, created = await ensure_organisation(ctx, name, sector, by_coordination=True)
    if created:
        key = "partners.organisation_added"
    elif fold(before or "") != fold(organisation.sector or ""):
        key = "partners.organisation_sector_changed"
    else:
        key = "partners.organisation_exists"
    said = ctx.t(
        key,
        organisation=organisation.name,
        sector=sector_note(ctx, organisation.sector),
        before=before or ctx.t("partners.no_sector"),
        after=organisation.sector,
    )
    return text_message(said)


@feature.command("partenaire", "retirer", aliases=("remove",), help="partners.help.retirer")
async def remove_organisation(ctx: Ctx, text: str) -> Message:
    """Coordinators remove an organisation from the map; its people no longer represent it."""
    ctx.require_coordinator()
    name, _ = split_organisation(text)
    organisation = await find_organisation(ctx, name)
    if organisation is None:
        raise UserError("partners.unknown_organisation", organisation=harmless(name[:MAX_NAME]))
    detached = await detach_members(ctx, organisation)
    await ctx.session.exec(
        delete(Organisation).where(  # type: ignore[call-overload]
            col(Organisation.id) == organisation.id, Organisation.workspace == ctx.workspace
        )
    )
    plural = "none" if detached == 0 else "one" if detached == 1 else "many"
    key = f"partners.organisation_removed_{plural}"
    return text_message(ctx.t(key, organisation=organisation.name, count=detached))


async def representatives(ctx: Ctx, organisation: Organisation) -> list[Member]:
    """The people on the chat who represent ``organisation`` (accents and case ignored)."""
    statement = select(Member).where(
        Member.workspace == ctx.workspace, col(Member.organisation).is_not(None)
    )
    return [
        member
        for member in (await ctx.session.exec(statement)).all()
        if fold(member.organisation or "") == organisation.name_key
    ]


async def detach_members(ctx: Ctx, organisation: Organisation) -> int:
    """Clear the organisation (and the mandate to decide for it) of the people representing it."""
    members = await representatives(ctx, organisation)
    for member in members:
        member.organisation, member.mandated = None, False
        ctx.session.add(member)
    await ctx.session.flush()
    return len(members)


@feature.command(
    "partenaire", "liste", aliases=("list", "carte", "map"), help="partners.help.liste"
)
async def show_map(ctx: Ctx, text: str) -> Message:
    """Organisations by sector, who represents them, who is mandated, who is missing."""
    organisations = (
        await ctx.session.exec(
            select(Organisation)
            .where(Organisation.workspace == ctx.workspace)
            .order_by(col(Organisation.id))
        )
    ).all()
    members = (
        await ctx.session.exec(
            select(Member).where(
                Member.workspace == ctx.workspace, col(Member.organisation).is_not(None)
            )
        )
    ).all()
    people: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        people[fold(member.organisation or "")].append(member)
    by_sector: dict[str, list[str]] = defaultdict(list)
    headings = {fold(o.sector): o.sector for o in reversed(organisations) if o.sector}
    missing = 0
    for organisation in sorted(organisations, key=lambda o: fold(o.name)):
        reps = people.get(organisation.name_key, [])
        if reps:
            names = ", ".join(
                m.display_name + (" ✅" if m.mandated else "")
                for m in sorted(reps, key=lambda m: fold(m.display_name))
            )
        else:
            missing += 1
            names = ctx.t("partners.nobody_yet")
        sector = headings.get(fold(organisation.sector or "")) or ctx.t("partners.no_sector")
        by_sector[sector].append(f"• *{organisation.name}* — {names}")
    if not by_sector:
        return Message(blocks=[Section(ctx.t("partners.empty_map"))], ephemeral=True)
    count = len(organisations)
    title = ctx.t(f"partners.map_title_{'one' if count == 1 else 'many'}", count=count)
    blocks: list = [Header(title)]
    for sector in sorted(by_sector, key=fold):
        blocks.append(Section(f"*{sector}*\n" + "\n".join(by_sector[sector])))
    blocks.append(Context((ctx.t("partners.map_legend", missing=missing),)))
    return Message(blocks=blocks, text=title)


@feature.command("partenaire", "", help="partners.help.default")
async def default(ctx: Ctx, text: str) -> Message:
    """``/partenaire`` alone shows the map; anything else is explained."""
    if text:
        raise ctx.unknown_subcommand(text)
    return await show_map(ctx, "")


def setup(router: Router) -> None:
    """Install /partenaire's commands."""
    feature.install(router)
