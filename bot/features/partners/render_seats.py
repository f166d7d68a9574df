"""How a handover, an adhesion and a vacancy notice look in the chat (pure)."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.messages import Context, Message, Section, text_message
from bot.when_format import format_date_only
from storage.models import Member
from storage.models.partners import Organisation


def handover_message(
    ctx: Ctx,
    old: Member,
    new: Member,
    organisation: str,
    mandated: bool,
    moved: list[str],
    by: str,
) -> Message:
    """Said in the channel (names, no ping): who takes over, and what followed them."""
    said = ctx.t(
        "partners.handover_done",
        old=old.display_name,
        new=new.display_name,
        organisation=organisation,
        by=by,
    )
    details = [ctx.t("partners.handover_mandate", name=new.display_name)] if mandated else []
    details += moved
    if details:
        said += "\n" + "\n".join(f"• {line}" for line in details)
    return Message(
        blocks=[Section(said), Context((ctx.t("partners.handover_history"),))],
        text=said,
        ephemeral=False,
    )


def adhesion_message(ctx: Ctx, organisation: Organisation, number: int, recorded: bool) -> Message:
    key = "partners.adhesion_recorded" if recorded else "partners.adhesion_already"
    return text_message(ctx.t(key, organisation=organisation.name, number=number))


def vacancy_message(ctx: Ctx, organisation: Organisation) -> Message:
    since = organisation.vacant_since or ctx.now
    date = format_date_only(ctx.local(since).date(), ctx.language)
    said = ctx.t("partners.vacancy_notice", organisation=organisation.name, date=date, days=60)
    return Message(blocks=[Section(said)], text=said, ephemeral=False)
