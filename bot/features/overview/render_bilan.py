"""The year in review as the coordination receives it: a private message, its chart, and the
report as .docx, Markdown and CSV (pure)."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.exports import markdown_attachment
from bot.features.overview.render_review import (
    evaluation_chart,
    figures,
    lines,
    markdown_report,
    span,
    title,
)
from bot.features.overview.render_review_files import csv_report, docx_report
from bot.features.overview.review import YearReview
from bot.messages import Block, Context, Header, Message, Section


def review_message(ctx: Ctx, review: YearReview) -> Message:
    """The bilan in the chat (private), its chart, and the report attached as .docx,
    Markdown and CSV."""
    heading = title(ctx, review)
    blocks: list[Block] = [Header(heading), Context((span(ctx, review),))]
    blocks.append(
        Section(
            "\n".join(
                f"*{label}* : {value}" if ctx.language == "fr" else f"*{label}*: {value}"
                for label, value in figures(ctx, review)
            )
        )
    )
    for name, items in lines(ctx, review).items():
        if items:
            blocks.append(
                Section(f"*{ctx.t('overview.section.' + name)}*\n" + "\n".join(items[:15]))
            )
    chart = evaluation_chart(ctx, review)
    if chart is not None:
        blocks.append(chart)
    blocks.append(Context((ctx.t("overview.review_hint"),)))
    files = [
        docx_report(ctx, review, chart.png if chart is not None else None),
        markdown_attachment(f"bilan-{review.label}.md", markdown_report(ctx, review)),
        csv_report(ctx, review),
    ]
    return Message(blocks=blocks, text=heading, ephemeral=True, files=files)
