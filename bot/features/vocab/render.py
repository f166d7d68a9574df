"""How proposals, entries and the glossary look in the chat."""

from __future__ import annotations

from collections import Counter

from bot.ctx import Ctx
from bot.features.vocab.store import (
    ADOPTED,
    DISCUSS,
    ENDORSE,
    LIVE,
    OBJECT,
    OPEN,
    tallies,
    votes_of,
)
from bot.messages import (
    Actions,
    Block,
    Button,
    Context,
    Divider,
    Field,
    Header,
    Message,
    Section,
    Style,
)
from bot.text import elided_key
from bot.when_format import format_day
from storage.models.vocab import VocabProposal, VocabVote


def proposal_key(proposal: VocabProposal) -> str:
    return f"vocab.proposal:{proposal.id}"


def day(ctx: Ctx, instant: object) -> str:
    return format_day(ctx.local(instant).date(), ctx.language)  # type: ignore[arg-type]


def title(ctx: Ctx, proposal: VocabProposal) -> str:
    if proposal.english:
        return ctx.t("vocab.term_with_english", term=proposal.term, english=proposal.english)
    return proposal.term


def threshold(ctx: Ctx) -> int:
    return int(ctx.setting("seuil_vocab"))


def status_text(ctx: Ctx, proposal: VocabProposal, counts: Counter[str]) -> str:
    """« en discussion », or « à discuter » once someone objected or asked to discuss it."""
    if proposal.status == OPEN and (counts[OBJECT] or counts[DISCUSS]):
        return ctx.t("vocab.status.a_discuter")
    return ctx.t(f"vocab.status.{proposal.status}")


async def statuses(ctx: Ctx, proposals: list[VocabProposal]) -> dict[int, str]:
    """Each proposal's status as its own message shows it, by number."""
    counts = await tallies(ctx, [p.id or 0 for p in proposals])
    return {p.id or 0: status_text(ctx, p, counts[p.id or 0]) for p in proposals}


async def outcome_line(ctx: Ctx, proposal: VocabProposal) -> str:
    """Who proposed it and when, and when it was adopted, replaced or retired."""
    parts = [
        ctx.t(
            "vocab.proposed_by",
            name=await ctx.display_name(proposal.proposer_id),
            day=day(ctx, proposal.created_at),
        )
    ]
    if proposal.adopted_at:
        if proposal.adopted_by:
            who = await ctx.display_name(proposal.adopted_by)
            parts.append(
                ctx.t("vocab.adopted_by_coordinator", day=day(ctx, proposal.adopted_at), name=who)
            )
        else:
            parts.append(ctx.t("vocab.adopted_by_endorsements", day=day(ctx, proposal.adopted_at)))
    if proposal.ended_at:
        parts.append(ctx.t(f"vocab.ended.{proposal.status}", day=day(ctx, proposal.ended_at)))
    return " · ".join(parts)


def counts_line(ctx: Ctx, counts: Counter[str]) -> str:
    return ctx.t(
        "vocab.counts",
        endorsements=counts[ENDORSE],
        threshold=threshold(ctx),
        objections=counts[OBJECT],
        discussions=counts[DISCUSS],
    )


def vote_buttons(ctx: Ctx, proposal: VocabProposal) -> list[Block]:
    """The buttons under a proposal: everyone's, then the coordination's."""
    if proposal.status not in LIVE:
        return []
    value = str(proposal.id)
    blocks: list[Block] = [
        Actions(
            (
                Button(ctx.t("vocab.button.endorse"), "vocab.endorse", value, Style.PRIMARY),
                Button(ctx.t("vocab.button.object"), "vocab.object", value, Style.DANGER),
                Button(ctx.t("vocab.button.discuss"), "vocab.discuss", value),
                Button(ctx.t("vocab.button.withdraw"), "vocab.withdraw", value),
            )
        )
    ]
    if proposal.status == OPEN:
        blocks.append(
            Actions(
                (
                    Button(ctx.t("vocab.button.adopt"), "vocab.adopt", value),
                    Button(ctx.t("vocab.button.retire"), "vocab.retire", value),
                )
            )
        )
    return blocks


def definition_section(ctx: Ctx, proposal: VocabProposal) -> Section:
    fields = []
    if proposal.example:
        fields.append(Field(ctx.t("vocab.field.example"), proposal.example))
    if proposal.source:
        fields.append(Field(ctx.t("vocab.field.source"), proposal.source))
    return Section(proposal.definition, tuple(fields))


async def objection_lines(ctx: Ctx, votes: list[VocabVote]) -> list[str]:
    lines = []
    for vote in votes:
        if vote.kind == OBJECT:
            name = await ctx.display_name(vote.user_id)
            key = "vocab.objection_reason" if vote.reason else "vocab.objection_no_reason"
            lines.append(ctx.t(elided_key(key, name), name=name, reason=vote.reason or ""))
    return lines


async def proposal_blocks(
    ctx: Ctx, proposal: VocabProposal, counts: Counter[str], votes: list[VocabVote] | None = None
) -> list[Block]:
    """One proposal: its definition, status and counts, and its buttons."""
    heading = ctx.t(
        "vocab.proposal_title",
        number=proposal.id,
        term=title(ctx, proposal),
        status=status_text(ctx, proposal, counts),
    )
    lines = [await outcome_line(ctx, proposal)]
    if proposal.status in LIVE:
        lines.append(counts_line(ctx, counts))
    lines.extend(await objection_lines(ctx, votes or []))
    return [
        Section(f"*{heading}*"),
        definition_section(ctx, proposal),
        Context(tuple(lines)),
        *vote_buttons(ctx, proposal),
    ]


def counted(votes: list[VocabVote]) -> Counter[str]:
    """Votes by kind."""
    return Counter(vote.kind for vote in votes)


async def proposal_message(
    ctx: Ctx, proposal: VocabProposal, votes: list[VocabVote] | None = None
) -> Message:
    """The channel post of a proposal (updated in place as people endorse or object).

    ``votes`` are the proposal's votes when the caller already read them.
    """
    if votes is None:
        votes = await votes_of(ctx, proposal.id or 0)
    blocks = await proposal_blocks(ctx, proposal, counted(votes), votes)
    text = ctx.t("vocab.proposal_text", number=proposal.id, term=proposal.term)
    return Message(blocks=blocks, text=text, key=proposal_key(proposal))


async def entry_message(
    ctx: Ctx, proposals: list[VocabProposal], note: str = "", extra: list[Block] | None = None
) -> Message:
    """What /vocab TERME shows: the adopted definition, then the proposals in discussion."""
    adopted = [p for p in proposals if p.status == ADOPTED]
    open_ones = [p for p in proposals if p.status == OPEN]
    shown = adopted[-1] if adopted else (open_ones[0] if open_ones else proposals[-1])
    blocks: list[Block] = []
    if note:
        blocks.append(Context((note,)))
    blocks.append(Header(title(ctx, shown)))
    if adopted:
        entry = adopted[-1]
        blocks.append(definition_section(ctx, entry))
        blocks.append(Context((await outcome_line(ctx, entry),)))
    elif not open_ones:
        blocks.append(Section(ctx.t("vocab.no_live_definition", term=shown.term)))
    if open_ones:
        blocks.append(Divider())
        blocks.append(Section(ctx.t("vocab.in_discussion", count=len(open_ones))))
        counts = await tallies(ctx, [p.id or 0 for p in open_ones])
        for proposal in open_ones:
            votes = await votes_of(ctx, proposal.id or 0)
            blocks.extend(await proposal_blocks(ctx, proposal, counts[proposal.id or 0], votes))
    blocks.append(Context((ctx.t("vocab.entry_hint", term=shown.term),)))
    blocks.extend(extra or [])
    return Message(blocks=blocks, text=title(ctx, shown), ephemeral=True)
