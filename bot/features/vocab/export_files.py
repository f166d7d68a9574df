"""The glossary's export: a Markdown file and a CSV file, written a chunk of terms at a time."""

from __future__ import annotations

from collections.abc import Sequence

from bot.ctx import Ctx
from bot.exports import CsvFile, MarkdownFile
from bot.features.vocab.render import Names, day, titled
from bot.features.vocab.render_lists import labelled
from bot.features.vocab.store_export import Entry
from bot.messages import Message, Section
from bot.text import markdown_escape

CSV_COLUMNS = ("term", "english", "definition", "example", "source", "proposer", "adopted")


class ExportFiles:
    """The export's two files, written as ``add`` receives the adopted definitions."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx, self.count = ctx, 0
        stem = ctx.t("vocab.file_stem")
        self.markdown = MarkdownFile(f"{stem}.md")
        self.table = CsvFile(f"{stem}.csv", [ctx.t(f"vocab.csv.{name}") for name in CSV_COLUMNS])
        self.markdown.write([f"# {ctx.t('vocab.export_title')}", ""])

    def add(self, entries: Sequence[Entry], names: Names) -> None:
        """Adopted definitions, in the glossary's order; ``names`` names their proposers."""
        ctx, lines, rows = self.ctx, [], []
        for _, term, english, definition, example, source, proposer_id, adopted_at in entries:
            proposer = names[proposer_id]
            lines += [f"## {markdown_escape(titled(ctx, term, english))}", ""]
            lines += [markdown_escape(definition), ""]
            if example:
                lines.append("- " + labelled(ctx, "example", markdown_escape(example)))
            if source:
                lines.append("- " + labelled(ctx, "source", markdown_escape(source)))
            adopted = day(ctx, adopted_at) if adopted_at else ""
            line = ctx.t("vocab.export_adopted", day=adopted, name=markdown_escape(proposer))
            lines += [f"- {line}", ""]
            adopted_on = ctx.local(adopted_at).date().isoformat() if adopted_at else ""
            rows.append(
                [term, english or "", definition, example or "", source or "", proposer, adopted_on]
            )
        self.count += len(entries)
        self.markdown.write(lines)
        self.table.write(rows)

    def message(self) -> Message:
        """The files, with a line saying how many definitions they hold."""
        text = self.ctx.tn("vocab.export_ready", self.count)
        files = [self.markdown.attachment(), self.table.attachment()]
        return Message(blocks=[Section(text)], text=text, ephemeral=True, files=files)
