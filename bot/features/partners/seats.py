"""/partenaire passation (a successor takes over) and adhesion (to the adopted charter); an
organisation left without anyone is watched, and the coordination told after 60 days."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from bot import hooks
from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.partners import store
from bot.features.partners.commands import feature
from bot.features.partners.names import MAX_NAME, split_organisation
from bot.features.partners.render_seats import (
    adhesion_message,
    handover_message,
    vacancy_message,
)
from bot.features.partners.vacancy import filled
from bot.messages import Message, Reply
from bot.people import named_person
from bot.text import fold, harmless, split_args, user_ref
from storage.models import Job, Member


@feature.job(hooks.PARTNERS_VACANCY)
async def vacancy_notice(ctx: Ctx, job: Job) -> Reply:
    """60 days without a representative: the coordination is told, in the channel."""
    payload = json.loads(job.payload or "{}")
    organisation = await store.organisation_by_key(ctx, str(payload.get("organisation", "")))
    if organisation is None or organisation.vacant_since is None:
        return None
    if not same_instant(organisation.vacant_since, payload.get("since")):
        return None  # filled and left again since: a later notice is planned
    if await store.representatives(ctx, organisation):
        return None
    return vacancy_message(ctx, organisation)


def same_instant(instant: datetime, written: object) -> bool:
    try:
        return abs(datetime.fromisoformat(str(written)) - instant) < timedelta(seconds=1)
    except (TypeError, ValueError):
        return False


async def known_person(ctx: Ctx, token: str, example: str) -> Member:
    person = await named_person(ctx, token, must_be_known=True)
    if person is None:
        raise UserError("partners.handover_needs_people", example=example)
    member = await ctx.member(person[0])
    if member is None:
        raise UserError("outarde.unknown_person", person=harmless(token[:60]))
    return member


@feature.command("partenaire", "passation", aliases=("handover",), help="partners.help.passation")
async def handover(ctx: Ctx, text: str) -> Message:
    """The person leaving (or the coordination) hands the seat over: organisation, mandate,
    open actions and trio history go to the successor; the channel is told; history kept."""
    example = ctx.t("partners.help.passation.example")
    words = split_args(text)
    if len(words) != 2 or not all(user_ref(word) for word in words):
        raise UserError("partners.handover_needs_people", example=example)
    old = await known_person(ctx, words[0], example)
    new = await known_person(ctx, words[1], example)
    if old.user_id != ctx.user_id:
        ctx.require_coordinator()
    if old.user_id == new.user_id:
        raise UserError("partners.handover_same_person", name=old.display_name)
    if not old.organisation:
        raise UserError("partners.handover_no_organisation", name=old.display_name)
    if new.organisation and fold(new.organisation) != fold(old.organisation):
        raise UserError(
            "partners.handover_other_organisation",
            name=new.display_name,
            organisation=new.organisation,
        )
    organisation_name = old.organisation
    mandated = old.mandated
    await store.hand_over(ctx, old, new)
    moved = await ctx.hook(hooks.PERSON_HANDED_OVER, old.user_id, new.user_id)
    await store.add_event(
        ctx,
        "passation",
        organisation_name,
        from_user=old.user_id,
        to_user=new.user_id,
        detail=" ".join(moved)[:500] or None,
    )
    organisation = await store.find_organisation(ctx, organisation_name)
    if organisation is not None:
        await filled(ctx, organisation)
    by = await ctx.display_name(ctx.user_id)
    return handover_message(ctx, old, new, organisation_name, mandated, moved, by)


@feature.command("partenaire", "adhesion", aliases=("adhere",), help="partners.help.adhesion")
async def adhere(ctx: Ctx, text: str) -> Message:
    """An organisation adheres to the charter in force: a mandated person for their own
    organisation, or the coordination for the one it names."""
    charter = await store.adopted_charter(ctx)
    if charter is None:
        raise UserError("partners.no_charter")
    name, _ = split_organisation(text)
    member = await ctx.member(ctx.user_id)
    if name:
        organisation = await store.find_organisation(ctx, name)
        if organisation is None:
            raise UserError("partners.unknown_organisation", organisation=harmless(name[:MAX_NAME]))
        own = bool(member and fold(member.organisation or "") == organisation.name_key)
    else:
        if member is None or not member.organisation:
            raise UserError("partners.adhesion_needs_organisation")
        organisation = await store.find_organisation(ctx, member.organisation)
        if organisation is None:
            raise UserError("partners.adhesion_needs_organisation")
        own = True
    if not (ctx.is_coordinator or (own and member is not None and member.mandated)):
        raise UserError("partners.adhesion_needs_mandate", organisation=organisation.name)
    recorded = await store.add_adhesion(ctx, organisation, charter.number)
    return adhesion_message(ctx, organisation, charter.number, recorded)
