"""/suivi exporter's files: the channel's decisions and actions as Markdown and CSV, written a
chunk of items at a time as they are read."""

from __future__ import annotations

from collections.abc import Sequence

from bot.ctx import Ctx
from bot.exports import CsvFile, MarkdownFile
from bot.features.followup.render import Names, item_line, owner_of, status_of
from bot.features.followup.rules import ACTION, DECISION, Listed
from bot.messages import Message, Section
from bot.text import markdown_escape

CSV_HEADER = ("numero", "type", "texte", "responsable", "echeance", "statut", "rencontre", "faite")


class ExportFiles:
    """The two files, written as ``add`` receives items by number: the decisions, then the
    actions (written beside, joined at the end), in Markdown; every item in the CSV."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx, self.count = ctx, 0
        self.markdown = MarkdownFile("suivi.md")
        self.actions = MarkdownFile("suivi.md")
        self.table = CsvFile("suivi.csv", CSV_HEADER)
        self.markdown.write([f"# {ctx.t('followup.export_title')}", ""])
        self.markdown.write([f"## {ctx.t('followup.export_decisions')}", ""])
        self.actions.write([f"## {ctx.t('followup.export_actions')}", ""])

    def add(self, items: Sequence[Listed], names: Names) -> None:
        """Items of the channel, by number; ``names`` names their owners."""
        ctx, tz = self.ctx, self.ctx.tz
        parts = {DECISION: [], ACTION: []}  # type: dict[str, list[str]]
        for item in items:
            line = markdown_escape(item_line(ctx, item, names).lstrip("• "))
            parts.get(item.kind, []).append(f"- {line}")
        self.markdown.write(parts[DECISION])
        self.actions.write(parts[ACTION])
        self.table.write(
            (
                item.id,
                ctx.t(f"followup.kind.{item.kind}"),
                item.text,
                owner_of(ctx, item, names) if item.kind == ACTION else "",
                item.due_at.astimezone(tz).date().isoformat() if item.due_at else "",
                status_of(ctx, item),
                item.meeting_id or "",
                item.done_at.astimezone(tz).date().isoformat() if item.done_at else "",
            )
            for item in items
        )
        self.count += len(items)

    def message(self) -> Message:
        """The files, with a line saying how many items they hold."""
        self.markdown.write([""])
        self.actions.write([""])
        self.markdown.extend(self.actions)
        text = self.ctx.tn("followup.exported", self.count)
        files = [self.markdown.attachment(), self.table.attachment()]
        return Message(blocks=[Section(text)], text=text, ephemeral=True, files=files)
