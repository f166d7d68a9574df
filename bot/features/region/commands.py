"""/outarde region: declare a hub, join it (coordination on both sides), leave; what the hub
sees of its tables, and its announcements to all of them.

Nothing crosses workspaces but what the table features offer through the region hooks
(bot/hooks.py), read live: a table that leaves takes its data back at once.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import timedelta

from bot import hooks, links
from bot.context import Place
from bot.core_settings import DEFAULT_TIMEZONE, TIMEZONE
from bot.ctx import Ctx
from bot.errors import NotFound, UserError
from bot.features.region import render, store
from bot.features.region.codes import (
    checked_announcement,
    checked_name,
    new_code,
    read_code,
    theme_of,
)
from bot.hooks import SharedMeeting
from bot.messages import Message, Reply, text_message
from bot.pages import Page
from bot.router import Feature
from bot.text import fold
from storage.models import Job
from storage.models.region import Region, RegionMember

feature = Feature("region")
FEED = "region_cal"  # the kind of the hub's secret calendar link (bot.links)
HIGHLIGHTS_SINCE = timedelta(days=30)


@feature.command("outarde", "region", aliases=("région",), help="region.help.region")
async def region(ctx: Ctx, text: str) -> Reply:
    """Dispatch on the first word: creer, rejoindre, accepter, retirer, quitter, theme…"""
    word, _, rest = text.strip().partition(" ")
    handler = WORDS.get(fold(word))
    if handler is None:
        if word:
            raise UserError("region.unknown_word", word=word[:40])
        return await status(ctx, rest)
    return await handler(ctx, rest.strip())


# -- the hub -------------------------------------------------------------------------------
async def create(ctx: Ctx, text: str) -> Message:
    ctx.require_coordinator()
    name = checked_name(text)
    if await store.hub_region(ctx) is not None:
        raise UserError("region.already_hub")
    if await store.own_membership(ctx) is not None:
        raise UserError("region.hub_is_member")
    created = await store.create_region(ctx, name, new_code())
    return render.created(ctx, created)


async def own_hub(ctx: Ctx) -> Region:
    found = await store.hub_region(ctx)
    if found is None:
        raise UserError("region.not_hub")
    return found


async def numbered_member(ctx: Ctx, hub: Region, text: str) -> RegionMember:
    digits = text.strip().lstrip("#n°").strip()
    if not digits.isdigit() or len(digits) > 12:
        raise UserError("region.number_needed")
    member = await store.member_of_region(ctx, hub, int(digits))
    if member is None:  # another region's request, or none
        raise NotFound("region.no_such_member", number=digits)
    return member


async def accept(ctx: Ctx, text: str) -> Message:
    ctx.require_coordinator()
    hub = await own_hub(ctx)
    member = await numbered_member(ctx, hub, text)
    if member.status == store.MEMBER:
        return text_message(ctx.t("region.already_member", table=member.table_name))
    await store.accept(ctx, member)
    return text_message(ctx.t("region.accepted", table=member.table_name), ephemeral=False)


async def remove(ctx: Ctx, text: str) -> Message:
    ctx.require_coordinator()
    hub = await own_hub(ctx)
    member = await numbered_member(ctx, hub, text)
    await store.remove(ctx, member)
    return text_message(ctx.t("region.removed", table=member.table_name), ephemeral=False)


async def close(ctx: Ctx, text: str) -> Message:
    ctx.require_coordinator()
    hub = await own_hub(ctx)
    await store.delete_region(ctx, hub)
    return text_message(ctx.t("region.closed", region=hub.name), ephemeral=False)


async def members(ctx: Ctx) -> list[tuple[RegionMember, Ctx]]:
    """The accepted tables of this hub's region, each with a view of its own workspace."""
    hub = await own_hub(ctx)
    return [(m, await peer(ctx, m)) for m in await store.members_of(ctx, hub, store.MEMBER)]


async def peer(ctx: Ctx, member: RegionMember) -> Ctx:
    """The member table's own workspace, read by this person (no rights there)."""
    settings = await store.settings_of(ctx, member.workspace)
    return replace(
        ctx,
        place=Place.stored(member.workspace, member.channel),
        settings=settings,
        timezone=settings.get(TIMEZONE) or DEFAULT_TIMEZONE,
        is_coordinator=False,
    )


async def highlights(ctx: Ctx, text: str) -> Message:
    since = ctx.parse_since(text) if text else ctx.now - HIGHLIGHTS_SINCE
    found = []
    for member, there in await members(ctx):
        shared = await there.hook(hooks.REGION_HIGHLIGHTS, member.theme, since)
        found.append((member, [h for answer in shared for h in answer]))
    return render.highlights(ctx, found, since)


async def meetings_of_tables(ctx: Ctx) -> list[tuple[RegionMember, SharedMeeting]]:
    found = []
    for member, there in await members(ctx):
        for answer in await there.hook(hooks.REGION_MEETINGS):
            found.extend((member, meeting) for meeting in answer)
    found.sort(key=lambda pair: pair[1].starts_at)
    return found


async def calendar(ctx: Ctx, text: str) -> Message:
    """The combined calendar; ``ics``: as a file; ``lien``: the feed calendars subscribe to."""
    word = fold(text)
    if word in {"lien", "link", "abonnement", "nouveau-lien", "new-link"}:
        return await feed_link(ctx, renewed=word in {"nouveau-lien", "new-link"})
    found = await meetings_of_tables(ctx)
    return render.calendar(ctx, found, with_file=word in {"ics", "fichier", "file"})


async def feed_link(ctx: Ctx, *, renewed: bool) -> Message:
    """The hub's secret feed of the tables' meetings (``nouveau-lien`` revokes the old one)."""
    await own_hub(ctx)
    base = links.public_url()
    if base is None:
        raise UserError("region.feed_off")
    if renewed:
        ctx.require_coordinator()
        await links.revoke(ctx, FEED, "")
    link = await links.issue(ctx, FEED, "")
    return text_message(ctx.t("region.feed", url=f"{base}/region/{link.token}.ics"))


@feature.page(FEED)
async def calendar_feed(ctx: Ctx, link: object, act: bool) -> Page | None:
    """The tables' meetings as one subscribed calendar (while this workspace is a hub)."""
    if await store.hub_region(ctx) is None:
        return None
    ics = render.ics(ctx, await meetings_of_tables(ctx))
    return Page(ics.data, "text/calendar; charset=utf-8")


async def glossary(ctx: Ctx, text: str) -> Message:
    found = []
    for member, there in await members(ctx):
        terms = [t for answer in await there.hook(hooks.REGION_GLOSSARY) for t in answer]
        found.append((member, terms))
    return render.glossary(ctx, found)


async def trends(ctx: Ctx, text: str) -> Message:
    found = []
    for member, there in await members(ctx):
        shared = [t for answer in await there.hook(hooks.REGION_TRENDS) for t in answer]
        found.append((member, shared))
    return render.trends(ctx, found)


async def announce(ctx: Ctx, text: str) -> Message:
    ctx.require_coordinator()
    hub = await own_hub(ctx)
    announcement = checked_announcement(text)
    tables = await members(ctx)
    if not tables:
        raise UserError("region.no_members")
    key = f"{hub.id}:{secrets.token_hex(6)}"
    payload = {"region": hub.name, "text": announcement}
    for member, there in tables:
        await there.schedule(hooks.REGION_ANNOUNCE, key, ctx.now, payload, member.channel)
    names = ", ".join(member.table_name for member, _ in tables)
    return text_message(ctx.t("region.announced", count=len(tables), tables=names))


@feature.job(hooks.REGION_ANNOUNCE)
async def announcement(ctx: Ctx, job: Job) -> Message:
    """The hub's announcement, posted in the member table's channel."""
    return render.announcement(ctx, job)


@feature.job(hooks.REGION_REQUEST)
async def request(ctx: Ctx, job: Job) -> Message:
    """A table asked to join: told in the hub's channel, with how to accept."""
    return render.request(ctx, job)


# -- a local table -------------------------------------------------------------------------
async def join(ctx: Ctx, text: str) -> Message:
    ctx.require_coordinator()
    code = read_code(text.split(" ", 1)[0] if text else "")
    found = await store.region_by_code(ctx, code)
    if found is None:
        raise NotFound("region.no_such_code")
    if found.workspace == ctx.workspace:
        raise UserError("region.own_region")
    if await store.hub_region(ctx) is not None:
        raise UserError("region.hub_is_member")
    current = await store.own_membership(ctx)
    if current is not None and await store.region_by_id(ctx, current.region_id) is None:
        await store.remove(ctx, current)  # its hub erased its data: the region is gone
        current = None
    if current is not None:
        raise UserError("region.already_joined")
    rest = text.split(" ", 1)[1] if " " in text else ""
    name = checked_name(rest) if rest else ctx.place.workspace
    member = await store.ask_to_join(ctx, found, name)
    hub = replace(ctx, place=Place.stored(found.workspace, found.channel), is_coordinator=False)
    payload = {"table": name, "number": member.id}
    await hub.schedule(hooks.REGION_REQUEST, f"{member.id}", ctx.now, payload, found.channel)
    return text_message(ctx.t("region.asked", region=found.name, number=member.id))


async def own_member(ctx: Ctx) -> RegionMember:
    found = await store.own_membership(ctx)
    if found is None:
        raise UserError("region.not_joined")
    return found


async def leave(ctx: Ctx, text: str) -> Message:
    ctx.require_coordinator()
    member = await own_member(ctx)
    joined = await store.region_by_id(ctx, member.region_id)
    await store.remove(ctx, member)
    name = joined.name if joined else ""
    return text_message(ctx.t("region.left", region=name), ephemeral=False)


async def theme(ctx: Ctx, text: str) -> Message:
    ctx.require_coordinator()
    member = await own_member(ctx)
    key, label = theme_of(text)
    await store.set_theme(ctx, member, key, label)
    return text_message(ctx.t("region.theme_set", theme=label), ephemeral=False)


async def import_term(ctx: Ctx, text: str) -> Message:
    """Adopt a term of the hub or of another table of the region, keeping its source."""
    ctx.require_coordinator()
    member = await own_member(ctx)
    if member.status != store.MEMBER:
        raise UserError("region.not_accepted")
    joined = await store.region_by_id(ctx, member.region_id)
    assert joined is not None
    found = await sources(ctx, joined, member)
    wanted, origin = text.strip(), ""
    for source_name, _ in found:  # « TERME de TABLE »: a table's name ends the text
        for joiner in (" de ", " from "):
            if fold(wanted).endswith(fold(joiner + source_name)):
                wanted, origin = wanted[: -len(joiner + source_name)].strip(), source_name
    if not wanted:
        raise UserError("region.term_needed")
    for source_name, there in found:
        if origin and source_name != origin:
            continue
        for answer in await there.hook(hooks.REGION_GLOSSARY):
            for term in answer:
                if fold(term.term) == fold(wanted):
                    source = ctx.t("region.source", table=source_name, region=joined.name)
                    if term.source:
                        source = f"{source} — {term.source}"
                    await ctx.hook(hooks.VOCAB_IMPORT, term.term, term.definition, source)
                    return text_message(
                        ctx.t("region.imported", term=term.term, table=source_name),
                        ephemeral=False,
                    )
    raise NotFound("region.no_such_term", term=wanted[:80])


async def sources(ctx: Ctx, joined: Region, own: RegionMember) -> list[tuple[str, Ctx]]:
    """Where a table may import from: the hub, then the other tables of its region."""
    hub_place = Place.stored(joined.workspace, joined.channel)
    hub_settings = await store.settings_of(ctx, joined.workspace)
    found = [(joined.name, replace(ctx, place=hub_place, settings=hub_settings))]
    for other in await store.members_of(ctx, joined, store.MEMBER):
        if other.workspace != own.workspace:
            found.append((other.table_name, await peer(ctx, other)))
    return found


async def status(ctx: Ctx, text: str) -> Message:
    hub = await store.hub_region(ctx)
    if hub is not None:
        return render.hub_status(ctx, hub, await store.members_of(ctx, hub))
    member = await store.own_membership(ctx)
    joined = await store.region_by_id(ctx, member.region_id) if member else None
    return render.table_status(ctx, member, joined)


WORDS = {
    "creer": create,
    "create": create,
    "accepter": accept,
    "accept": accept,
    "retirer": remove,
    "remove": remove,
    "fermer": close,
    "close": close,
    "faits": highlights,
    "highlights": highlights,
    "calendrier": calendar,
    "calendar": calendar,
    "vocabulaire": glossary,
    "glossary": glossary,
    "tendances": trends,
    "trends": trends,
    "annonce": announce,
    "announce": announce,
    "rejoindre": join,
    "join": join,
    "quitter": leave,
    "leave": leave,
    "theme": theme,
    "importer": import_term,
    "import": import_term,
}
