"""Posting a highlight: ``/faitsaillant TEXTE``, or the form when there is no text; editing."""

from __future__ import annotations

import re

from sqlalchemy import bindparam
from sqlmodel import select

from bot.ctx import Ctx
from bot.errors import FormInvalid, NotAllowed, UserError
from bot.features.highlights.feature import feature
from bot.features.highlights.parsing import (
    MAX_LINK,
    MAX_TERRITORY,
    MAX_TEXT,
    USER_MENTION,
    bad_link_key,
    checked_tags,
    find_link,
    find_tags,
    merge_tags,
    normalise_link,
    themes_field,
)
from bot.features.highlights.render import highlight_message, item_key
from bot.features.highlights.store import Shown, add_tags, get_highlight, one_shown, set_tags
from bot.messages import Form, Output, Reply, TextInput, Update, text_message
from bot.text import mention_label
from bot.validation import checked_form, checked_text
from storage.models import Member
from storage.models.highlights import Highlight
from storage.queries import add_row

FORM_LIMITS = {"texte": MAX_TEXT, "themes": 300, "lien": MAX_LINK, "territoire": MAX_TERRITORY}
_ORGANISATION_OF = select(Member.organisation).where(  # the author's partner profile
    Member.workspace == bindparam("workspace"), Member.user_id == bindparam("user_id")
)


def highlight_form(
    ctx: Ctx, form_id: str, highlight: Highlight | None = None, themes: str = ""
) -> Form:
    """The form to write (or rewrite) a highlight; pre-filled when editing."""
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
                max_length=300,
                initial=themes,
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


def read_form(values: dict[str, str]) -> tuple[str, list[tuple[str, str]], str | None, str | None]:
    """Text, themes, link and territory of a submitted form; FormInvalid on a bad field."""
    cleaned = checked_form(values, FORM_LIMITS, required={"texte"})
    link = None
    if cleaned["lien"]:
        link = normalise_link(cleaned["lien"])
        if link is None:
            raise FormInvalid({"lien": (bad_link_key(cleaned["lien"]), {})})
    text = cleaned["texte"]
    try:
        tags = checked_tags(merge_tags(find_tags(text), themes_field(cleaned["themes"])))
    except UserError as error:
        raise FormInvalid({"themes": (error.key, error.params)}) from None
    return text, tags, link or find_link(text), cleaned["territoire"] or None


async def publish(
    ctx: Ctx, text: str, tags: list[tuple[str, str]], link: str | None, territory: str | None
) -> list[Output]:
    """Store the highlight and post it in the channel."""
    params = {"workspace": ctx.workspace, "user_id": ctx.user_id}
    organisation = (await ctx.session.exec(_ORGANISATION_OF, params=params)).first()
    highlight = Highlight(
        workspace=ctx.workspace,
        channel=ctx.place.channel,
        author_id=ctx.user_id,
        author_name=await ctx.display_name(ctx.user_id),
        organisation=organisation,
        text=text,
        link=link,
        territory=territory,
        created_at=ctx.now,
    )
    await add_row(ctx.session, highlight)
    assert highlight.id is not None
    await add_tags(ctx, highlight.id, tags)
    outputs: list[Output] = [highlight_message(ctx, Shown(highlight, tags, 0))]
    if not tags:
        outputs.append(text_message(ctx.t("highlights.tip_themes")))
    return outputs


async def named_mentions(ctx: Ctx, text: str) -> str:
    """``<@U123>`` becomes « @Alice »: the person's name, readable, notifying no one."""
    names = {user_id: await ctx.display_name(user_id) for user_id in USER_MENTION.findall(text)}

    def name(match: re.Match[str]) -> str:
        known = names[match.group(1)]
        return "@" + (mention_label(match.group(0)) if known == match.group(1) else known)

    return USER_MENTION.sub(name, text)


async def with_named_mentions(ctx: Ctx, values: dict[str, str]) -> dict[str, str]:
    return {**values, "texte": await named_mentions(ctx, values.get("texte", ""))}


@feature.command("faitsaillant", "", help="highlights.help.post")
async def post(ctx: Ctx, text: str) -> Reply:
    """``/faitsaillant TEXTE`` posts; ``/faitsaillant`` alone opens the form."""
    if not text.strip():
        return highlight_form(ctx, "highlights.new")
    text = await named_mentions(ctx, text)
    text = checked_text(text, limit=MAX_TEXT, empty_key="highlights.empty")
    return await publish(ctx, text, checked_tags(find_tags(text)), find_link(text), None)


@feature.form("highlights.new")
async def submit_new(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    text, tags, link, territory = read_form(await with_named_mentions(ctx, values))
    return await publish(ctx, text, tags, link, territory)


async def editable(ctx: Ctx, value: str) -> Highlight:
    """The highlight, if the person wrote it (only authors edit)."""
    highlight = await get_highlight(ctx, value)
    if highlight.author_id != ctx.user_id:
        raise NotAllowed("highlights.edit_not_author")
    return highlight


@feature.action("highlights.edit")
async def open_edit(ctx: Ctx, value: str) -> Reply:
    """« Modifier »: the author gets the form, pre-filled."""
    highlight = await editable(ctx, value)
    item = await one_shown(ctx, highlight)
    themes = " ".join(f"#{label}" for _, label in item.tags)
    return highlight_form(ctx, "highlights.edit", highlight, themes)


@feature.form("highlights.edit")
async def submit_edit(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    highlight = await editable(ctx, state)
    text, tags, link, territory = read_form(await with_named_mentions(ctx, values))
    highlight.text, highlight.link, highlight.territory = text, link, territory
    highlight.edited_at = ctx.now
    ctx.session.add(highlight)
    assert highlight.id is not None
    await set_tags(ctx, highlight.id, tags)
    item = await one_shown(ctx, highlight)
    return [
        Update(item_key(highlight.id), highlight_message(ctx, item)),
        text_message(ctx.t("highlights.edited")),
    ]
