"""How a highlight looks in the channel, and its short form in lists."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.features.highlights.store import Shown
from bot.messages import Actions, Button, Context, Field, Header, Message, Section, Style
from bot.text import fold, plural_key, truncate
from bot.when import format_day
from storage.models.highlights import Highlight


def item_key(highlight_id: int) -> str:
    """The key of a highlight's channel message, to update it in place."""
    return f"highlights.item:{highlight_id}"


def who(highlight: Highlight) -> str:
    """« Alice — CDC des Collines », or the name alone without a partner profile."""
    if highlight.organisation:
        return f"{highlight.author_name} — {highlight.organisation}"
    return highlight.author_name


def said(ctx: Ctx, name: str, text: str) -> str:
    """« Alice : texte » in French, « Alice: text » in English."""
    return ctx.t("highlights.said", who=name, text=text)


def organisation_of(highlight: Highlight) -> str:
    return highlight.organisation or highlight.author_name


def themes_text(item: Shown) -> str:
    return " ".join(f"#{label}" for _, label in item.tags)


def short_day(ctx: Ctx, item: Shown) -> str:
    return format_day(ctx.local(item.highlight.created_at).date(), ctx.language)


def highlight_message(ctx: Ctx, item: Shown, withdrawer: str = "") -> Message:
    """The channel message of a highlight, with its « Utile », « Modifier », « Retirer » buttons.

    A withdrawn highlight is a one-line notice naming ``withdrawer``.
    """
    highlight = item.highlight
    value = str(item.id)
    if highlight.withdrawn_at is not None:
        text = ctx.t(
            "highlights.withdrawn_notice",
            who=withdrawer,
            date=ctx.when(highlight.withdrawn_at),
        )
        return Message(blocks=[Section(text)], text=text, key=item_key(item.id))
    fields = [
        Field(ctx.t("highlights.field_author"), who(highlight)),
        Field(ctx.t("highlights.field_date"), ctx.when(highlight.created_at)),
    ]
    if item.tags:
        fields.append(Field(ctx.t("highlights.field_themes"), themes_text(item)))
    if highlight.territory:
        fields.append(Field(ctx.t("highlights.field_territory"), highlight.territory))
    if highlight.link:
        fields.append(Field(ctx.t("highlights.field_link"), highlight.link))
    useful_key = plural_key("highlights.useful_count", item.useful, ctx.language)
    notes = [ctx.t(useful_key, count=item.useful, number=item.id)]
    if highlight.edited_at is not None:
        notes.append(ctx.t("highlights.edited_on", date=ctx.when(highlight.edited_at)))
    title = ctx.t("highlights.title")
    return Message(
        blocks=[
            Header(title),
            Section(highlight.text, fields=tuple(fields)),
            Context(tuple(notes)),
            Actions(
                (
                    Button(
                        ctx.t("highlights.button_useful"), "highlights.useful", value, Style.PRIMARY
                    ),
                    Button(ctx.t("highlights.button_edit"), "highlights.edit", value),
                    Button(
                        ctx.t("highlights.button_withdraw"),
                        "highlights.withdraw",
                        value,
                        Style.DANGER,
                    ),
                )
            ),
        ],
        text=f"{title} — " + said(ctx, who(highlight), truncate(highlight.text, 150)),
        key=item_key(item.id),
    )


def list_line(ctx: Ctx, item: Shown, limit: int = 200) -> str:
    """« • *lundi 5 octobre 2026* — Alice — CDC : texte… #emploi (👍 2) »."""
    highlight = item.highlight
    text = truncate(" ".join(highlight.text.split()), limit)
    parts = [f"• *{short_day(ctx, item)}* — " + said(ctx, who(highlight), text)]
    in_text = fold(highlight.text)
    parts += [f"#{label}" for key, label in item.tags if f"#{key}" not in in_text]
    if highlight.link and highlight.link.split("://", 1)[-1] not in highlight.text:
        parts.append(highlight.link)
    if item.useful:
        parts.append(ctx.t("highlights.useful_short", count=item.useful))
    parts.append(ctx.t("highlights.number_short", number=item.id))
    return " ".join(parts)
