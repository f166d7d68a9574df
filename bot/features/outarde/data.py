"""/outarde donnees: a coordinator exports every row of the table, or erases them all.

The rows are the core's to read and delete (bot.departures: every table holding the
workspace's rows); sealed tokens never leave the database. Erasing asks for a click first,
and the click is checked again: a coordinator of this very workspace, this workspace's id.
"""

from __future__ import annotations

import json

from bot import departures
from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.outarde.commands import feature
from bot.messages import Actions, Attachment, Button, Message, Section, Style, text_message
from bot.text import fold

ERASE = "outarde.data_erase"


@feature.command("outarde", "donnees", aliases=("data",), help="outarde.help.donnees")
async def data(ctx: Ctx, text: str) -> Message:
    """Export the table's data (a JSON file), or ask to erase it (coordinators only)."""
    ctx.require_coordinator()
    word = fold(text.strip())
    if word in {"exporter", "export"}:
        rows = await departures.export(ctx.session, ctx.workspace)
        body = json.dumps(rows, default=str, ensure_ascii=False, indent=1).encode("utf-8")
        count = sum(len(table) for table in rows.values())
        summary = ctx.t("outarde.data.exported", rows=count, tables=len(rows))
        file = Attachment("outarde-donnees.json", body, "application/json")
        return Message([Section(summary)], summary, ephemeral=True, files=[file])
    if word in {"effacer", "erase"}:
        question = ctx.t("outarde.data.erase_question")
        button = Button(ctx.t("outarde.data.erase_button"), ERASE, ctx.workspace, Style.DANGER)
        return Message([Section(question), Actions((button,))], question, ephemeral=True)
    raise UserError("outarde.data.usage")


@feature.action(ERASE)
async def erase(ctx: Ctx, value: str) -> Message:
    """Erase every row of the workspace, once a coordinator of it confirmed."""
    ctx.require_coordinator()
    if value != ctx.workspace:  # a button of another workspace, or a crafted value
        raise UserError("outarde.data.not_here")
    count = await departures.erase(ctx.session, ctx.workspace)
    return text_message(ctx.t("outarde.data.erased", rows=count))
