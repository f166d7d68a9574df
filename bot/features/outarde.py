"""/outarde: help, workspace settings and coordinators."""

from __future__ import annotations

import json

from sqlmodel import delete, select

from bot.ctx import Ctx
from bot.errors import UserError
from bot.messages import Block, Context, Divider, Header, Message, Section
from bot.router import SettingSpec, registry
from bot.settings import (
    parse_bool,
    parse_language,
    parse_timezone,
    show_bool,
    show_language,
    show_plain,
)
from bot.text import split_args, user_ref
from storage.models import Coordinator, Member, Setting
from storage.queries import insert_ignore, upsert

registry.setting(
    SettingSpec(
        "langue",
        "fr",
        parse_language,
        show_language,
        "outarde.setting_langue",
        aliases=("language", "lang"),
    )
)
registry.setting(
    SettingSpec(
        "fuseau",
        "America/Toronto",
        parse_timezone,
        show_plain,
        "outarde.setting_fuseau",
        aliases=("timezone", "tz", "fuseau_horaire"),
    )
)
registry.setting(
    SettingSpec(
        "langue_personnelle",
        True,
        parse_bool,
        show_bool,
        "outarde.setting_langue_personnelle",
        aliases=("personal_language",),
    )
)

COORDINATOR_WORDS = ("coordo", "coordination", "coordinators", "coordinateurs")


def help_blocks(ctx: Ctx) -> list[Block]:
    """Every command with one example each, in the person's language (built once)."""
    key = ("help", ctx.language)
    blocks: tuple[Block, ...] | None = ctx.app.router.memo.get(key)
    if blocks is None:
        blocks = (Header(ctx.t("outarde.help_title")),)
        for command in ctx.app.router.commands.values():
            lines = []
            for name in command.order:
                sub = command.subcommands[name]
                summary, example = ctx.t(sub.help + ".summary"), ctx.t(sub.help + ".example")
                lines.append(f"• {summary}\n   `{example}`")
            blocks += (Section(f"*/{command.name}*\n" + "\n".join(lines)),)
        blocks += (Context((ctx.t("outarde.help_footer"),)),)
        ctx.app.router.memo[key] = blocks
    return list(blocks)


@registry.command("outarde", "aide", aliases=("help", "?"), help="outarde.help.aide")
async def show_help(ctx: Ctx, text: str) -> Message:
    """Every command with one example each."""
    return Message(blocks=help_blocks(ctx), text=ctx.t("outarde.help_title"), ephemeral=True)


@registry.command("outarde", "", help="outarde.help.default")
async def default(ctx: Ctx, text: str) -> Message:
    """``/outarde`` alone shows the help; anything else is explained."""
    if text:
        raise ctx.unknown_subcommand(text)
    return await show_help(ctx, "")


@registry.command(
    "outarde", "config", aliases=("configuration", "settings"), help="outarde.help.config"
)
async def config(ctx: Ctx, text: str) -> Message:
    """Show the settings, or change one (coordinators only)."""
    words = split_args(text)
    if not words:
        return await _show_config(ctx)
    name, values = words[0], words[1:]
    if name.lower() in COORDINATOR_WORDS:
        return await _change_coordinators(ctx, values)
    spec = ctx.app.router.find_setting(name)
    if spec is None:
        raise UserError(
            "outarde.unknown_setting", name=name[:60], names=", ".join(ctx.app.router.settings)
        )
    if not values:
        raise UserError(
            "outarde.missing_value", name=spec.name, example=ctx.t("outarde.help.config.example")
        )
    ctx.require_coordinator()
    value = spec.parse(" ".join(values))
    await upsert(
        ctx.session,
        Setting,
        {"workspace": ctx.workspace, "name": spec.name, "value": json.dumps(value)},
        ["workspace", "name"],
        ["value"],
    )
    language = value if spec.name == "langue" else ctx.language
    ctx.settings[spec.name] = value
    ctx.workspace_changed = True
    followed = await ctx.hook(f"setting_changed.{spec.name}")  # e.g. reminders re-planned
    from bot.i18n import t

    changed = t(
        language,
        "outarde.setting_changed",
        label=t(language, spec.label),
        value=spec.show(value, language),
    )
    return Message(
        blocks=[Section(changed), *([Context(tuple(followed))] if followed else [])],
        ephemeral=False,
    )


async def _show_config(ctx: Ctx) -> Message:
    fields = [
        f"• {ctx.t(spec.label)} (`{spec.name}`) : *{spec.show(ctx.settings[name], ctx.language)}*"
        for name, spec in ctx.app.router.settings.items()
    ]
    coordinators = (
        await ctx.session.exec(
            select(Member.display_name)
            .join(
                Coordinator,
                (Coordinator.user_id == Member.user_id)
                & (Coordinator.workspace == Member.workspace),
            )
            .where(Coordinator.workspace == ctx.workspace)
            .order_by(Member.display_name)
        )
    ).all()
    names = ", ".join(coordinators) or ctx.t("outarde.no_coordinator")
    return Message(
        blocks=[
            Header(ctx.t("outarde.config_title")),
            Section("\n".join(fields)),
            Divider(),
            Section(ctx.t("outarde.coordinators", names=names)),
            Context((ctx.t("outarde.config_hint"),)),
        ],
        text=ctx.t("outarde.config_title"),
        ephemeral=True,
    )


async def _change_coordinators(ctx: Ctx, words: list[str]) -> Message:
    """``coordo ajouter @personne`` / ``coordo retirer @personne``."""
    ctx.require_coordinator()
    if len(words) != 2 or words[0].lower() not in {"ajouter", "add", "retirer", "remove"}:
        raise UserError("outarde.coordinator_usage")
    user_id = user_ref(words[1])
    if user_id is None:
        raise UserError("outarde.coordinator_usage")
    name = await ctx.display_name(user_id)
    ctx.workspace_changed = True
    if words[0].lower() in {"ajouter", "add"}:
        await insert_ignore(
            ctx.session,
            Coordinator,
            {"workspace": ctx.workspace, "user_id": user_id},
            ["workspace", "user_id"],
        )
        return Message(blocks=[Section(ctx.t("outarde.coordinator_added", name=name))])
    await ctx.session.exec(
        delete(Coordinator).where(  # type: ignore[call-overload]
            Coordinator.workspace == ctx.workspace, Coordinator.user_id == user_id
        )
    )
    return Message(blocks=[Section(ctx.t("outarde.coordinator_removed", name=name))])
