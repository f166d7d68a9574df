"""The table's public page as HTML: pure, every piece of text escaped, no script."""

from __future__ import annotations

from html import escape

from bot.ctx import Ctx
from bot.pages import PageSection

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem;"
    "line-height:1.5;color:#1b1b1b}table{border-collapse:collapse;width:100%;margin:0 0 2rem}"
    "th,td{border:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top;"
    "overflow-wrap:anywhere}th{background:#eef2f5}"
    "@media (max-width:40rem){table,thead,tbody,tr,th,td{display:block}thead{display:none}"
    "td{border:0;border-bottom:1px solid #ddd}tr{border:1px solid #ccc;margin:0 0 .8rem}}"
)
LANG = {"fr": "fr-CA", "en": "en-CA"}


def section_html(section: PageSection) -> str:
    heading = f"<h2>{escape(section.heading)}</h2>"
    if not section.rows:
        return f"<section>{heading}<p>{escape(section.empty)}</p></section>"
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in section.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in section.rows
    )
    return (
        f"<section>{heading}<table><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def page_html(ctx: Ctx, sections: list[PageSection]) -> bytes:
    """The whole page in the workspace's language, sections in their order."""
    title = escape(ctx.t("outarde.page_title"))
    body = "".join(section_html(s) for s in sorted(sections, key=lambda s: s.order))
    updated = escape(ctx.t("outarde.page_updated", when=ctx.when(ctx.now)))
    return (
        f'<!DOCTYPE html><html lang="{LANG.get(ctx.language, "fr-CA")}"><head>'
        '<meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{title}</title><style>{STYLE}</style></head>"
        f"<body><main><h1>{title}</h1>{body}</main><footer><p>{updated}</p></footer>"
        "</body></html>"
    ).encode()
