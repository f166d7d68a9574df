"""The compte rendu: the invitation to write it, its draft, its form and its Markdown."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.features.followup.parsing import MAX_REPORT_FIELD
from bot.features.followup.rules import APPROVED
from bot.messages import (
    Actions,
    Block,
    Button,
    Context,
    Form,
    Header,
    Message,
    Section,
    Style,
    TextInput,
)
from bot.text import markdown_escape
from storage.models.followup import FollowupReport

FIELDS = ("decisions", "actions", "prochaine")


def report_key(report: FollowupReport) -> str:
    return f"followup.report:{report.id}"


def invitation(ctx: Ctx, report: FollowupReport, author: str | None) -> Message:
    """After the meeting: who is asked to write the compte rendu, and the button."""
    if author:
        text = ctx.t("followup.report_invite", title=report.title, name=author)
    else:
        text = ctx.t("followup.report_invite_coordination", title=report.title)
    button = Button(
        ctx.t("followup.button.write"), "followup.report_write", str(report.id), Style.PRIMARY
    )
    key = f"followup.invite:{report.id}"
    return Message(blocks=[Section(text), Actions((button,))], text=text, key=key)


def report_form(ctx: Ctx, report: FollowupReport) -> Form:
    return Form(
        form_id="followup.report",
        title=ctx.t("followup.report_form.title"),
        inputs=[
            TextInput(
                "decisions",
                ctx.t("followup.report_form.decisions"),
                True,
                False,
                MAX_REPORT_FIELD,
                report.decisions,
            ),
            TextInput(
                "actions",
                ctx.t("followup.report_form.actions"),
                True,
                False,
                MAX_REPORT_FIELD,
                report.actions,
                ctx.t("followup.report_form.actions_hint"),
            ),
            TextInput(
                "prochaine",
                ctx.t("followup.report_form.next"),
                True,
                False,
                MAX_REPORT_FIELD,
                report.next_points,
            ),
        ],
        submit_label=ctx.t("followup.report_form.submit"),
        state=str(report.id),
    )


def bullets(text: str) -> str:
    return "\n".join(f"• {line}" for line in text.split("\n") if line.strip())


def report_message(ctx: Ctx, report: FollowupReport, author: str, approver: str = "") -> Message:
    """The compte rendu as posted for the table: a draft until it is approved."""
    status = ctx.t(f"followup.report_status.{report.status}")
    heading = ctx.t("followup.report_title", number=report.id, title=report.title, status=status)
    blocks: list[Block] = [Header(heading)]
    for field, text in zip(
        FIELDS, (report.decisions, report.actions, report.next_points), strict=True
    ):
        body = bullets(text) or f"_{ctx.t('followup.report_nothing')}_"
        blocks.append(Section(f"*{ctx.t(f'followup.report_part.{field}')}*\n{body}"))
    if report.status == APPROVED and report.approved_at:
        line = ctx.t(
            "followup.report_approved_line", name=approver, when=ctx.when(report.approved_at)
        )
    else:
        line = ctx.t("followup.report_draft_line", name=author, number=report.id)
    blocks.append(Context((line,)))
    export = Button(ctx.t("followup.button.export"), "followup.report_export", str(report.id))
    correct = Button(ctx.t("followup.button.correct"), "followup.report_write", str(report.id))
    buttons = [export] if report.status == APPROVED else [correct, export]
    blocks.append(Actions(tuple(buttons)))
    return Message(blocks=blocks, text=heading, key=report_key(report))


def report_markdown(ctx: Ctx, report: FollowupReport, author: str, approver: str) -> str:
    status = ctx.t(f"followup.report_status.{report.status}")
    lines = [f"# {markdown_escape(report.title)}", "", f"_{status}_ — {markdown_escape(author)}"]
    if report.status == APPROVED and report.approved_at:
        lines[-1] += " · " + ctx.t(
            "followup.report_approved_line", name=approver, when=ctx.when(report.approved_at)
        )
    for field, text in zip(
        FIELDS, (report.decisions, report.actions, report.next_points), strict=True
    ):
        lines += ["", f"## {ctx.t(f'followup.report_part.{field}')}", ""]
        entries = [line for line in text.split("\n") if line.strip()]
        lines += [f"- {markdown_escape(line)}" for line in entries] or [
            ctx.t("followup.report_nothing")
        ]
    return "\n".join(lines) + "\n"


def report_sections(ctx: Ctx, report: FollowupReport) -> list[tuple[str, list[str]]]:
    """(heading, lines) of each part, for the .docx."""
    texts = (report.decisions, report.actions, report.next_points)
    return [
        (ctx.t(f"followup.report_part.{field}"), [ln for ln in text.split("\n") if ln.strip()])
        for field, text in zip(FIELDS, texts, strict=True)
    ]
