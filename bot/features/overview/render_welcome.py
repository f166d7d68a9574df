"""The private welcome a newcomer receives, built from the table's current state (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.ctx import Ctx
from bot.messages import Block, Context, Divider, Header, Message, Section, text_message
from bot.text import truncate
from bot.when_format import format_date_only
from storage.models.charter import CharterVersion
from storage.models.highlights import Highlight
from storage.models.meetings import Meeting
from storage.models.vocab import VocabProposal

CHARTER_EXCERPT = 700
DEFINITION_EXCERPT = 140
HIGHLIGHT_EXCERPT = 140


@dataclass(frozen=True)
class TableState:
    """What the welcome shows: the table's words, charter, calendar, terms and news."""

    own_text: str | None
    charter: CharterVersion | None
    meetings: list[Meeting]
    terms: list[VocabProposal]
    harvested_at: datetime | None
    highlights: list[Highlight]
    organisation: str | None = None
    actions: list[str] = field(default_factory=list)  # the organisation's open actions


def welcome_message(ctx: Ctx, name: str, state: TableState) -> Message:
    """« Bienvenue à la table » and what a newcomer needs, privately."""
    title = ctx.t("overview.welcome_title", name=name)
    blocks: list[Block] = [Header(title), Section(state.own_text or ctx.t("overview.default_text"))]
    if state.charter is not None:
        date = format_date_only(ctx.local(state.charter.adopted_at or ctx.now).date(), ctx.language)
        excerpt = truncate(state.charter.text, CHARTER_EXCERPT)
        blocks.append(Section(f"*{ctx.t('overview.charter_heading', date=date)}*\n{excerpt}"))
    blocks.append(Section(meetings_text(ctx, state.meetings)))
    if state.terms:
        lines = [
            f"• *{term.term}* — {truncate(' '.join(term.definition.split()), DEFINITION_EXCERPT)}"
            for term in state.terms
        ]
        blocks.append(Section(f"*{ctx.t('overview.terms_heading')}*\n" + "\n".join(lines)))
    news = news_text(ctx, state)
    if news:
        blocks.append(Section(news))
    if state.organisation and state.actions:
        heading = ctx.t("overview.actions_heading", organisation=state.organisation)
        hint = ctx.t("overview.actions_hint")
        blocks.append(Section(f"*{heading}*\n" + "\n".join(state.actions) + "\n" + hint))
    blocks += [Divider(), Section(ctx.t("overview.how_to")), Context((ctx.t("overview.private"),))]
    return Message(blocks=blocks, text=title, ephemeral=True)


def meetings_text(ctx: Ctx, meetings: list[Meeting]) -> str:
    heading = f"*{ctx.t('overview.meetings_heading')}*\n"
    if not meetings:
        return heading + ctx.t("overview.no_meeting")
    lines = []
    for meeting in meetings:
        line = f"• {ctx.when(meeting.starts_at)}"
        if meeting.title:
            line += f" — *{meeting.title}*"
        if meeting.location:
            line += f" ({meeting.location})"
        lines.append(line)
    return heading + "\n".join(lines) + "\n" + ctx.t("overview.calendar_hint")


def news_text(ctx: Ctx, state: TableState) -> str | None:
    """The latest récolte's date and the newest faits saillants."""
    if not state.highlights and state.harvested_at is None:
        return None
    parts = [f"*{ctx.t('overview.news_heading')}*"]
    if state.harvested_at is not None:
        parts.append(ctx.t("overview.last_harvest", date=ctx.when(state.harvested_at)))
    for highlight in state.highlights:
        who = highlight.organisation or highlight.author_name
        text = truncate(" ".join(highlight.text.split()), HIGHLIGHT_EXCERPT)
        parts.append(f"• {text} _({who})_")
    parts.append(ctx.t("overview.news_hint"))
    return "\n".join(parts)


def text_saved_message(ctx: Ctx) -> Message:
    return text_message(ctx.t("overview.text_saved"))


def text_cleared_message(ctx: Ctx, cleared: bool) -> Message:
    return text_message(ctx.t("overview.text_cleared" if cleared else "overview.text_was_default"))
