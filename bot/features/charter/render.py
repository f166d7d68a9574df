"""How the charter, its proposals and its history look in the chat."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.features.charter.versions import ADOPTED, DRAFT
from bot.messages import Block, Context, Header, Message, Section, text_message
from bot.text import truncate
from bot.when_format import format_date_only
from storage.models.charter import CharterVersion

HISTORY_EXCERPT = 160


def day(ctx: Ctx, version: CharterVersion, adopted: bool = False) -> str:
    """The version's date (its adoption's, when ``adopted``) in the workspace's language."""
    instant = version.adopted_at if adopted and version.adopted_at else version.created_at
    return format_date_only(ctx.local(instant).date(), ctx.language)


def quoted(text: str) -> str:
    """The charter's text as a quotation, line by line."""
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def charter_message(
    ctx: Ctx, adopted: CharterVersion | None, draft: CharterVersion | None, author: str
) -> Message:
    """The charter in force (or that there is none yet) and the proposal under discussion."""
    title = ctx.t("charter.title")
    blocks: list[Block] = [Header(title)]
    if adopted is not None:
        blocks.append(Section(quoted(adopted.text)))
        line = ctx.t("charter.in_force", number=adopted.number, date=day(ctx, adopted, True))
        blocks.append(Context((line,)))
    else:
        blocks.append(Section(ctx.t("charter.none_yet")))
    if draft is not None:
        heading = ctx.t(
            "charter.draft_heading", number=draft.number, name=author, date=day(ctx, draft)
        )
        blocks.append(Section(f"*{heading}*\n{quoted(draft.text)}"))
        blocks.append(Context((ctx.t("charter.draft_hint"),)))
    return Message(blocks=blocks, text=title, ephemeral=True)


def proposed_message(
    ctx: Ctx, version: CharterVersion, author: str, replaced: int | None
) -> Message:
    """Said in the channel: a charter (or a new version of it) is proposed."""
    if replaced is not None:
        said = ctx.t("charter.amended", name=author, number=version.number, before=replaced)
    else:
        said = ctx.t("charter.proposed", name=author, number=version.number)
    blocks: list[Block] = [Section(f"{said}\n{quoted(version.text)}")]
    blocks.append(Context((ctx.t("charter.draft_hint"),)))
    return Message(blocks=blocks, text=said, ephemeral=False)


def adopted_message(
    ctx: Ctx, version: CharterVersion, by: str, replaced: CharterVersion | None
) -> Message:
    """Said in the channel: the coordination adopted the charter."""
    said = ctx.t("charter.adopted", number=version.number, name=by)
    if replaced is not None:
        said += " " + ctx.t("charter.replaces", before=replaced.number)
    blocks: list[Block] = [Section(f"{said}\n{quoted(version.text)}")]
    blocks.append(Context((ctx.t("charter.show_hint"),)))
    return Message(blocks=blocks, text=said, ephemeral=False)


def withdrawn_message(ctx: Ctx, version: CharterVersion) -> Message:
    return text_message(ctx.t("charter.withdrawn", number=version.number))


def history_message(ctx: Ctx, versions: list[CharterVersion], names: dict[str, str]) -> Message:
    """Every version, newest first: its number, state, author, dates and first words."""
    if not versions:
        return text_message(ctx.t("charter.none_yet"))
    title = ctx.t("charter.history_title")
    lines = []
    for version in reversed(versions):
        state = ctx.t(f"charter.status.{version.status}")
        line = ctx.t(
            "charter.history_line",
            number=version.number,
            state=state,
            name=names.get(version.author_id, version.author_id),
            date=day(ctx, version),
        )
        if version.status in (ADOPTED, "remplacee") and version.adopted_at:
            line += " " + ctx.t("charter.history_adopted", date=day(ctx, version, True))
        excerpt = truncate(" ".join(version.text.split()), HISTORY_EXCERPT)
        lines.append(f"{line}\n   _{excerpt}_")
    footer = (
        ctx.t("charter.show_hint") if versions[-1].status != DRAFT else ctx.t("charter.draft_hint")
    )
    return Message(
        blocks=[Header(title), Section("\n".join(lines)), Context((footer,))],
        text=title,
        ephemeral=True,
    )
