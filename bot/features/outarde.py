"""/outarde: help, workspace settings and coordinators."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import delete, select

from bot.ctx import Ctx
from bot.errors import UserError
from bot.help import help_blocks
from bot.hooks import setting_changed
from bot.i18n import t
from bot.messages import Context, Divider, Header, Message, Section, text_message
from bot.router import Feature, Router, SettingSpec
from bot.text import fold, harmless, split_args, truncate, user_ref
from storage.models import Coordinator, Member, Setting
from storage.queries import insert_ignore, upsert

feature = Feature("outarde")

COORDINATOR_WORDS = (
    "coordo",
    "coordination",
    "coordinators",
    "coordinateurs",
    "coordonnateurs",
    "coordonnatrices",
    "coordinator",
    "coordonnateur",
    "coordonnatrice",
)
ADD = {"ajouter", "add"}
REMOVE = {"retirer", "remove", "enlever"}


@feature.command("outarde", "aide", aliases=("help", "?"), help="outarde.help.aide")
async def show_help(ctx: Ctx, text: str) -> Message:
    """Every command with one example each."""
    blocks = help_blocks(ctx.router, ctx.language)
    return Message(blocks=blocks, text=ctx.t("outarde.help_title"), ephemeral=True)


@feature.command("outarde", "", help="outarde.help.default")
async def default(ctx: Ctx, text: str) -> Message:
    """``/outarde`` alone shows the help; anything else is explained."""
    if text:
        raise ctx.unknown_subcommand(text)
    return await show_help(ctx, "")


@feature.command(
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
    spec = ctx.router.find_setting(name)
    if spec is None:
        words = [spec.word(ctx.language) for spec in ctx.router.settings.values()]
        raise UserError("outarde.unknown_setting", name=name[:60], names=", ".join(words))
    if not values:
        raise UserError(
            "outarde.missing_value",
            name=spec.word(ctx.language),
            example=example_command(spec, ctx.language),
        )
    ctx.require_coordinator()
    value = parse_setting(spec, " ".join(values), ctx.language)
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
    followed = await ctx.hook(setting_changed(spec.name))  # e.g. reminders re-planned
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


def setting_command(spec: SettingSpec, language: str) -> str:
    """The command that changes ``spec``, without its value."""
    return f"/outarde config {spec.word(language)}"


def parse_setting(spec: SettingSpec, text: str, language: str) -> Any:
    """The value of ``text`` for ``spec``; a refusal gives its example as a full command."""
    try:
        return spec.parse(text)
    except UserError as error:
        command = setting_command(spec, language)
        raise UserError(error.key, **error.params, command=command) from None


def example_command(spec: SettingSpec, language: str) -> str:
    """A full command giving ``spec`` a value it accepts: its default, as shown or as stored."""
    candidates = [spec.show(spec.default, language), str(spec.default)]
    value = next((text for text in candidates if _accepted(spec, text)), candidates[0])
    return f"{setting_command(spec, language)} {value}"


def _accepted(spec: SettingSpec, text: str) -> bool:
    try:
        spec.parse(text)
    except UserError:
        return False
    return True


async def _show_config(ctx: Ctx) -> Message:
    fields = [
        ctx.t(
            "outarde.config_line",
            label=ctx.t(spec.label),
            name=spec.word(ctx.language),
            value=spec.show(ctx.settings[name], ctx.language),
        )
        for name, spec in ctx.router.settings.items()
    ]
    names = ", ".join(await coordinator_names(ctx)) or ctx.t("outarde.no_coordinator")
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


async def coordinator_names(ctx: Ctx) -> list[str]:
    """Every coordinator by name (« @id » for someone who never used Outarde), sorted."""
    rows = (
        await ctx.session.exec(
            select(Coordinator.user_id, Member.display_name)
            .outerjoin(
                Member,
                (Coordinator.user_id == Member.user_id)
                & (Coordinator.workspace == Member.workspace),
            )
            .where(Coordinator.workspace == ctx.workspace)
        )
    ).all()
    return sorted((name or f"@{user_id}" for user_id, name in rows), key=fold)


async def named_person(ctx: Ctx, token: str, *, must_be_known: bool) -> tuple[str, str] | None:
    """The user id and name of the person mentioned by ``token`` (None if not a mention).

    Someone who used Outarde is known by name; ``must_be_known`` refuses anyone else.
    """
    user_id = user_ref(token)
    if user_id is None:
        return None
    member = await ctx.member(user_id)
    if member is not None:
        return user_id, member.display_name
    if must_be_known:
        raise UserError("outarde.unknown_person", person=truncate(harmless(token), 60))
    return user_id, harmless(token)


async def _change_coordinators(ctx: Ctx, words: list[str]) -> Message:
    """``coordo ajouter @personne`` / ``coordo retirer @personne``; the last one stays."""
    ctx.require_coordinator()
    action = fold(words[0]) if len(words) == 2 else ""
    adding = action in ADD
    person = None
    if adding or action in REMOVE:
        strict = adding and not ctx.mentions_are_people
        person = await named_person(ctx, words[1], must_be_known=strict)
    if person is None:
        raise UserError("outarde.coordinator_usage")
    user_id, name = person
    coordinators = await _coordinator_ids(ctx)
    if adding:
        row = {"workspace": ctx.workspace, "user_id": user_id}
        if user_id in coordinators or not await insert_ignore(
            ctx.session, Coordinator, row, ["workspace", "user_id"]
        ):
            return text_message(ctx.t("outarde.coordinator_already", name=name))
        key = "outarde.coordinator_added"
    else:
        if user_id not in coordinators:
            raise UserError("outarde.not_coordinator", name=name)
        if coordinators == {user_id}:
            raise UserError("outarde.last_coordinator", name=name)
        await ctx.session.exec(
            delete(Coordinator).where(  # type: ignore[call-overload]
                Coordinator.workspace == ctx.workspace, Coordinator.user_id == user_id
            )
        )
        key = "outarde.coordinator_removed"
    ctx.workspace_changed = True
    return text_message(ctx.t(key, name=name), ephemeral=False)


async def _coordinator_ids(ctx: Ctx) -> set[str]:
    """The workspace's coordinators, locked until the end of the transaction.

    Two coordinators removing each other at the same moment: the second waits for the
    first, then sees it is the last one left.
    """
    statement = select(Coordinator).where(Coordinator.workspace == ctx.workspace).with_for_update()
    return {row.user_id for row in (await ctx.session.exec(statement)).all()}


def setup(router: Router) -> None:
    """Install /outarde's commands."""
    feature.install(router)
