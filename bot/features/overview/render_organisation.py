"""One organisation's bilan: a private message and a Word document (pure)."""

from __future__ import annotations

from datetime import timedelta

from bot.ctx import Ctx
from bot.exports import markdown_attachment
from bot.features.overview.organisation_review import OrganisationReview
from bot.features.overview.render_review import day, handover_line
from bot.features.overview.render_review_files import DOCX, Table, columns, document_bytes
from bot.messages import Attachment, Block, Context, Header, Message, Section
from bot.text import markdown_escape

ROLES = ("animation", "synthese", "observation")


def role_name(ctx: Ctx, role: str) -> str:
    return ctx.t(f"overview.role.{role}") if role in ROLES else role


def heading(ctx: Ctx, review: OrganisationReview) -> str:
    return ctx.t("overview.org_title", organisation=review.name, label=review.label)


def span_line(ctx: Ctx, review: OrganisationReview) -> str:
    return ctx.t(
        "overview.review_span",
        start=day(ctx, review.start),
        end=day(ctx, review.end - timedelta(days=1)),
    )


def org_figures(ctx: Ctx, review: OrganisationReview) -> list[tuple[str, str]]:
    out = [
        (ctx.t("overview.org_people"), ", ".join(review.people) or ctx.t("overview.org_nobody")),
        (
            ctx.t("overview.org_meetings"),
            ctx.t(
                "overview.org_meetings_figure",
                attended=len(review.attended),
                held=review.meetings_held,
            ),
        ),
        (ctx.t("overview.org_trio"), str(sum(count for _, count in review.trio))),
        (ctx.t("overview.fig_highlights"), str(review.highlights)),
    ]
    f = review.followup
    if f is not None:
        out.append(
            (
                ctx.t("overview.fig_actions"),
                ctx.t(
                    "overview.actions_figure",
                    actions=f.actions,
                    done=f.done,
                    late=f.late,
                    open=f.open,
                ),
            )
        )
    out.append(
        (
            ctx.t("overview.fig_adhesions"),
            ctx.t(
                "overview.org_adhesion",
                number=review.adhesion[0],
                date=day(ctx, review.adhesion[1]),
            )
            if review.adhesion
            else ctx.t("overview.org_no_adhesion"),
        )
    )
    return out


def org_tables(ctx: Ctx, review: OrganisationReview) -> list[Table]:
    return [
        Table(
            "figures",
            ctx.t("overview.section.figures"),
            columns(ctx, "figure", "value"),
            [[label, value] for label, value in org_figures(ctx, review)],
        ),
        Table(
            "meetings",
            ctx.t("overview.org_attended"),
            columns(ctx, "date", "meeting"),
            [[day(ctx, at), title] for at, title in review.attended],
        ),
        Table(
            "trio",
            ctx.t("overview.section.trio"),
            columns(ctx, "role", "times"),
            [[role_name(ctx, role), str(count)] for role, count in review.trio],
        ),
        Table(
            "themes",
            ctx.t("overview.section.themes"),
            columns(ctx, "theme", "highlights"),
            [[theme, str(count)] for theme, count in review.themes],
        ),
        Table(
            "handovers",
            ctx.t("overview.section.handovers"),
            columns(ctx, "date", "old", "new"),
            [[day(ctx, h.at), h.old, h.new] for h in review.handovers],
        ),
    ]


def org_markdown(ctx: Ctx, review: OrganisationReview) -> str:
    out = [f"# {markdown_escape(heading(ctx, review))}", "", span_line(ctx, review), ""]
    for table in org_tables(ctx, review):
        out += [f"## {table.heading}", ""]
        if not table.rows:
            out += [f"_{ctx.t('overview.nothing')}_", ""]
            continue
        out += ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
        out += ["| " + " | ".join(markdown_escape(c) for c in row) + " |" for row in table.rows]
        out.append("")
    out.append(f"_{ctx.t('overview.org_anonymous')}_")
    return "\n".join(out) + "\n"


def organisation_message(ctx: Ctx, review: OrganisationReview) -> Message:
    """The organisation's participation, privately, with its Word and Markdown files."""
    title = heading(ctx, review)
    separator = " : " if ctx.language == "fr" else ": "
    blocks: list[Block] = [
        Header(title),
        Context((span_line(ctx, review),)),
        Section(
            "\n".join(f"*{label}*{separator}{value}" for label, value in org_figures(ctx, review))
        ),
    ]
    if review.attended:
        lines = [f"• {day(ctx, at)} — {name}" for at, name in review.attended[:15]]
        blocks.append(Section(f"*{ctx.t('overview.org_attended')}*\n" + "\n".join(lines)))
    if review.trio:
        lines = [
            f"• {role_name(ctx, role)} : {count}"
            if ctx.language == "fr"
            else f"• {role_name(ctx, role)}: {count}"
            for role, count in review.trio
        ]
        blocks.append(Section(f"*{ctx.t('overview.section.trio')}*\n" + "\n".join(lines)))
    blocks.extend(Section(handover_line(ctx, h, review.name)) for h in review.handovers)
    blocks.append(Context((ctx.t("overview.org_anonymous"),)))
    base = f"bilan-{review.label}-{review.name}"
    name = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in base)[:80]
    document = document_bytes(
        title, span_line(ctx, review), org_tables(ctx, review), ctx.t("overview.nothing")
    )
    files = [
        Attachment(f"{name}.docx", document, DOCX),
        markdown_attachment(f"{name}.md", org_markdown(ctx, review)),
    ]
    return Message(blocks=blocks, text=title, ephemeral=True, files=files)
