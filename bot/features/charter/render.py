"""How the charter, its proposals and its history look in the chat."""

from __future__ import annotations

from collections.abc import Mapping

from bot.ctx import Ctx
from bot.features.charter.versions import ADOPTED, DRAFT, ENDORSE, OBJECT, REPLACED
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
    text_message,
)
from bot.text import truncate
from bot.when_format import format_date_only
from storage.models.charter import CharterStance, CharterStep, CharterVersion

HISTORY_EXCERPT = 160
STEPS_SHOWN = 12  # per version in the history; the rest are counted
VERSIONS_SHOWN = 40  # newest first: the history stays within every platform's block limit
Names = Mapping[str, str]  # user id -> how to name the person (never a ping)


def threshold(ctx: Ctx) -> int:
    return int(ctx.setting("seuil_charte"))


def card_key(version: CharterVersion) -> str:
    return f"charter.version:{version.number}"


def day(ctx: Ctx, version: CharterVersion, adopted: bool = False) -> str:
    """The version's date (its adoption's, when ``adopted``) in the workspace's language."""
    instant = version.adopted_at if adopted and version.adopted_at else version.created_at
    return format_date_only(ctx.local(instant).date(), ctx.language)


def quoted(text: str) -> str:
    """The charter's text as a quotation, line by line."""
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def charter_message(
    ctx: Ctx,
    adopted: CharterVersion | None,
    draft: CharterVersion | None,
    author: str,
    stances: list[CharterStance] | None = None,
    names: Names | None = None,
) -> Message:
    """The charter in force (or that there is none yet) and the proposal under discussion."""
    title = ctx.t("charter.title")
    blocks: list[Block] = [Header(title)]
    if adopted is not None:
        blocks.append(Section(quoted(adopted.text)))
        line = ctx.t("charter.in_force", number=adopted.number, date=day(ctx, adopted, True))
        blocks.append(Context((line,)))
    else:
        blocks.append(Section(ctx.t("charter.none_yet")))
    if draft is not None:
        heading = ctx.t(
            "charter.draft_heading", number=draft.number, name=author, date=day(ctx, draft)
        )
        blocks.append(Section(f"*{heading}*\n{quoted(draft.text)}"))
        lines = stance_lines(ctx, stances or [], names or {})
        blocks.append(Context((*lines, ctx.t("charter.draft_hint"))))
        blocks.extend(card_buttons(ctx, draft))
    return Message(blocks=blocks, text=title, ephemeral=True)


def stance_lines(ctx: Ctx, stances: list[CharterStance], names: Names) -> list[str]:
    """The counts against the threshold, then each objection and its reason."""
    endorsements = sum(1 for s in stances if s.kind == ENDORSE)
    objections = [s for s in stances if s.kind == OBJECT]
    lines = [
        ctx.t(
            "charter.counts",
            endorsements=endorsements,
            threshold=threshold(ctx),
            objections=len(objections),
        )
    ]
    for stance in objections:
        name = names.get(stance.user_id, stance.user_id)
        key = "charter.objection_reason" if stance.reason else "charter.objection_no_reason"
        lines.append(ctx.t(key, name=name, reason=stance.reason or ""))
    return lines


def card_buttons(ctx: Ctx, version: CharterVersion) -> list[Block]:
    """Everyone's buttons under a version under discussion, then the coordination's."""
    value = str(version.number)
    return [
        Actions(
            (
                Button(ctx.t("charter.button.endorse"), "charter.endorse", value, Style.PRIMARY),
                Button(ctx.t("charter.button.object"), "charter.object", value, Style.DANGER),
                Button(ctx.t("charter.button.withdraw"), "charter.unstance", value),
                Button(ctx.t("charter.button.adopt"), "charter.adopt", value),
            )
        )
    ]


def version_card(
    ctx: Ctx,
    version: CharterVersion,
    stances: list[CharterStance],
    names: Names,
    intro: str | None = None,
) -> Message:
    """The channel post of a version: its text, state, endorsements and objections, and
    (while it is under discussion) its buttons. ``intro``: what is said when it is posted."""
    heading = ctx.t(
        "charter.card_heading",
        number=version.number,
        name=names.get(version.author_id, version.author_id),
        status=ctx.t(f"charter.status.{version.status}"),
    )
    blocks: list[Block] = []
    if intro:
        blocks.append(Section(intro))
    blocks.append(Section(f"*{heading}*\n{quoted(version.text)}"))
    if version.status == DRAFT:
        lines = [*stance_lines(ctx, stances, names), ctx.t("charter.card_hint")]
        blocks.append(Context(tuple(lines)))
        blocks.extend(card_buttons(ctx, version))
    elif version.adopted_at:
        blocks.append(Context((adoption_line(ctx, version, names),)))
    text = intro or heading
    return Message(blocks=blocks, text=text, ephemeral=False, key=card_key(version))


def adoption_line(ctx: Ctx, version: CharterVersion, names: Names) -> str:
    """When and how the version was adopted: by the threshold, or by a coordinator."""
    date = day(ctx, version, True)
    if version.adopted_by:
        name = names.get(version.adopted_by, version.adopted_by)
        return ctx.t("charter.adopted_by_coordinator", date=date, name=name)
    return ctx.t("charter.adopted_by_threshold", date=date)


def adopted_message(
    ctx: Ctx, version: CharterVersion, by: str | None, replaced: CharterVersion | None
) -> Message:
    """Said in the channel: the charter is adopted, by the coordinator ``by`` or (None) by
    the endorsements reaching the threshold."""
    if by is None:
        said = ctx.t("charter.adopted_threshold", number=version.number, threshold=threshold(ctx))
    else:
        said = ctx.t("charter.adopted", number=version.number, name=by)
    if replaced is not None:
        said += " " + ctx.t("charter.replaces", before=replaced.number)
    blocks: list[Block] = [Section(f"{said}\n{quoted(version.text)}")]
    blocks.append(Context((ctx.t("charter.show_hint"),)))
    return Message(blocks=blocks, text=said, ephemeral=False)


def coordination_decides(ctx: Ctx, version: CharterVersion, in_force: CharterVersion) -> Message:
    """The channel and its coordination are told a version reached the threshold while a
    charter is in force: the threshold never replaces it, the coordination decides."""
    text = ctx.t("charter.coordination_decides", number=version.number, in_force=in_force.number)
    return Message(blocks=[Section(text)], text=text, ephemeral=False)


def objection_form(ctx: Ctx, version: CharterVersion, max_reason: int) -> Form:
    """An optional reason asked before recording an objection."""
    return Form(
        form_id="charter.object",
        title=ctx.t("charter.object_form.title", number=version.number),
        inputs=[
            TextInput(
                "raison", ctx.t("charter.object_form.reason"), True, False, max_length=max_reason
            )
        ],
        submit_label=ctx.t("charter.object_form.submit"),
        state=str(version.number),
    )


def withdrawn_message(ctx: Ctx, version: CharterVersion) -> Message:
    return text_message(ctx.t("charter.withdrawn", number=version.number))


def step_line(ctx: Ctx, step: CharterStep, names: Names) -> str:
    """One step of a version's history: its date, what happened and who did it."""
    date = format_date_only(ctx.local(step.at).date(), ctx.language)
    who = names.get(step.user_id, step.user_id) if step.user_id else ""
    key = f"charter.step.{step.kind}" + ("" if step.user_id else "_auto")
    if step.kind == OBJECT and step.reason:
        key = "charter.step.objection_reason"
    elif step.kind == "retrait":
        key = f"charter.step.retrait_{step.reason or ENDORSE}"
    return ctx.t(key, date=date, name=who, reason=step.reason or "")


def history_message(
    ctx: Ctx, versions: list[CharterVersion], steps: list[CharterStep], names: Names
) -> Message:
    """Every version, newest first: its number, state, author, dates, first words and the
    steps it went through (endorsements, objections, adoption, replacement)."""
    if not versions:
        return text_message(ctx.t("charter.none_yet"))
    title = ctx.t("charter.history_title")
    sections: list[Block] = [Header(title)]
    for version in list(reversed(versions))[:VERSIONS_SHOWN]:
        state = ctx.t(f"charter.status.{version.status}")
        line = ctx.t(
            "charter.history_line",
            number=version.number,
            state=state,
            name=names.get(version.author_id, version.author_id),
            date=day(ctx, version),
        )
        if version.status in (ADOPTED, REPLACED) and version.adopted_at:
            line += " " + ctx.t("charter.history_adopted", date=day(ctx, version, True))
        excerpt = truncate(" ".join(version.text.split()), HISTORY_EXCERPT)
        mine = [step_line(ctx, s, names) for s in steps if s.version == version.number]
        shown = mine[:STEPS_SHOWN]
        if len(mine) > STEPS_SHOWN:
            shown.append(ctx.t("charter.more_steps", count=len(mine) - STEPS_SHOWN))
        body = "\n".join(f"   · {step}" for step in shown)
        sections.append(Section(f"{line}\n   _{excerpt}_" + (f"\n{body}" if body else "")))
    footer = (
        ctx.t("charter.show_hint") if versions[-1].status != DRAFT else ctx.t("charter.draft_hint")
    )
    older = len(versions) - VERSIONS_SHOWN
    notes = (ctx.t("charter.older_versions", count=older), footer) if older > 0 else (footer,)
    sections.append(Context(notes))
    return Message(blocks=sections, text=title, ephemeral=True)
