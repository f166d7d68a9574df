"""/accueil (the welcome and its own text), /outarde bilan (the year in review, and one
organisation's), the fiscal-year setting, and the welcome offered when a person joins
(hooks.MEMBER_JOINED) or first uses Outarde (hooks.PERSON_FIRST_SEEN)."""

from __future__ import annotations

from datetime import datetime, time

from bot import hooks
from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.overview import organisation_review as org
from bot.features.overview import review as year
from bot.features.overview import store, store_review
from bot.features.overview.organisation_review import split_request
from bot.features.overview.period import (
    DEFAULT_START,
    FiscalYear,
    parse_period,
    parse_start,
    show_start,
)
from bot.features.overview.render_bilan import review_message
from bot.features.overview.render_organisation import organisation_message
from bot.features.overview.render_welcome import (
    TableState,
    text_cleared_message,
    text_saved_message,
    welcome_message,
)
from bot.messages import Message
from bot.router import Feature, SettingSpec
from bot.text import clean, fold, harmless, has_mass_mention

MAX_WELCOME_TEXT = 1500

feature = Feature("overview")

FISCAL_START = feature.setting(
    SettingSpec(
        "exercice",
        DEFAULT_START,
        parse_start,
        show_start,
        "overview.setting_exercice",
        aliases=("fiscal_year", "debut_exercice"),
    )
)


async def table_state(ctx: Ctx, user_id: str) -> TableState:
    """What a welcome shows ``user_id``, read now (their organisation's open actions too)."""
    own = await store.welcome_text(ctx)
    organisation = await store.organisation_of(ctx, user_id)
    actions = (
        await ctx.hook_safely(hooks.ORGANISATION_OPEN_ACTIONS, organisation) if organisation else []
    )
    return TableState(
        own_text=own.text if own else None,
        charter=await store.adopted_charter(ctx),
        meetings=await store.upcoming_meetings(ctx),
        terms=await store.key_terms(ctx),
        harvested_at=await store.last_harvest(ctx),
        highlights=await store.recent_highlights(ctx),
        organisation=organisation,
        actions=[line for lines in actions for line in lines],
    )


@feature.hook(hooks.MEMBER_JOINED)
async def welcome_newcomer(ctx: Ctx, user_id: str) -> Message | None:
    """The first time a person joins, a private welcome; nothing after that."""
    if not await store.mark_welcomed(ctx, user_id):
        return None
    return welcome_message(ctx, await ctx.display_name(user_id), await table_state(ctx, user_id))


@feature.hook(hooks.PERSON_FIRST_SEEN)
async def welcome_first_step(ctx: Ctx, user_id: str) -> Message | None:
    """The first command, button or form of a newcomer: the same welcome, once."""
    return await welcome_newcomer(ctx, user_id)


@feature.command("accueil", "texte", aliases=("text",), help="overview.help.texte")
async def set_text(ctx: Ctx, text: str) -> Message:
    """The coordination writes how the welcome presents the table."""
    ctx.require_coordinator()
    text = clean(text)
    if not text:
        raise ctx.usage_error()
    if has_mass_mention(text):
        raise UserError("overview.no_mentions")
    if len(text) > MAX_WELCOME_TEXT:
        raise UserError("overview.text_too_long", limit=MAX_WELCOME_TEXT, length=len(text))
    await store.save_welcome_text(ctx, harmless(text))
    return text_saved_message(ctx)


@feature.command("accueil", "effacer", aliases=("reset", "defaut"), help="overview.help.effacer")
async def clear_text(ctx: Ctx, text: str) -> Message:
    """Back to the default presentation."""
    ctx.require_coordinator()
    if text:
        raise ctx.usage_error()
    return text_cleared_message(ctx, await store.clear_welcome_text(ctx))


@feature.command("accueil", "", help="overview.help.default")
async def preview(ctx: Ctx, text: str) -> Message:
    """``/accueil``: the welcome as a newcomer would receive it now."""
    if text:
        raise ctx.unknown_subcommand(text)
    return welcome_message(
        ctx, await ctx.display_name(ctx.user_id), await table_state(ctx, ctx.user_id)
    )


def bounds(ctx: Ctx, period: FiscalYear) -> tuple[datetime, datetime]:
    """The period's instants: local midnight of its first day and of the day after it."""
    return (
        datetime.combine(period.start, time(), ctx.tz),
        datetime.combine(period.end, time(), ctx.tz),
    )


@feature.command("outarde", "bilan", aliases=("review", "year"), help="overview.help.bilan")
async def year_in_review(ctx: Ctx, text: str) -> Message:
    """The coordination's bilan of a fiscal year: message, chart and Markdown report."""
    request = split_request(text)
    if request is not None:
        return await organisation_bilan(ctx, *request)
    ctx.require_coordinator()
    period = parse_period(text, ctx.local(ctx.now).date(), str(ctx.setting("exercice")))
    start, end = bounds(ctx, period)
    return review_message(ctx, await gather(ctx, period, start, end))


async def organisation_bilan(ctx: Ctx, name: str, period_text: str) -> Message:
    """``/outarde bilan organisme NOM [PÉRIODE]``: the coordination, or a person of that
    organisation, sees its own participation."""
    if not name:
        raise UserError("overview.org_missing")
    key = fold(name)
    found = next((o for o in await store_review.organisations(ctx) if o.name_key == key), None)
    if found is None:
        raise UserError("overview.org_unknown", organisation=harmless(name[:120]))
    member = await ctx.member(ctx.user_id)
    if not ctx.is_coordinator and fold((member.organisation if member else None) or "") != key:
        raise UserError("overview.org_not_yours", organisation=found.name)
    period = parse_period(period_text, ctx.local(ctx.now).date(), str(ctx.setting("exercice")))
    start, end = bounds(ctx, period)
    members = await store_review.members(ctx)
    people = {u for u, m in members.items() if m.organisation and fold(m.organisation) == key}
    meetings = await store_review.held_meetings(ctx, start, end)
    ids = [m.id for m in meetings if m.id is not None]
    highlights = org.own_highlights(await store_review.highlights(ctx, start, end), key)
    highlight_ids = {h.id for h in highlights if h.id is not None}
    adhesions = [
        a for a in await store_review.adhesions(ctx, start, end) if a.organisation_key == key
    ]
    events = [
        e
        for e in await store_review.partner_events(ctx, start, end)
        if e.organisation and fold(e.organisation) == key
    ]
    names = {user: m.display_name for user, m in members.items()}
    followup = await ctx.hook(hooks.FOLLOWUP_FIGURES, start, min(end, ctx.now), found.name)
    review = org.OrganisationReview(
        label=period.label,
        start=start,
        end=end,
        name=found.name,
        people=sorted((names[u] for u in people), key=fold),
        meetings_held=len(meetings),
        attended=org.attended(
            meetings, await store_review.rsvps(ctx, ids), people, ctx.t("overview.untitled")
        ),
        trio=org.trio_roles(await store_review.trio_seats(ctx, ids), people),
        highlights=len(highlights),
        themes=org.own_themes(
            await store_review.highlight_tags(ctx, list(highlight_ids)), highlight_ids
        ),
        followup=followup[0] if followup else None,
        adhesion=(adhesions[-1].charter_number, adhesions[-1].recorded_at) if adhesions else None,
        handovers=year.handovers(events, names),
    )
    return organisation_message(ctx, review)


async def gather(ctx: Ctx, period: FiscalYear, start: datetime, end: datetime) -> year.YearReview:
    """Every figure of the year, read through the store."""
    meetings = await store_review.held_meetings(ctx, start, end)
    ids = [m.id for m in meetings if m.id is not None]
    members = await store_review.members(ctx)
    quorum = int(ctx.settings.get("quorum") or 0)
    held, attendance = year.meetings_held(
        meetings,
        await store_review.rsvps(ctx, ids),
        members,
        quorum,
        ctx.t("overview.untitled"),
        ctx.t("overview.no_organisation"),
    )
    names = {user: member.display_name for user, member in members.items()}
    highlights = await store_review.highlights(ctx, start, end)
    highlight_ids = [h.id for h in highlights if h.id is not None]
    polls = await store_review.polls(ctx, start, end)
    poll_ids = [p.id for p in polls if p.id is not None]
    voters = await store_review.voter_counts(ctx, poll_ids)
    threshold = int(ctx.settings.get("seuil_anonymat") or 0)
    organisations = await store_review.organisations(ctx)
    new, active = year.organisations_involved(organisations, start, end, attendance, highlights)
    events = await store_review.partner_events(ctx, start, end)
    charter = await store.adopted_charter(ctx)
    followup = await ctx.hook(hooks.FOLLOWUP_FIGURES, start, min(end, ctx.now), None)
    return year.YearReview(
        label=period.label,
        start=start,
        end=end,
        meetings=held,
        attendance=attendance,
        trio=year.trio_rotation(await store_review.trio_seats(ctx, ids), names),
        highlights=len(highlights),
        themes=year.themes(await store_review.highlight_tags(ctx, highlight_ids)),
        top_highlights=year.top_highlights(
            highlights, await store_review.interest_counts(ctx, highlight_ids)
        ),
        terms=[
            (t.term, t.adopted_at)
            for t in await store_review.adopted_terms(ctx, start, end)
            if t.adopted_at
        ],
        charters=[
            (c.number, c.adopted_at)
            for c in await store_review.adopted_charters(ctx, start, end)
            if c.adopted_at
        ],
        polls=sum(1 for p in polls if p.kind == "poll"),
        poll_answers=sum(voters.get(p.id or 0, 0) for p in polls if p.kind == "poll"),
        evaluations=year.evaluations(
            polls, voters, await store_review.score_totals(ctx, poll_ids), threshold
        ),
        organisations=len(organisations),
        new_organisations=new,
        active_organisations=active,
        departed_organisations=year.departed(events, organisations),
        handovers=year.handovers(events, names),
        followup=followup[0] if followup else None,
        adhesions=year.adhesions_in(await store_review.adhesions(ctx, start, end)),
        adhering=len(await store_review.adhering(ctx, charter.number)) if charter else 0,
        charter_in_force=charter.number if charter else None,
    )
