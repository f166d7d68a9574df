"""How a highlight looks in the channel, its form, and its short form in lists."""

from __future__ import annotations

from datetime import datetime

from bot.ctx import Ctx
from bot.features.highlights.parsing import MAX_LINK, MAX_TERRITORY, MAX_TEXT, MAX_THEMES_FIELD
from bot.features.highlights.shown import Page, Shown
from bot.messages import (
    Actions,
    Block,
    Button,
    Context,
    Field,
    Form,
    Header,
    Message,
    Output,
    Section,
    Style,
    TextInput,
    text_message,
)
from bot.paging import Span, page_label, pager
from bot.text import elided_key, fold, truncate
from bot.when import format_day
from storage.models.highlights import Highlight

PAGE_SIZE = 10


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


def themes_text(item: Shown) -> str:
    """« #emploi #logement »."""
    return " ".join(f"#{label}" for _, label in item.tags)


def short_day(ctx: Ctx, item: Shown) -> str:
    """The day the highlight was posted: « lundi 5 octobre 2026 »."""
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
    notes = [ctx.tn("highlights.useful_count", item.useful, number=item.id)]
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


def posted(ctx: Ctx, item: Shown) -> list[Output]:
    """A new highlight in the channel, with a tip about #themes when it has none."""
    outputs: list[Output] = [highlight_message(ctx, item)]
    if not item.tags:
        outputs.append(text_message(ctx.t("highlights.tip_themes")))
    return outputs


def withdrawn_confirmation(ctx: Ctx, value: str) -> Message:
    """« Retiré », to the person alone, with « Annuler » right after."""
    confirmation = ctx.t("highlights.withdrawn")
    undo = Actions((Button(ctx.t("highlights.button_undo"), "highlights.restore", value),))
    return Message(blocks=[Section(confirmation), undo], text=confirmation, ephemeral=True)


def highlight_form(ctx: Ctx, form_id: str, item: Shown | None = None) -> Form:
    """The form to write (or rewrite) a highlight; pre-filled when editing."""
    highlight = item.highlight if item else None
    return Form(
        form_id=form_id,
        title=ctx.t("highlights.form_title_edit" if highlight else "highlights.form_title"),
        inputs=[
            TextInput(
                "texte",
                ctx.t("highlights.form_text"),
                multiline=True,
                max_length=MAX_TEXT,
                initial=highlight.text if highlight else "",
                placeholder=ctx.t("highlights.form_text_hint"),
            ),
            TextInput(
                "themes",
                ctx.t("highlights.form_themes"),
                required=False,
                max_length=MAX_THEMES_FIELD,
                initial=themes_text(item) if item else "",
                placeholder=ctx.t("highlights.form_themes_hint"),
            ),
            TextInput(
                "lien",
                ctx.t("highlights.form_link"),
                required=False,
                max_length=MAX_LINK,
                initial=(highlight.link or "") if highlight else "",
                placeholder="https://…",
            ),
            TextInput(
                "territoire",
                ctx.t("highlights.form_territory"),
                required=False,
                max_length=MAX_TERRITORY,
                initial=(highlight.territory or "") if highlight else "",
                placeholder=ctx.t("highlights.form_territory_hint"),
            ),
        ],
        submit_label=ctx.t("highlights.form_submit"),
        state=str(highlight.id) if highlight else "",
    )


def describe_filters(
    ctx: Ctx, since: datetime | None, tag: str | None, author_name: str | None
) -> str:
    """« depuis le lundi 5 octobre 2026 · #Santé · d'Alice » (a day alone when it starts at 0 h)."""
    parts = []
    if since:
        local = ctx.local(since)
        midnight = (local.hour, local.minute, local.second) == (0, 0, 0)
        date = format_day(local.date(), ctx.language) if midnight else ctx.when(since)
        parts.append(ctx.t("highlights.filter_since", date=date))
    if tag:
        parts.append(f"#{tag}")
    if author_name:
        key = elided_key("highlights.filter_author", author_name)
        parts.append(ctx.t(key, name=author_name))
    return " · ".join(parts) if parts else ctx.t("highlights.filter_none")


def list_message(
    ctx: Ctx,
    found: Page,
    *,
    since: datetime | None,
    tag: str | None,
    author_name: str | None,
    state: str,
) -> Message:
    """One page of highlights (newest first), with what was filtered in the title.

    ``tag`` is the theme's key; ``state`` is what the page buttons carry.
    """
    items = found.items
    label = next((label for item in items for key, label in item.tags if key == tag), tag)
    described = describe_filters(ctx, since, label, author_name)
    if not items:
        return Message(
            blocks=[Section(ctx.t("highlights.list_empty", filters=described))], ephemeral=True
        )
    key = "highlights.list_title_more" if found.more else "highlights.list_title"
    title = ctx.t(key, count=found.total, filters=described)
    where = Span(found.page, found.pages, found.total, found.more)
    blocks: list[Block] = [
        Header(title),
        Section("\n".join(list_line(ctx, item) for item in items)),
        Context((page_label(ctx.language, where),)),
    ]
    buttons = pager(ctx.language, "highlights.page", found.page, found.pages, state, found.more)
    if buttons:
        blocks.append(buttons)
    return Message(blocks=blocks, text=title, ephemeral=True)
