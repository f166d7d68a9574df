"""How profiles, mandates and the table's map look in the chat."""

from __future__ import annotations

from collections import defaultdict

from bot.ctx import Ctx
from bot.features.partners.mapping import NAMES_SHOWN, MapEntry, MapPerson
from bot.features.partners.names import ambiguous, other_sector
from bot.messages import Context, Header, Message, Section, text_message
from bot.paging import Span, page_label, pager
from bot.text import elided_key, fold
from storage.models import Member
from storage.models.partners import Organisation


def sector_note(ctx: Ctx, sector: str | None) -> str:
    """« secteur : santé », or « secteur non précisé » when there is none."""
    return ctx.t("partners.sector_named", sector=sector) if sector else ctx.t("partners.no_sector")


def profile_message(
    ctx: Ctx,
    name: str,
    organisation: Organisation,
    typed_sector: str | None,
    left: Organisation | None,
    dropped_mandate_of: str | None,
) -> Message:
    """The person now represents ``organisation``; what became of the one they ``left``.

    ``dropped_mandate_of`` is the organisation they had a mandate for, when they lost it.
    """
    said = ctx.t(
        "partners.profile_set",
        name=name,
        organisation=organisation.name,
        sector=sector_note(ctx, organisation.sector),
    )
    if organisation.sector is None:
        said += " " + ctx.t("partners.sector_hint", organisation=organisation.name)
    elif other_sector(organisation, typed_sector):
        said += " " + ctx.t("partners.sector_kept", organisation=organisation.name)
    if left is not None and left.listed:
        said += "\n" + ctx.t("partners.left_on_map", organisation=left.name)
    elif left is not None:
        said += "\n" + ctx.t("partners.left_removed", organisation=left.name)
    if ambiguous(organisation.name):
        said += "\n" + ctx.t("partners.name_kept_whole", command=ctx.t("partners.command_moi"))
    if dropped_mandate_of:
        said += "\n" + ctx.t(
            "partners.mandate_dropped", before=dropped_mandate_of, after=organisation.name
        )
    return text_message(said)


def mandate_message(ctx: Ctx, member: Member, unchanged: bool) -> Message:
    """The person is told (privately) whether they may decide for their organisation."""
    key = "partners.mandated_yes" if member.mandated else "partners.mandated_no"
    said = ctx.t(key, name=member.display_name)
    if unchanged:
        said += " " + ctx.t("partners.mandate_unchanged")
    return text_message(said)


def mandate_announcement(ctx: Ctx, member: Member, by: str) -> Message:
    """The channel is told (by name, without a ping) whose mandate a coordinator changed."""
    key = "partners.mandate_given" if member.mandated else "partners.mandate_taken"
    if member.organisation:
        key = elided_key(key, member.organisation)
    organisation = f"*{member.organisation}*" if member.organisation else None
    said = ctx.t(
        key,
        name=member.display_name,
        by=by,
        organisation=organisation or ctx.t("partners.own_organisation"),
    )
    return Message(
        blocks=[Section(said), Context((ctx.t("partners.map_hint"),))], text=said, ephemeral=False
    )


def organisation_listed_message(
    ctx: Ctx, organisation: Organisation, created: bool, before: str | None
) -> Message:
    """The coordination listed ``organisation``: new, with another sector, or already there."""
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
    if ambiguous(organisation.name):
        said += "\n" + ctx.t("partners.name_kept_whole", command=ctx.t("partners.command_ajouter"))
    return text_message(said)


def organisation_removed_message(ctx: Ctx, organisation: Organisation, detached: int) -> Message:
    plural = "none" if detached == 0 else "one" if detached == 1 else "many"
    key = f"partners.organisation_removed_{plural}"
    return text_message(ctx.t(key, organisation=organisation.name, count=detached))


def adhesion_mark(ctx: Ctx, adhered: int | None, charter: int | None) -> str:
    """« 📜 » for an adhesion to the charter in force, « 📜 v1 » to an earlier version."""
    if adhered is None or charter is None:
        return ""
    key = "partners.adhesion_marker" if adhered == charter else "partners.adhesion_old"
    return " " + ctx.t(key, number=adhered)


def people_line(ctx: Ctx, shown: list[MapPerson]) -> str:
    """« Alice ✅, Bruno » (the mandated first), « … et 12 autres » past ``NAMES_SHOWN``."""
    if not shown:
        return ctx.t("partners.nobody_yet")
    spellings = {person.organisation: person.of for person in shown}
    kept = sorted(shown, key=lambda p: (not p.mandated, fold(p.name)))[:NAMES_SHOWN]
    line = ", ".join(p.name + (" ✅" if p.mandated else "") for p in kept)
    others = sum(spellings.values()) - len(kept)
    if others > 0:
        line += " " + ctx.t(f"partners.map_others_{'one' if others == 1 else 'many'}", count=others)
    return line


def map_message(
    ctx: Ctx,
    placed: list[tuple[str, MapEntry]],
    members: list[MapPerson],
    where: Span,
    missing: int,
    adhesions: dict[str, int] | None = None,
    charter: int | None = None,
) -> Message:
    """One page of the map: organisations by sector, who represents them, who is mandated,
    who adheres to the charter; the title counts every organisation, the legend those nobody
    represents yet."""
    if not placed:
        return Message(blocks=[Section(ctx.t("partners.empty_map"))], ephemeral=True)
    adhesions = adhesions or {}
    people: dict[str, list[MapPerson]] = defaultdict(list)
    for person in members:
        people[fold(person.organisation)].append(person)
    by_sector: dict[str, list[str]] = defaultdict(list)
    for sector, entry in placed:
        names = people_line(ctx, people.get(entry.name_key, []))
        mark = adhesion_mark(ctx, adhesions.get(entry.name_key), charter)
        by_sector[sector].append(f"• *{entry.name}*{mark} — {names}")
    count = where.total
    title = ctx.t(f"partners.map_title_{'one' if count == 1 else 'many'}", count=count)
    blocks: list = [Header(title)]
    for sector, lines in by_sector.items():  # already in the map's order
        blocks.append(Section(f"*{sector}*\n" + "\n".join(lines)))
    legend = ctx.t("partners.map_legend", missing=missing)
    if charter is not None and adhesions:
        legend += " " + ctx.t("partners.map_adhesion_legend")
    notes = [legend]
    if where.pages > 1:
        notes.insert(0, page_label(ctx.language, where))
    blocks.append(Context(tuple(notes)))
    buttons = pager(ctx.language, "partners.page", where.page, where.pages)
    if buttons:
        blocks.append(buttons)
    return Message(blocks=blocks, text=title)
