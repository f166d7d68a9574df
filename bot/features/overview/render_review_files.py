"""The year in review as files a coordinator pastes into a report: a Word document (.docx,
headings and tables, the evaluation chart) and a CSV (one row per figure) — pure."""

from __future__ import annotations

import io
from dataclasses import dataclass

from bot.ctx import Ctx
from bot.exports import csv_attachment
from bot.features.overview.render_review import day, figures, number, span, title, trend_text
from bot.features.overview.review import YearReview
from bot.messages import Attachment

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Table:
    """A section of the report: its heading, column names and rows."""

    key: str
    heading: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


def columns(ctx: Ctx, *names: str) -> list[str]:
    return [ctx.t(f"overview.col.{name}") for name in names]


def quorum_cell(ctx: Ctx, met: bool | None) -> str:
    if met is None:
        return "—"
    return ctx.t("overview.yes" if met else "overview.no")


def tables(ctx: Ctx, review: YearReview) -> list[Table]:
    """Every section of the bilan as a table (empty sections included)."""

    def section(key: str) -> str:
        return ctx.t(f"overview.section.{key}")

    evaluations = [
        [
            day(ctx, e.created_at),
            e.title,
            str(e.answers),
            number(ctx, e.average) if e.average is not None else ctx.t("overview.hidden_cell"),
        ]
        for e in review.evaluations
    ]
    kinds = (
        [[name, ctx.t("overview.kind_new")] for name in review.new_organisations]
        + [[name, ctx.t("overview.kind_departed")] for name in review.departed_organisations]
        + [[name, ctx.t("overview.kind_active")] for name in review.active_organisations]
    )
    return [
        Table(
            "figures",
            ctx.t("overview.section.figures"),
            columns(ctx, "figure", "value"),
            [[label, value] for label, value in figures(ctx, review)],
        ),
        Table(
            "meetings",
            section("meetings"),
            columns(ctx, "date", "meeting", "present", "organisations", "quorum"),
            [
                [
                    day(ctx, m.starts_at),
                    m.title,
                    str(m.present),
                    str(m.organisations),
                    quorum_cell(ctx, m.quorum_met),
                ]
                for m in review.meetings
            ],
        ),
        Table(
            "attendance",
            section("attendance"),
            columns(ctx, "organisation", "meetings"),
            [[o, str(c)] for o, c in review.attendance],
        ),
        Table(
            "trio",
            section("trio"),
            columns(ctx, "person", "roles"),
            [[n, str(c)] for n, c in review.trio],
        ),
        Table(
            "themes",
            section("themes"),
            columns(ctx, "theme", "highlights"),
            [[t, str(c)] for t, c in review.themes],
        ),
        Table(
            "top",
            section("top"),
            columns(ctx, "highlight", "by", "useful"),
            [[t, b, str(c)] for t, b, c in review.top_highlights],
        ),
        Table(
            "terms",
            section("terms"),
            columns(ctx, "term", "adopted"),
            [[t, day(ctx, d)] for t, d in review.terms],
        ),
        Table(
            "charter",
            section("charter"),
            columns(ctx, "version", "adopted"),
            [[str(n), day(ctx, d)] for n, d in review.charters],
        ),
        Table(
            "evaluations",
            section("evaluations"),
            columns(ctx, "date", "evaluation", "answers", "average"),
            evaluations,
            trend_text(ctx, review) if review.evaluations else "",
        ),
        Table(
            "organisations",
            section("organisations"),
            columns(ctx, "organisation", "status"),
            kinds,
        ),
        Table(
            "handovers",
            section("handovers"),
            columns(ctx, "date", "organisation", "old", "new"),
            [[day(ctx, h.at), h.organisation, h.old, h.new] for h in review.handovers],
        ),
        Table(
            "adhesions",
            section("adhesions"),
            columns(ctx, "organisation", "version", "date"),
            [[o, str(n), day(ctx, d)] for o, n, d in review.adhesions],
        ),
    ]


def docx_report(ctx: Ctx, review: YearReview, chart: bytes | None) -> Attachment:
    """Title, period, then each section as a heading and a table (the chart under the
    evaluations)."""
    data = document_bytes(
        title(ctx, review),
        span(ctx, review),
        tables(ctx, review),
        ctx.t("overview.nothing"),
        chart,
    )
    return Attachment(f"bilan-{review.label}.docx", data, DOCX)


def document_bytes(
    heading: str, subtitle: str, sections: list[Table], nothing: str, chart: bytes | None = None
) -> bytes:
    """A Word document: a title, a line under it, each section's heading and table."""
    from docx import Document  # python-docx is loaded with the first document
    from docx.shared import Inches

    document = Document()
    document.add_heading(heading, level=0)
    document.add_paragraph(subtitle)
    for table in sections:
        document.add_heading(table.heading, level=1)
        if not table.rows:
            document.add_paragraph(nothing)
        else:
            grid = document.add_table(rows=1, cols=len(table.columns))
            grid.style = "Table Grid"
            for cell, name in zip(grid.rows[0].cells, table.columns, strict=True):
                cell.text = name
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in table.rows:
                for cell, value in zip(grid.add_row().cells, row, strict=True):
                    cell.text = value
        if table.note:
            document.add_paragraph(table.note)
        if table.key == "evaluations" and chart is not None:
            document.add_picture(io.BytesIO(chart), width=Inches(6))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def csv_report(ctx: Ctx, review: YearReview) -> Attachment:
    """One row per figure: the section, then the row's cells (each section opens with its
    column names)."""
    rows: list[list[str]] = []
    for table in tables(ctx, review):
        rows.append([table.heading, *table.columns])
        rows += [[table.heading, *row] for row in table.rows]
        if table.note:
            rows.append([table.heading, table.note])
    width = max(len(row) for row in rows)
    header = [ctx.t("overview.col.section")] + [""] * (width - 1)
    return csv_attachment(f"bilan-{review.label}.csv", header, rows)
