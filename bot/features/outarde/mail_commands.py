"""/outarde courriel: partners outside the chat reached by mail — digests, invitations with
one-click answers, refusals shown to the coordination. Every mail is a job's output,
delivered by the outbox (bot.outbox): retried while the server is down, never sent twice."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from bot import hooks, links, signed
from bot import mail as mailing
from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.outarde import store_mail
from bot.features.outarde.commands import feature
from bot.features.outarde.invitations import facts, invitation
from bot.features.outarde.render_mail import (
    digest_text,
    invitation_text,
    question_page,
    small_page,
    unsubscribe_html,
)
from bot.features.outarde.schedule import next_time, parse_schedule, show_schedule
from bot.messages import Mail, Message, text_message
from bot.pages import Page
from bot.router import SettingSpec
from bot.settings import int_between, show_plain
from bot.text import fold, split_args
from storage.models import Job
from storage.models.web import MailContact, PublicLink

UNSUBSCRIBE = "unsubscribe"  # the kind of a contact's unsubscribe link (bot.links)
RSVP = "signed.rsvp"  # the kind of a signed answer link (bot.signed)
ANSWERS = {"p": "present", "a": "absent", "r": "delegated"}
LINK_LIFETIME = timedelta(days=90)  # an answer link works until the meeting, at most this long
ADD_MAIL = ("ajouter", "add")
REMOVE_MAIL = ("retirer", "remove")
SEND_MAIL = ("envoyer", "send")
LIST_MAIL = ("liste", "list")
REFUSED_MAIL = ("refus", "rebond", "bounce", "refused")
BEFORE = "courriel_avant"
SCHEDULE = "courriel_horaire"

feature.setting(
    SettingSpec(
        BEFORE,
        0,
        int_between(0, 30),
        show_plain,
        "outarde.setting_label_courriel_avant",
        aliases=("mail_before",),
    )
)
feature.setting(
    SettingSpec(
        SCHEDULE,
        "",
        parse_schedule,
        show_schedule,
        "outarde.setting_label_courriel_horaire",
        aliases=("mail_schedule",),
    )
)


def mail_ready(ctx: Ctx) -> None:
    if not mailing.configured() or links.public_url() is None:
        raise UserError("outarde.mail_off")


@feature.command("outarde", "courriel", aliases=("email", "mail"), help="outarde.help.courriel")
async def mail(ctx: Ctx, text: str) -> Message:
    """``ajouter ADRESSE [ORGANISME]`` (consent given), ``retirer``, ``liste``, ``envoyer``,
    ``refus ADRESSE [raison]`` (a mail came back)."""
    ctx.require_coordinator()
    words = split_args(text)
    verb = fold(words[0]) if words else "liste"
    if verb in ADD_MAIL and len(words) >= 2:
        return await add_contact(ctx, words[1], " ".join(words[2:]))
    if verb in REMOVE_MAIL and len(words) == 2:
        return await remove_contact(ctx, words[1])
    if verb in SEND_MAIL and len(words) == 1:
        return await send_digest(ctx)
    if verb in REFUSED_MAIL and len(words) >= 2:
        return await record_bounce(ctx, words[1], " ".join(words[2:]))
    if verb in LIST_MAIL and len(words) <= 1:
        return await list_contacts(ctx)
    raise ctx.usage_error()


async def list_contacts(ctx: Ctx) -> Message:
    """Who receives the mails, then the addresses refused (and why)."""
    contacts = await store_mail.subscribed(ctx)
    lines = [ctx.tn("outarde.mail_count", len(contacts))]
    for c in contacts:
        line = f"• {c.address}" + (f" ({c.organisation})" if c.organisation else "")
        if c.refused_at is not None:
            line += " — " + ctx.t(
                "outarde.mail_refused_line", when=ctx.when(c.refused_at), reason=c.refusal or "?"
            )
        lines.append(line)
    refused = [c for c in contacts if c.refused_at is not None]
    if refused:
        lines.append(ctx.tn("outarde.mail_refused_count", len(refused)))
    return text_message("\n".join(lines))


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
    contact.refused_at, contact.refusal = None, None  # added again: tried again
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


async def record_bounce(ctx: Ctx, address_text: str, reason: str) -> Message:
    """A mail came back to the bounce address: the address is not written to any more."""
    address = mailing.valid_address(address_text) or ""
    contact = await store_mail.find(ctx, address)
    if contact is None or contact.unsubscribed_at is not None:
        raise UserError("outarde.mail_unknown", address=mailing.one_line(address_text, 60))
    contact.refused_at = ctx.now
    contact.refusal = mailing.one_line(reason, 300) or ctx.t("outarde.mail_bounced_default")
    await store_mail.save(ctx, contact)
    return text_message(ctx.t("outarde.mail_bounce_recorded", address=address))


async def send_digest(ctx: Ctx) -> Message:
    """One job: its mails wait in the outbox, each retried on its own."""
    mail_ready(ctx)
    contacts = await reachable(ctx)
    if not contacts:
        if refused := await store_mail.refused(ctx):
            raise UserError("outarde.mail_all_refused", count=len(refused))
        raise UserError("outarde.mail_nobody")
    stamp = ctx.now.strftime("%Y%m%d%H%M%S")
    await ctx.schedule(hooks.MAIL_DIGEST, f"now:{stamp}", ctx.now, {})
    lines = [ctx.tn("outarde.mail_sending", len(contacts))]
    if refused := await store_mail.refused(ctx):
        lines.append(ctx.tn("outarde.mail_refused_count", len(refused)))
    return text_message("\n".join(lines))


async def reachable(ctx: Ctx) -> list[MailContact]:
    """Subscribed addresses no server refused."""
    return [c for c in await store_mail.subscribed(ctx) if c.refused_at is None]


def unsubscribe_url(base: str, link: PublicLink) -> str:
    return f"{base}/desabonnement/{link.token}"


@feature.job(hooks.MAIL_DIGEST)
async def mail_digest(ctx: Ctx, job: Job) -> list[Mail] | None:
    """The digest (what is new since the last one, what is open) to every address; a
    scheduled digest plans the next one."""
    payload = json.loads(job.payload or "{}")
    if payload.get("recurring"):
        await plan_recurring(ctx)
    base = links.public_url()
    contacts = await reachable(ctx)
    if base is None or not contacts:
        return None
    since = await store_mail.last_digest(ctx, hooks.MAIL_DIGEST)
    sections = await ctx.hook_safely(hooks.MAIL_DIGEST_SECTIONS, since)
    mails = []
    for contact in contacts:
        link = await links.issue(ctx, UNSUBSCRIBE, channel=str(contact.id))
        url = unsubscribe_url(base, link)
        body = digest_text(ctx, sections, url)
        mails.append(Mail(contact.address, ctx.t("outarde.mail_subject"), body, contact.id, url))
    return mails


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


# -- digests on a schedule, and before each meeting -----------------------------------------
async def plan_recurring(ctx: Ctx) -> None:
    """The next scheduled digest (``courriel_horaire``), or none when it is off."""
    await ctx.cancel_jobs(hooks.MAIL_DIGEST, "horaire")
    due = next_time(str(ctx.setting(SCHEDULE) or ""), ctx.now, ctx.tz)
    if due is not None:
        key = "horaire:" + due.strftime("%Y%m%d%H%M")
        await ctx.schedule(hooks.MAIL_DIGEST, key, due, {"recurring": True})


@feature.hook(hooks.setting_changed(SCHEDULE))
async def follow_schedule(ctx: Ctx) -> str | None:
    await plan_recurring(ctx)
    due = next_time(str(ctx.setting(SCHEDULE) or ""), ctx.now, ctx.tz)
    return ctx.t("outarde.mail_next_digest", when=ctx.when(due)) if due else None


@feature.hook(hooks.MEETING_CHANGED)
async def meeting_changed(ctx: Ctx, meeting_id: int) -> str | None:
    """Invitations (or their update, or cancellation) go out; the digest before the meeting
    is planned, moved or dropped."""
    if not await reachable(ctx):
        return None
    [event, *_] = await ctx.hook(hooks.MEETING_EVENT, meeting_id) or [None]
    if event is None:
        return None
    meeting = facts(event)
    key = f"{meeting_id}:{meeting.sequence}"
    await ctx.schedule(hooks.MAIL_INVITATION, key, ctx.now, {"meeting": meeting_id})
    await ctx.cancel_jobs(hooks.MAIL_DIGEST, f"avant:{meeting_id}:")
    days = int(ctx.setting(BEFORE) or 0)
    if days and not meeting.cancelled and meeting.starts_at > ctx.now:
        due = max(ctx.now, meeting.starts_at - timedelta(days=days))
        await ctx.schedule(hooks.MAIL_DIGEST, f"avant:{key}", due, {"meeting": meeting_id})
    return None


# -- invitations and their one-click answers ------------------------------------------------
@feature.hook(hooks.PERSON_NAME)
async def partner_name(ctx: Ctx, user_id: str) -> str | None:
    """« MRC des Collines (elu@mrc.qc.ca) » for the partner who answered by mail."""
    prefix, _, number = user_id.partition(":")
    if prefix != "courriel" or not number.isdigit():
        return None
    contact = await store_mail.get(ctx, int(number))
    if contact is None:
        return None
    return (
        f"{contact.organisation} ({contact.address})" if contact.organisation else contact.address
    )


def answer_links(
    ctx: Ctx, base: str, contact: MailContact, meeting_id: int, expires: datetime
) -> list[tuple[str, str]]:
    """Présent·e / Absent·e / Représenté·e: one signed link each."""
    found = []
    for code in ANSWERS:
        values = {"c": contact.id, "m": meeting_id, "a": code}
        token = signed.sign(RSVP, ctx.workspace, ctx.place.channel, values, expires)
        found.append((ctx.t(f"outarde.invite_answer_{code}"), f"{base}/lien/{token}"))
    return found


@feature.job(hooks.MAIL_INVITATION)
async def mail_invitation(ctx: Ctx, job: Job) -> list[Mail] | None:
    """The meeting's invitation (REQUEST) or cancellation (CANCEL) to every address."""
    meeting_id = int(json.loads(job.payload)["meeting"])
    [event, *_] = await ctx.hook(hooks.MEETING_EVENT, meeting_id) or [None]
    base = links.public_url()
    if event is None or base is None:
        return None
    meeting = facts(event)
    when = ctx.when(meeting.starts_at)
    expires = min(meeting.starts_at, ctx.now + LINK_LIFETIME)
    key = "outarde.invite_cancelled_subject" if meeting.cancelled else "outarde.invite_subject"
    subject = ctx.t(key, title=meeting.title, when=when)
    mails = []
    for contact in await reachable(ctx):
        answers = []  # without OUTARDE_LINK_SECRET, an invitation without answer links
        if not meeting.cancelled and signed.configured():
            answers = answer_links(ctx, base, contact, meeting_id, expires)
        link = await links.issue(ctx, UNSUBSCRIBE, channel=str(contact.id))
        body = invitation_text(
            ctx, meeting.title, when, meeting.location or "—", answers, cancelled=meeting.cancelled
        )
        url = unsubscribe_url(base, link)
        body += "\n" + ctx.t("outarde.mail_unsubscribe", url=url) + "\n"
        extra = "\n".join(
            ctx.t("outarde.invite_link_line", label=label, address=address)
            for label, address in answers
        )
        method, calendar = invitation(event, mailing.sender_address(), contact.address, extra)
        mails.append(Mail(contact.address, subject, body, contact.id, url, calendar, method))
    return mails


@feature.page(RSVP)
async def rsvp_page(ctx: Ctx, link: signed.SignedLink, act: bool) -> Page:
    """The answer of a partner's link: opening it asks (a mail scanner that follows links
    records nothing); the button records it as the buttons in the chat do, once."""
    title = ctx.t("outarde.rsvp_title")
    if link.expired:
        return Page(small_page(ctx, title, [ctx.t("outarde.rsvp_expired")]), status=404)
    code = str(link.values.get("a", ""))
    contact = await store_mail.get(ctx, int(link.values.get("c") or 0))
    meeting_id = int(link.values.get("m") or 0)
    if code not in ANSWERS or contact is None or contact.unsubscribed_at is not None:
        return Page(small_page(ctx, title, [ctx.t("outarde.rsvp_unknown")]), status=404)
    label = ctx.t(f"outarde.invite_answer_{code}")
    if await signed.spent(ctx.session, link):
        return Page(small_page(ctx, title, [ctx.t("outarde.rsvp_used", answer=label)]), status=410)
    if not act:
        question = ctx.t("outarde.rsvp_question", answer=label, address=contact.address)
        button = ctx.t("outarde.rsvp_button", answer=label)
        return Page(question_page(ctx, title, question, button))
    async with ctx.session.begin_nested() as attempt:  # spent first: two clicks record once
        if not await signed.spend(ctx.session, link, ctx.now):
            used = ctx.t("outarde.rsvp_used", answer=label)
            return Page(small_page(ctx, title, [used]), status=410)
        recorded = await ctx.hook(
            hooks.MEETING_RSVP, meeting_id, store_mail.person_id(contact), ANSWERS[code]
        )
        if not recorded:
            await attempt.rollback()  # the link stays unused: the meeting said why
            return Page(small_page(ctx, title, [ctx.t("outarde.rsvp_closed")]), status=410)
    [event, *_] = await ctx.hook(hooks.MEETING_EVENT, meeting_id) or [None]
    said = [ctx.t("outarde.rsvp_recorded", answer=label, address=contact.address)]
    if event is not None:
        meeting = facts(event)
        said.append(
            ctx.t("outarde.rsvp_meeting", title=meeting.title, when=ctx.when(meeting.starts_at))
        )
    said.append(ctx.t("outarde.rsvp_change"))
    return Page(small_page(ctx, title, said))
