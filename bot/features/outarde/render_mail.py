"""The e-mail digest and the unsubscribe page: pure, text in, text or escaped HTML out."""

from __future__ import annotations

from html import escape

from bot.ctx import Ctx
from bot.pages import PageSection


def digest_text(ctx: Ctx, sections: list[PageSection], unsubscribe: str) -> str:
    """The table's news as plain text: each section's rows, then how to stop the mails."""
    parts = [ctx.t("outarde.mail_intro")]
    for section in sorted(sections, key=lambda s: s.order):
        lines = [" — ".join(row) for row in section.rows] or [section.empty]
        parts.append(section.heading + "\n" + "\n".join(f"• {line}" for line in lines))
    parts.append(ctx.t("outarde.mail_unsubscribe", url=unsubscribe))
    return "\n\n".join(parts) + "\n"


def unsubscribe_html(ctx: Ctx, address: str, *, done: bool) -> bytes:
    """The unsubscribe page: a one-button form, or the confirmation."""
    title = escape(ctx.t("outarde.unsubscribe_title"))
    if done:
        body = f"<p>{escape(ctx.t('outarde.unsubscribe_done', address=address))}</p>"
    else:
        question = escape(ctx.t("outarde.unsubscribe_question", address=address))
        button = escape(ctx.t("outarde.unsubscribe_button"))
        body = (
            f'<p>{question}</p><form method="post"><button type="submit">{button}</button></form>'
        )
    lang = "en-CA" if ctx.language == "en" else "fr-CA"
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head><body><main><h1>{title}</h1>{body}</main></body></html>"
    ).encode()
