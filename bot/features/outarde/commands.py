"""The /outarde subcommands: help, workspace settings and coordinators."""

from __future__ import annotations

from bot import hooks, links
from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.outarde import page_sections
from bot.features.outarde.page import page_html
from bot.features.outarde.render import config_message, help_message, setting_changed_message
from bot.features.outarde.settings import (
    ADD,
    COORDINATOR_WORDS,
    REMOVE,
    example_command,
    parse_setting,
)
from bot.features.outarde.store import (
    add_coordinator,
    coordinator_ids,
    coordinators,
    remove_coordinator,
    save_setting,
)
from bot.hooks import setting_changed
from bot.messages import Message, text_message
from bot.pages import Page
from bot.people import named_person
from bot.router import Feature, SettingSpec
from bot.text import fold, split_args

feature = Feature("outarde")


@feature.command("outarde", "aide", aliases=("help", "?"), help="outarde.help.aide")
async def show_help(ctx: Ctx, text: str) -> Message:
    """Every command with one example each."""
    return help_message(ctx)


@feature.command("outarde", "", help="outarde.help.default")
async def default(ctx: Ctx, text: str) -> Message:
    """``/outarde`` alone shows the help; anything else is explained."""
    if text:
        raise ctx.unknown_subcommand(text)
    return help_message(ctx)


@feature.command(
    "outarde", "config", aliases=("configuration", "settings"), help="outarde.help.config"
)
async def config(ctx: Ctx, text: str) -> Message:
    """Show the settings, or change one (coordinators only)."""
    words = split_args(text)
    if not words:
        return config_message(ctx, await coordinators(ctx))
    name, values = words[0], words[1:]
    if name.lower() in COORDINATOR_WORDS:
        return await change_coordinators(ctx, values)
    spec = ctx.router.find_setting(name)
    if spec is None:
        words = [spec.word(ctx.language) for spec in ctx.router.settings.values()]
        raise UserError("outarde.unknown_setting", name=name[:60], names=", ".join(words))
    if not values:
        raise UserError(
            "outarde.missing_value",
            name=spec.word(ctx.language),
            example=example_command(spec, ctx.language),
        )
    ctx.require_coordinator()
    value = parse_setting(spec, " ".join(values), ctx.language)
    await save_setting(ctx, spec.name, value)
    language = value if spec.name == "langue" else ctx.language
    ctx.settings[spec.name] = value
    ctx.workspace_changed = True
    followed = await ctx.hook(setting_changed(spec.name))  # e.g. reminders re-planned
    return setting_changed_message(spec, value, language, followed)


async def change_coordinators(ctx: Ctx, words: list[str]) -> Message:
    """``coordo ajouter @personne`` / ``coordo retirer @personne``; the last one stays."""
    ctx.require_coordinator()
    action = fold(words[0]) if len(words) == 2 else ""
    adding = action in ADD
    person = None
    if adding or action in REMOVE:
        strict = adding and not ctx.mentions_are_people
        person = await named_person(ctx, words[1], must_be_known=strict)
    if person is None:
        raise UserError("outarde.coordinator_usage")
    user_id, name = person
    current = await coordinator_ids(ctx)
    if adding:
        if user_id in current or not await add_coordinator(ctx, user_id):
            return text_message(ctx.t("outarde.coordinator_already", name=name))
        key = "outarde.coordinator_added"
    else:
        if user_id not in current:
            raise UserError("outarde.not_coordinator", name=name)
        if current == {user_id}:
            raise UserError("outarde.last_coordinator", name=name)
        await remove_coordinator(ctx, user_id)
        key = "outarde.coordinator_removed"
    ctx.workspace_changed = True
    return text_message(ctx.t(key, name=name), ephemeral=False)


# -- /outarde page: the table's public page ------------------------------------------------
PAGE = "page"  # the kind of the workspace's public page link (bot.links)
PUBLISH = ("publier", "publish")
WITHDRAW = ("retirer", "withdraw", "depublier", "unpublish")
SHOW = ("montrer", "show", "afficher", "activer")
HIDE = ("cacher", "hide", "masquer", "desactiver")
SECTIONS = ("sections", "section")

feature.setting(
    SettingSpec(
        page_sections.SETTING,
        page_sections.DEFAULT,
        page_sections.parse,
        page_sections.show,
        "outarde.setting_label_page_sections",
        aliases=("page_sections",),
    )
)


@feature.command("outarde", "page", help="outarde.help.page")
async def public_page(ctx: Ctx, text: str) -> Message:
    """``/outarde page``: its address; ``publier`` puts it online, ``retirer`` takes it down;
    ``sections``, ``montrer X``, ``cacher X``: what it shows."""
    words = [fold(word) for word in split_args(text)]
    if words and words[0] in (*SHOW, *HIDE, *SECTIONS):
        return await choose_sections(ctx, words)
    if len(words) > 1 or (words and words[0] not in (*PUBLISH, *WITHDRAW)):
        raise ctx.usage_error()
    if words and words[0] in WITHDRAW:
        ctx.require_coordinator()
        removed = await links.revoke(ctx, PAGE, channel="")
        return text_message(ctx.t("outarde.page_withdrawn" if removed else "outarde.page_none"))
    base = links.public_url()
    if base is None:
        raise UserError("outarde.page_off")
    if not words:
        link = await links.current(ctx, PAGE, channel="")
        if link is None:
            return text_message(ctx.t("outarde.page_none"))
        return text_message(ctx.t("outarde.page_online", url=f"{base}/t/{link.token}"))
    ctx.require_coordinator()
    link = await links.issue(ctx, PAGE, channel="")
    return text_message(ctx.t("outarde.page_published", url=f"{base}/t/{link.token}"))


async def choose_sections(ctx: Ctx, words: list[str]) -> Message:
    """List the sections (shown or not), or switch one on or off (coordination)."""
    shown = page_sections.enabled(ctx.setting(page_sections.SETTING))
    if words[0] in SECTIONS and len(words) == 1:
        return text_message(page_sections.listing(ctx, shown))
    if len(words) != 2 or words[0] in SECTIONS:
        raise ctx.usage_error()
    ctx.require_coordinator()
    key = page_sections.key_of(words[1])
    if key is None:
        raise UserError(
            "outarde.page_unknown_section", name=words[1][:40], names=page_sections.names()
        )
    value = page_sections.toggled(shown, key, on=words[0] in SHOW)
    await save_setting(ctx, page_sections.SETTING, value)
    ctx.settings[page_sections.SETTING] = value
    ctx.workspace_changed = True
    return text_message(page_sections.listing(ctx, page_sections.enabled(value)))


@feature.page(PAGE)
async def show_public_page(ctx: Ctx, link: object, act: bool) -> Page:
    """The published page: every section the features make public, in the table's language."""
    shown = page_sections.enabled(ctx.setting(page_sections.SETTING))
    sections = [s for s in await ctx.hook(hooks.PUBLIC_PAGE_SECTIONS) if s.key in shown]
    return Page(page_html(ctx, sections))
