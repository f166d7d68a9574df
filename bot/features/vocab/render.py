"""How proposals, entries, their forms and announcements look in the chat."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from bot.ctx import Ctx
from bot.features.vocab.terms import (
    ADOPTED,
    DISCUSS,
    ENDORSE,
    LIVE,
    MAX_DEFINITION,
    MAX_EXAMPLE,
    MAX_REASON,
    MAX_SOURCE,
    MAX_TERM,
    OBJECT,
    OPEN,
    counted,
)
from bot.messages import (
    Actions,
    Block,
    Button,
    Context,
    Divider,
    Field,
    Form,
    Header,
    Message,
    Section,
    Style,
    TextInput,
)
from bot.text import elided_key, strong
from bot.when_format import format_day
from storage.models.vocab import VocabProposal, VocabVote

Names = Mapping[str, str]  # user id -> how to name the person (never a ping)


def people_named(proposals: Iterable[VocabProposal], votes: Iterable[VocabVote] = ()) -> set[str]:
    """The user ids a proposal's post names: proposer, adopting coordinator, objectors."""
    ids = {p.proposer_id for p in proposals} | {p.adopted_by for p in proposals if p.adopted_by}
    return ids | {vote.user_id for vote in votes if vote.kind == OBJECT}


def proposal_key(proposal: VocabProposal) -> str:
    return f"vocab.proposal:{proposal.id}"


def day(ctx: Ctx, instant: object) -> str:
    return format_day(ctx.local(instant).date(), ctx.language)  # type: ignore[arg-type]


def title(ctx: Ctx, proposal: VocabProposal) -> str:
    return titled(ctx, proposal.term, proposal.english)


def titled(ctx: Ctx, term: str, english: str | None) -> str:
    """« concertation (anglais : collaboration) », or the term alone."""
    if english:
        return ctx.t("vocab.term_with_english", term=term, english=english)
    return term


def threshold(ctx: Ctx) -> int:
    return int(ctx.setting("seuil_vocab"))


def status_text(ctx: Ctx, proposal: VocabProposal, counts: Counter[str]) -> str:
    """« en discussion », or « à discuter » once someone objected or asked to discuss it."""
    if proposal.status == OPEN and (counts[OBJECT] or counts[DISCUSS]):
        return ctx.t("vocab.status.a_discuter")
    return ctx.t(f"vocab.status.{proposal.status}")


def statuses(
    ctx: Ctx, proposals: list[VocabProposal], counts: Mapping[int, Counter[str]]
) -> dict[int, str]:
    """Each proposal's status as its own message shows it, by number."""
    return {p.id or 0: status_text(ctx, p, counts[p.id or 0]) for p in proposals}


def outcome_line(ctx: Ctx, proposal: VocabProposal, names: Names) -> str:
    """Who proposed it and when, and when it was adopted, replaced or retired."""
    parts = [
        ctx.t(
            "vocab.proposed_by",
            name=names[proposal.proposer_id],
            day=day(ctx, proposal.created_at),
        )
    ]
    if proposal.adopted_at:
        if proposal.adopted_by:
            who = names[proposal.adopted_by]
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


def objection_lines(ctx: Ctx, votes: list[VocabVote], names: Names) -> list[str]:
    lines = []
    for vote in votes:
        if vote.kind == OBJECT:
            name = names[vote.user_id]
            key = "vocab.objection_reason" if vote.reason else "vocab.objection_no_reason"
            lines.append(ctx.t(elided_key(key, name), name=name, reason=vote.reason or ""))
    return lines


def proposal_blocks(
    ctx: Ctx,
    proposal: VocabProposal,
    counts: Counter[str],
    votes: list[VocabVote],
    names: Names,
) -> list[Block]:
    """One proposal: its definition, status and counts, and its buttons."""
    heading = ctx.t(
        "vocab.proposal_title",
        number=proposal.id,
        term=title(ctx, proposal),
        status=status_text(ctx, proposal, counts),
    )
    lines = [outcome_line(ctx, proposal, names)]
    if proposal.status in LIVE:
        lines.append(counts_line(ctx, counts))
    lines.extend(objection_lines(ctx, votes, names))
    return [
        Section(strong(heading)),
        definition_section(ctx, proposal),
        Context(tuple(lines)),
        *vote_buttons(ctx, proposal),
    ]


def proposal_message(
    ctx: Ctx, proposal: VocabProposal, votes: list[VocabVote], names: Names
) -> Message:
    """The channel post of a proposal (updated in place as people endorse or object)."""
    blocks = proposal_blocks(ctx, proposal, counted(votes), votes, names)
    text = ctx.t("vocab.proposal_text", number=proposal.id, term=proposal.term)
    return Message(blocks=blocks, text=text, key=proposal_key(proposal))


def competing_note(ctx: Ctx, proposal: VocabProposal, shown: Mapping[int, str]) -> Context:
    """The other live proposals for the same term, with their statuses."""
    numbers = ", ".join(
        f"{ctx.t('core.number', id=number)} ({status})" for number, status in shown.items()
    )
    return Context((ctx.t("vocab.competing", numbers=numbers, term=proposal.term),))


def contest_blocks(ctx: Ctx, adopted: VocabProposal) -> list[Block]:
    """Under an adopted definition: how to contest it (discuss it, or propose another)."""
    return [
        Context((ctx.t("vocab.contest_hint"),)),
        Actions(
            (
                Button(ctx.t("vocab.button.discuss"), "vocab.discuss", str(adopted.id)),
                Button(ctx.t("vocab.button.propose_other"), "vocab.new", adopted.term),
            )
        ),
    ]


def entry_message(
    ctx: Ctx,
    proposals: list[VocabProposal],
    counts: Mapping[int, Counter[str]],
    votes: Mapping[int, list[VocabVote]],
    names: Names,
    note: str = "",
    extra: list[Block] | None = None,
) -> Message:
    """What /vocab TERME shows: the adopted definition, then the proposals in discussion.

    ``counts`` and ``votes`` are those of the open proposals, by number.
    """
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
        blocks.append(Context((outcome_line(ctx, entry, names),)))
        blocks.extend(contest_blocks(ctx, entry))
    elif not open_ones:
        blocks.append(Section(ctx.t("vocab.no_live_definition", term=shown.term)))
    if open_ones:
        blocks.append(Divider())
        blocks.append(Section(ctx.t("vocab.in_discussion", count=len(open_ones))))
        for proposal in open_ones:
            number = proposal.id or 0
            blocks.extend(proposal_blocks(ctx, proposal, counts[number], votes[number], names))
    blocks.append(Context((ctx.t("vocab.entry_hint", term=shown.term),)))
    blocks.extend(extra or [])
    return Message(blocks=blocks, text=title(ctx, shown), ephemeral=True)


def adopted_announcement(ctx: Ctx, proposal: VocabProposal, by_name: str | None) -> Message:
    """The channel is told a definition was adopted: by endorsements (``by_name`` None), or by
    the coordinator ``by_name``."""
    key = "vocab.announce_adopted_by" if by_name is not None else "vocab.announce_adopted"
    text = ctx.t(key, term=strong(title(ctx, proposal)), number=proposal.id, name=by_name or "")
    return Message(
        blocks=[Section(text), Section(f"> {proposal.definition}")], text=text, ephemeral=False
    )


def coordination_decides(ctx: Ctx, proposal: VocabProposal, adopted: VocabProposal) -> Message:
    """The channel (and its coordination) is told a competing proposal reached the threshold:
    the adopted definition stays until the coordination decides."""
    text = ctx.t(
        "vocab.coordination_decides",
        number=proposal.id,
        term=proposal.term,
        adopted=adopted.id,
    )
    return Message(blocks=[Section(text)], text=text, ephemeral=False)


def retired_announcement(
    ctx: Ctx, proposal: VocabProposal, was_adopted: bool, name: str
) -> Message:
    """The channel is told ``name`` retired a definition or a proposal."""
    key = "vocab.announce_retired_adopted" if was_adopted else "vocab.announce_retired"
    text = ctx.t(key, term=strong(title(ctx, proposal)), number=proposal.id, name=name)
    return Message(blocks=[Section(text)], text=text, ephemeral=False)


def proposal_form(ctx: Ctx, term: str = "") -> Form:
    """The form to propose a definition, optionally with the term already filled in."""
    return Form(
        form_id="vocab.propose",
        title=ctx.t("vocab.form.title"),
        inputs=[
            TextInput("terme", ctx.t("vocab.form.term"), max_length=MAX_TERM, initial=term),
            TextInput(
                "definition", ctx.t("vocab.form.definition"), True, max_length=MAX_DEFINITION
            ),
            TextInput("exemple", ctx.t("vocab.form.example"), True, False, MAX_EXAMPLE),
            TextInput("source", ctx.t("vocab.form.source"), False, False, MAX_SOURCE),
            TextInput("anglais", ctx.t("vocab.form.english"), False, False, MAX_TERM),
        ],
        submit_label=ctx.t("vocab.form.submit"),
    )


def objection_form(ctx: Ctx, proposal: VocabProposal) -> Form:
    """An optional reason asked before recording an objection."""
    return Form(
        form_id="vocab.object",
        title=ctx.t("vocab.object_form.title", number=proposal.id),
        inputs=[
            TextInput(
                "raison", ctx.t("vocab.object_form.reason"), True, False, max_length=MAX_REASON
            )
        ],
        submit_label=ctx.t("vocab.object_form.submit"),
        state=str(proposal.id),
    )
