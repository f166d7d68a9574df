"""The e-mail digest and the unsubscribe page: pure, text in, text or escaped HTML out."""

from __future__ import annotations

from html import escape

from bot.ctx import Ctx
from bot.pages import PageSection


def digest_text(ctx: Ctx, sections: list[PageSection], unsubscribe: str) -> str:
    """The table's news as plain text: each section's rows, then how to stop the mails."""
    parts = [ctx.t("outarde.mail_intro")]
    for section in sorted(sections, key=lambda s: s.order):
        lines = [" — ".join(c for c in row if c and c != "—") for row in section.rows]
        lines = lines or [section.empty]
        parts.append(section.heading + "\n" + "\n".join(f"• {line}" for line in lines))
    parts.append(ctx.t("outarde.mail_unsubscribe", url=unsubscribe))
    return "\n\n".join(parts) + "\n"


def unsubscribe_html(ctx: Ctx, address: str, *, done: bool) -> bytes:
    """The unsubscribe page: a one-button form, or the confirmation."""
    title = ctx.t("outarde.unsubscribe_title")
    if done:
        return small_page(ctx, title, [ctx.t("outarde.unsubscribe_done", address=address)])
    question = ctx.t("outarde.unsubscribe_question", address=address)
    return question_page(ctx, title, question, ctx.t("outarde.unsubscribe_button"))


def question_page(ctx: Ctx, title: str, question: str, button: str) -> bytes:
    """A question and one button that posts to the same address: opening a link never acts
    (robots and mail scanners follow links), the person's click does."""
    form = f'<form method="post"><button type="submit">{escape(button)}</button></form>'
    return _page(ctx, title, f"<p>{escape(question)}</p>{form}")


def small_page(ctx: Ctx, title: str, paragraphs: list[str]) -> bytes:
    """A short page (an answer recorded, a link that no longer works): escaped, no script."""
    return _page(ctx, title, "".join(f"<p>{escape(p)}</p>" for p in paragraphs))


def _page(ctx: Ctx, title: str, body: str) -> bytes:
    lang = "en-CA" if ctx.language == "en" else "fr-CA"
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>{body}"
        "</main></body></html>"
    ).encode()


def invitation_text(
    ctx: Ctx, title: str, when: str, where: str, answers: list[tuple[str, str]], *, cancelled: bool
) -> str:
    """The invitation's words: the meeting, then one link per answer (or its cancellation)."""
    if cancelled:
        return ctx.t("outarde.invite_cancelled_body", title=title, when=when) + "\n"
    lines = [ctx.t("outarde.invite_body", title=title, when=when, where=where), ""]
    lines += [
        f"{label} : {url}" if ctx.language == "fr" else f"{label}: {url}" for label, url in answers
    ]
    lines += ["", ctx.t("outarde.invite_links_note")]
    return "\n".join(lines) + "\n"
