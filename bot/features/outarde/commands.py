"""The /outarde subcommands: help, workspace settings and coordinators."""

from __future__ import annotations

import json

from bot import hooks, links
from bot import mail as mailing
from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.outarde import store_mail
from bot.features.outarde.page import page_html
from bot.features.outarde.render import config_message, help_message, setting_changed_message
from bot.features.outarde.render_mail import digest_text, unsubscribe_html
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
from bot.router import Feature
from bot.text import fold, split_args
from storage.models import Job
from storage.models.web import MailContact, PublicLink

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


@feature.command("outarde", "page", help="outarde.help.page")
async def public_page(ctx: Ctx, text: str) -> Message:
    """``/outarde page``: its address; ``publier`` puts it online, ``retirer`` takes it down."""
    words = [fold(word) for word in split_args(text)]
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


@feature.page(PAGE)
async def show_public_page(ctx: Ctx, link: object, act: bool) -> Page:
    """The published page: every section the features make public, in the table's language."""
    sections = await ctx.hook(hooks.PUBLIC_PAGE_SECTIONS)
    return Page(page_html(ctx, sections))


# -- /outarde courriel: partners reached by e-mail -----------------------------------------
UNSUBSCRIBE = "unsubscribe"  # the kind of a contact's unsubscribe link (bot.links)
ADD_MAIL = ("ajouter", "add")
REMOVE_MAIL = ("retirer", "remove")
SEND_MAIL = ("envoyer", "send")
LIST_MAIL = ("liste", "list")


@feature.command("outarde", "courriel", aliases=("email", "mail"), help="outarde.help.courriel")
async def mail(ctx: Ctx, text: str) -> Message:
    """``ajouter ADRESSE [ORGANISME]`` (consent given), ``retirer``, ``liste``, ``envoyer``."""
    ctx.require_coordinator()
    words = split_args(text)
    verb = fold(words[0]) if words else "liste"
    if verb in ADD_MAIL and len(words) >= 2:
        return await add_contact(ctx, words[1], " ".join(words[2:]))
    if verb in REMOVE_MAIL and len(words) == 2:
        return await remove_contact(ctx, words[1])
    if verb in SEND_MAIL and len(words) == 1:
        return await send_digest(ctx)
    if verb in LIST_MAIL and len(words) <= 1:
        contacts = await store_mail.subscribed(ctx)
        lines = [
            f"• {c.address}" + (f" ({c.organisation})" if c.organisation else "") for c in contacts
        ]
        return text_message("\n".join([ctx.tn("outarde.mail_count", len(contacts)), *lines]))
    raise ctx.usage_error()


async def add_contact(ctx: Ctx, address_text: str, organisation: str) -> Message:
    address = mailing.valid_address(address_text)
    if address is None:
        raise UserError("outarde.mail_bad_address", address=mailing.one_line(address_text, 60))
    contact = await store_mail.find(ctx, address)
    if contact is None:
        contact = MailContact(
            workspace=ctx.workspace, address=address, consent_by="", consent_at=ctx.now
        )
    contact.organisation = mailing.one_line(organisation, 120) or None
    contact.consent_by, contact.consent_at, contact.unsubscribed_at = ctx.user_id, ctx.now, None
    await store_mail.save(ctx, contact)
    return text_message(ctx.t("outarde.mail_added", address=address))


async def remove_contact(ctx: Ctx, address_text: str) -> Message:
    address = mailing.valid_address(address_text) or ""
    contact = await store_mail.find(ctx, address)
    if contact is None or contact.unsubscribed_at is not None:
        raise UserError("outarde.mail_unknown", address=mailing.one_line(address_text, 60))
    contact.unsubscribed_at = ctx.now
    await store_mail.save(ctx, contact)
    return text_message(ctx.t("outarde.mail_removed", address=address))


async def send_digest(ctx: Ctx) -> Message:
    """One job per address: a mail server that is down delays each mail, none is lost."""
    if not mailing.configured() or links.public_url() is None:
        raise UserError("outarde.mail_off")
    contacts = await store_mail.subscribed(ctx)
    if not contacts:
        raise UserError("outarde.mail_nobody")
    stamp = ctx.now.strftime("%Y%m%d%H%M%S")
    for contact in contacts:
        await ctx.schedule(
            hooks.MAIL_DIGEST, f"{contact.id}:{stamp}", ctx.now, {"contact": contact.id}
        )
    return text_message(ctx.tn("outarde.mail_sending", len(contacts)))


@feature.job(hooks.MAIL_DIGEST)
async def mail_digest(ctx: Ctx, job: Job) -> None:
    """Send the digest to one address (raises when the server refuses: tried again later)."""
    contact = await store_mail.get(ctx, int(json.loads(job.payload)["contact"]))
    base = links.public_url()
    if contact is None or contact.unsubscribed_at is not None or base is None:
        return None
    link = await links.issue(ctx, UNSUBSCRIBE, channel=str(contact.id))
    unsubscribe = f"{base}/desabonnement/{link.token}"
    sections = await ctx.hook(hooks.PUBLIC_PAGE_SECTIONS)
    body = digest_text(ctx, sections, unsubscribe)
    await mailing.send(
        mailing.compose(contact.address, ctx.t("outarde.mail_subject"), body, unsubscribe)
    )
    return None


@feature.page(UNSUBSCRIBE)
async def unsubscribe_page(ctx: Ctx, link: PublicLink, act: bool) -> Page | None:
    """GET asks (mail scanners follow links); POST, the button or one-click, unsubscribes."""
    contact = await store_mail.get(ctx, int(link.channel)) if link.channel.isdigit() else None
    if contact is None:
        return None
    if act and contact.unsubscribed_at is None:
        contact.unsubscribed_at = ctx.now
        await store_mail.save(ctx, contact)
    done = contact.unsubscribed_at is not None
    return Page(unsubscribe_html(ctx, contact.address, done=done))
