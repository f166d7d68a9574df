"""Queries on organisations and on who represents them; every one filters on the workspace."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlmodel import col, delete, func, select, update

from bot.ctx import Ctx
from bot.features.partners.mapping import MapEntry, MapPerson
from bot.text import fold, harmless
from storage.models import Member
from storage.models.charter import CharterVersion
from storage.models.partners import Adhesion, Organisation, PartnerEvent
from storage.queries import add_row, in_chunks, insert_ignore, read_rows

_ORGANISATION = select(Organisation).where(
    Organisation.workspace == bindparam("workspace"), Organisation.name_key == bindparam("key")
)
_MEMBERS = Member.__table__  # type: ignore[attr-defined]
# the new value is given as the « organisation » parameter
_SET_ORGANISATION = update(_MEMBERS).where(
    _MEMBERS.c.workspace == bindparam("in_workspace"), _MEMBERS.c.user_id == bindparam("of_user")
)

# the map's reads, built once (a page runs them all; each names its workspace)
_WORKSPACE = bindparam("workspace")
_MAP_ENTRIES = (
    select(Organisation.name, Organisation.name_key, Organisation.sector)
    .where(Organisation.workspace == _WORKSPACE)
    .order_by(col(Organisation.id))
)
_SPELLINGS = (
    select(col(Member.organisation))
    .distinct()
    .where(Member.workspace == _WORKSPACE, col(Member.organisation).is_not(None))
)
_RANKED_ALL = (
    select(  # type: ignore[call-overload]
        col(Member.organisation).label("organisation"),
        col(Member.display_name).label("name"),
        col(Member.mandated).label("mandated"),
        func.row_number()
        .over(
            partition_by=col(Member.organisation),
            order_by=(col(Member.mandated).desc(), col(Member.display_name), col(Member.id)),
        )
        .label("rank"),
        func.count().over(partition_by=col(Member.organisation)).label("of"),
    )
    .where(
        Member.workspace == _WORKSPACE,
        col(Member.organisation).in_(bindparam("names", expanding=True)),
    )
    .subquery()
)
_RANKED = select(
    _RANKED_ALL.c.organisation, _RANKED_ALL.c.name, _RANKED_ALL.c.mandated, _RANKED_ALL.c.of
).where(_RANKED_ALL.c.rank <= bindparam("most"))
_ADHESIONS = (
    select(Adhesion.organisation_key, func.max(Adhesion.charter_number))
    .where(Adhesion.workspace == _WORKSPACE)
    .group_by(col(Adhesion.organisation_key))
)
_CHARTER_NUMBER = select(CharterVersion.number).where(
    CharterVersion.workspace == _WORKSPACE, CharterVersion.status == "adoptee"
)


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


async def set_organisation(ctx: Ctx, organisation: Organisation, *, drop_mandate: bool) -> None:
    """The person now represents ``organisation``; ``drop_mandate`` clears their mandate."""
    params: dict[str, object] = {
        "in_workspace": ctx.workspace,
        "of_user": ctx.user_id,
        "organisation": organisation.name,
    }
    if drop_mandate:
        params["mandated"] = False  # a mandate is given for one organisation
    await ctx.session.exec(_SET_ORGANISATION, params=params)  # type: ignore[call-overload]


async def forget_organisation(ctx: Ctx, organisation: Organisation) -> None:
    """Delete an organisation nobody listed nor represents any more."""
    await ctx.session.delete(organisation)


async def set_mandated(ctx: Ctx, member: Member, mandated: bool) -> None:
    """Whether ``member`` may decide for their organisation."""
    member.mandated = mandated
    ctx.session.add(member)


async def representatives(ctx: Ctx, organisation: Organisation) -> list[Member]:
    """The people on the chat who represent ``organisation`` (accents and case ignored).

    The workspace's spellings of organisations are read first (a few, however many people),
    then only the people with a spelling that matches.
    """
    spellings = (
        select(col(Member.organisation))
        .distinct()
        .where(Member.workspace == ctx.workspace, col(Member.organisation).is_not(None))
    )
    matching = [
        name
        for name in (await ctx.session.exec(spellings)).all()
        if name and fold(name) == organisation.name_key
    ]
    if not matching:
        return []
    statement = (
        select(Member)
        .where(Member.workspace == ctx.workspace, col(Member.organisation).in_(matching))
        .order_by(col(Member.id))
    )
    return list((await ctx.session.exec(statement)).all())


async def spellings_by_key(ctx: Ctx) -> dict[str, list[str]]:
    """Each organisation key people typed on the chat → its spellings (one column, a few
    hundred rows however many people)."""
    found: dict[str, list[str]] = {}
    for (name,) in await read_rows(ctx.session, _SPELLINGS, {"workspace": ctx.workspace}):
        if name:
            found.setdefault(fold(name), []).append(name)
    return found


async def members_with(ctx: Ctx, spellings: list[str], most: int) -> list[MapPerson]:
    """Up to ``most`` people (mandated first, then by name) for each of ``spellings`` (a
    page's worth), each with how many typed that spelling: columns, not rows."""
    found: list[MapPerson] = []
    for some in in_chunks(spellings):
        params = {"workspace": ctx.workspace, "names": some}
        rows = await read_rows(ctx.session, _RANKED, {**params, "most": most})
        found += [MapPerson(row[0], row[1], bool(row[2]), int(row[3])) for row in rows]
    return found


async def map_entries(ctx: Ctx) -> list[MapEntry]:
    """Name, key and sector of every organisation (columns, not rows: the map's order and
    its counts need them all, its page needs only a few people)."""
    params = {"workspace": ctx.workspace}
    return [MapEntry(*row) for row in await read_rows(ctx.session, _MAP_ENTRIES, params)]


async def detach_members(ctx: Ctx, organisation: Organisation) -> int:
    """Clear the organisation (and the mandate to decide for it) of the people representing it."""
    members = await representatives(ctx, organisation)
    for member in members:
        member.organisation, member.mandated = None, False
        ctx.session.add(member)
    await ctx.session.flush()
    return len(members)


async def remove_organisation(ctx: Ctx, organisation: Organisation) -> None:
    await ctx.session.exec(
        delete(Organisation).where(  # type: ignore[call-overload]
            col(Organisation.id) == organisation.id, Organisation.workspace == ctx.workspace
        )
    )


async def organisations(ctx: Ctx) -> list[Organisation]:
    """Every organisation of the workspace, in the order they were named."""
    statement = (
        select(Organisation)
        .where(Organisation.workspace == ctx.workspace)
        .order_by(col(Organisation.id))
    )
    return list((await ctx.session.exec(statement)).all())


# -- vacancies, handovers, adhesions ------------------------------------------------------
async def set_vacant(ctx: Ctx, organisation: Organisation, vacant: bool) -> bool:
    """Mark when ``organisation`` was left without anyone (or that someone represents it);
    True when this changed something."""
    if vacant == (organisation.vacant_since is not None):
        return False
    organisation.vacant_since = ctx.now if vacant else None
    ctx.session.add(organisation)
    await ctx.session.flush()
    return True


async def organisation_by_key(ctx: Ctx, key: str) -> Organisation | None:
    return (
        await ctx.session.exec(_ORGANISATION, params={"workspace": ctx.workspace, "key": key})
    ).first()


async def add_event(ctx: Ctx, kind: str, organisation: str | None, **values: str | None) -> None:
    """A line of the partners' history."""
    event = PartnerEvent(
        workspace=ctx.workspace,
        kind=kind,
        organisation=organisation,
        by=ctx.user_id,
        at=ctx.now,
        **values,
    )
    await add_row(ctx.session, event)


async def hand_over(ctx: Ctx, old: Member, new: Member) -> None:
    """``new`` takes ``old``'s organisation and mandate; ``old`` no longer represents it."""
    new.organisation = old.organisation
    new.mandated = new.mandated or old.mandated
    old.organisation, old.mandated = None, False
    ctx.session.add(new)
    ctx.session.add(old)
    await ctx.session.flush()


async def adopted_charter(ctx: Ctx) -> CharterVersion | None:
    """The charter in force (read through its model), if one is adopted."""
    statement = select(CharterVersion).where(
        CharterVersion.workspace == ctx.workspace, CharterVersion.status == "adoptee"
    )
    return (await ctx.session.exec(statement)).first()


async def charter_number(ctx: Ctx) -> int | None:
    """The number of the charter in force, if one is adopted (one column)."""
    rows = await read_rows(ctx.session, _CHARTER_NUMBER, {"workspace": ctx.workspace})
    return next((number for (number,) in rows), None)


async def add_adhesion(ctx: Ctx, organisation: Organisation, number: int) -> bool:
    """Record the organisation's adhesion to charter version ``number``; False if it was."""
    values = {
        "workspace": ctx.workspace,
        "organisation": organisation.name,
        "organisation_key": organisation.name_key,
        "charter_number": number,
        "recorded_by": ctx.user_id,
        "recorded_at": ctx.now,
    }
    return await insert_ignore(
        ctx.session, Adhesion, values, ["workspace", "organisation_key", "charter_number"]
    )


async def adhesions(ctx: Ctx) -> dict[str, int]:
    """Each organisation's (key) latest charter version adhered to."""
    rows = await read_rows(ctx.session, _ADHESIONS, {"workspace": ctx.workspace})
    return {key: int(number) for key, number in rows}
