"""The year in review as a message and as a Markdown report (pure)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.ctx import Ctx
from bot.features.overview.review import YearReview, trend
from bot.messages import Image
from bot.text import markdown_escape
from bot.when_format import format_date_only


def day(ctx: Ctx, instant) -> str:  # type: ignore[no-untyped-def]
    return format_date_only(ctx.local(instant).date(), ctx.language)


def handover_line(ctx: Ctx, handover: Any, organisation: str) -> str:
    """One handover of the year: when, which organisation, who takes over from whom."""
    return ctx.t(
        "overview.handover_line",
        date=day(ctx, handover.at),
        organisation=organisation,
        old=handover.old,
        new=handover.new,
    )


def figures(ctx: Ctx, review: YearReview) -> list[tuple[str, str]]:
    """The headline figures: (label, value)."""
    met, judged = review.quorum_met
    quorum = (
        ctx.t("overview.quorum_figure", met=met, judged=judged)
        if judged
        else ctx.t("overview.no_quorum")
    )
    shown = [e for e in review.evaluations if e.average is not None]
    return [
        (ctx.t("overview.fig_meetings"), str(len(review.meetings))),
        (
            ctx.t("overview.fig_presence"),
            f"{review.average_presence:.1f}".replace(".", ",")
            if ctx.language == "fr"
            else f"{review.average_presence:.1f}",
        ),
        (ctx.t("overview.fig_quorum"), quorum),
        (ctx.t("overview.fig_highlights"), str(review.highlights)),
        (ctx.t("overview.fig_terms"), str(len(review.terms))),
        (ctx.t("overview.fig_polls"), str(review.polls)),
        (ctx.t("overview.fig_evaluations"), f"{len(review.evaluations)} ({len(shown)})"),
        *followup_figures(ctx, review),
        (
            ctx.t("overview.fig_organisations"),
            ctx.t(
                "overview.organisations_figure",
                active=len(review.active_organisations),
                total=review.organisations,
                new=len(review.new_organisations),
                departed=len(review.departed_organisations),
            ),
        ),
        (ctx.t("overview.fig_handovers"), str(len(review.handovers))),
        (
            ctx.t("overview.fig_adhesions"),
            ctx.tn(
                "overview.adhesions_figure",
                review.adhering,
                total=review.organisations,
                number=review.charter_in_force,
            )
            if review.charter_in_force is not None
            else ctx.t("overview.no_charter"),
        ),
    ]


def followup_figures(ctx: Ctx, review: YearReview) -> list[tuple[str, str]]:
    """Decisions and actions (done, late), when the follow-up answered."""
    f = review.followup
    if f is None:
        return []
    return [
        (ctx.t("overview.fig_decisions"), str(f.decisions)),
        (
            ctx.t("overview.fig_actions"),
            ctx.t(
                "overview.actions_figure", actions=f.actions, done=f.done, late=f.late, open=f.open
            ),
        ),
    ]


def number(ctx: Ctx, value: float) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if ctx.language == "fr" else text


def trend_text(ctx: Ctx, review: YearReview) -> str:
    change = trend(review.evaluations)
    if change is None:
        return ctx.t("overview.trend_unknown")
    key = (
        "overview.trend_up"
        if change > 0.05
        else "overview.trend_down"
        if change < -0.05
        else ("overview.trend_flat")
    )
    return ctx.t(key, change=number(ctx, abs(change)))


def lines(ctx: Ctx, review: YearReview) -> dict[str, list[str]]:
    """Each section's lines, shared by the message and the report."""
    return {
        "meetings": [
            ctx.t(
                "overview.meeting_line",
                date=day(ctx, m.starts_at),
                title=m.title,
                present=m.present,
                organisations=m.organisations,
            )
            + (
                ""
                if m.quorum_met is None
                else " " + ctx.t("overview.quorum_yes" if m.quorum_met else "overview.quorum_no")
            )
            for m in review.meetings
        ],
        "attendance": [
            ctx.t("overview.attendance_line", organisation=o, count=c) for o, c in review.attendance
        ],
        "trio": [ctx.t("overview.trio_line", name=n, count=c) for n, c in review.trio],
        "themes": [ctx.t("overview.theme_line", theme=t, count=c) for t, c in review.themes],
        "top": [
            ctx.t("overview.top_line", text=t, by=b, count=c) for t, b, c in review.top_highlights
        ],
        "terms": [ctx.t("overview.term_line", term=t, date=day(ctx, d)) for t, d in review.terms],
        "charter": [
            ctx.t("overview.charter_line", number=n, date=day(ctx, d)) for n, d in review.charters
        ],
        "evaluations": [
            ctx.t(
                "overview.evaluation_line",
                title=e.title,
                date=day(ctx, e.created_at),
                answers=e.answers,
                average=number(ctx, e.average)
                if e.average is not None
                else ctx.t("overview.evaluation_hidden"),
            )
            for e in review.evaluations
        ]
        + ([trend_text(ctx, review)] if review.evaluations else []),
        "organisations": [ctx.t("overview.new_line", names=", ".join(review.new_organisations))]
        * bool(review.new_organisations)
        + [ctx.t("overview.departed_line", names=", ".join(review.departed_organisations))]
        * bool(review.departed_organisations)
        + [ctx.t("overview.active_line", names=", ".join(review.active_organisations))]
        * bool(review.active_organisations)
        + [handover_line(ctx, h, h.organisation) for h in review.handovers],
        "adhesions": [
            ctx.t("overview.adhesion_line", organisation=o, number=n, date=day(ctx, d))
            for o, n, d in review.adhesions
        ],
    }


SECTIONS = (
    "meetings",
    "attendance",
    "trio",
    "themes",
    "top",
    "terms",
    "charter",
    "evaluations",
    "organisations",
    "adhesions",
)


def title(ctx: Ctx, review: YearReview) -> str:
    return ctx.t("overview.review_title", label=review.label)


def span(ctx: Ctx, review: YearReview) -> str:
    return ctx.t(
        "overview.review_span",
        start=day(ctx, review.start),
        end=day(ctx, review.end - timedelta(days=1)),
    )


def markdown_report(ctx: Ctx, review: YearReview) -> str:
    """The report a coordinator pastes into the rapport d'activités."""
    out = [f"# {markdown_escape(title(ctx, review))}", "", span(ctx, review), ""]
    out += [f"| {ctx.t('overview.md_figure')} | {ctx.t('overview.md_value')} |", "|---|---|"]
    out += [f"| {label} | {value} |" for label, value in figures(ctx, review)]
    for name, items in lines(ctx, review).items():
        out += ["", f"## {ctx.t('overview.section.' + name)}", ""]
        out += [f"- {markdown_escape(item.lstrip('• '))}" for item in items] or [
            f"_{ctx.t('overview.nothing')}_"
        ]
    return "\n".join(out) + "\n"


def evaluation_chart(ctx: Ctx, review: YearReview) -> Image | None:
    shown = [e for e in review.evaluations if e.average is not None]
    if len(shown) < 2:
        return None
    labels = [day(ctx, e.created_at) for e in shown]
    series = {ctx.t("overview.chart_series"): [e.average for e in shown]}
    from bot.charts import line_chart  # matplotlib is loaded when a chart is drawn, not at start

    png = line_chart(ctx.t("overview.chart_title"), labels, series)
    return Image(png, ctx.t("overview.chart_title"), f"bilan-{review.label}.png")
