"""How the help, the settings and their changes look in the chat."""

from __future__ import annotations

from typing import Any

from bot.ctx import Ctx
from bot.help import help_blocks
from bot.i18n import t
from bot.messages import Context, Divider, Header, Message, Section
from bot.router import SettingSpec
from bot.text import fold


def help_message(ctx: Ctx) -> Message:
    """Every command with one example each."""
    blocks = help_blocks(ctx.router, ctx.language)
    return Message(blocks=blocks, text=ctx.t("outarde.help_title"), ephemeral=True)


def coordinator_names(coordinators: list[tuple[str, str | None]]) -> list[str]:
    """Every coordinator by name (« @id » for someone who never used Outarde), sorted."""
    return sorted((name or f"@{user_id}" for user_id, name in coordinators), key=fold)


def config_message(ctx: Ctx, coordinators: list[tuple[str, str | None]]) -> Message:
    """The workspace's settings, then its coordinators."""
    fields = [
        ctx.t(
            "outarde.config_line",
            label=ctx.t(spec.label),
            name=spec.word(ctx.language),
            value=spec.show(ctx.settings[name], ctx.language),
        )
        for name, spec in ctx.router.settings.items()
    ]
    names = ", ".join(coordinator_names(coordinators)) or ctx.t("outarde.no_coordinator")
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


def setting_changed_message(
    spec: SettingSpec, value: Any, language: str, followed: list[str]
) -> Message:
    """The channel is told a setting changed, in ``language``, and what followed."""
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
