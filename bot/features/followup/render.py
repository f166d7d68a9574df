"""Messages of /suivi: item cards, lists, reminders, the overdue list, the « Suivi » section."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from bot import refs
from bot.ctx import Ctx
from bot.features.followup.rules import ACTION, OPEN, Listed, is_late
from bot.messages import (
    Actions,
    Block,
    Button,
    Context,
    Field,
    Header,
    Message,
    Section,
    Style,
)
from bot.paging import Span, page_label, pager
from storage.models.followup import FollowupEvent, FollowupItem

Names = dict[str, str]
SHOWN_IN_SECTION = 8


def item_key(item: FollowupItem) -> str:
    return f"followup.item:{item.id}"


def assigned_key(item: FollowupItem) -> str:
    """The key of the action's card in the sous-comité's channel."""
    return f"followup.item:{item.id}:assigned"


def channel_ref(channel: str) -> str:
    """A channel as people see it (a link on Slack and Discord, ``#name`` in the console)."""
    try:
        return refs.channel(channel)
    except ValueError:
        return f"#{channel}"


def owner_of(ctx: Ctx, item: Listed, names: Names) -> str:
    """Who the action is for: the organisation, else the person's name."""
    if item.owner_org:
        return item.owner_org
    if item.owner_id:
        return names.get(item.owner_id, item.owner_id)
    return ctx.t("followup.nobody")


def day(ctx: Ctx, instant: datetime) -> str:
    return ctx.when(instant)


def status_of(ctx: Ctx, item: Listed) -> str:
    if is_late(item, ctx.now):
        return ctx.t("followup.status.late")
    return ctx.t(f"followup.status.{item.status}")


def item_line(ctx: Ctx, item: Listed, names: Names) -> str:
    """« • n° 3 Envoyer le bilan — Bruno, pour le vendredi 9 octobre 2026 (en retard) »."""
    number = ctx.t("followup.number", number=item.id)
    if item.kind != ACTION:
        return f"• {number} {item.text}"
    due = ctx.t("followup.due_line", when=day(ctx, item.due_at)) if item.due_at else ""
    late = f" _({ctx.t('followup.status.late')})_" if is_late(item, ctx.now) else ""
    done = f" ✅ _{ctx.t('followup.status.faite')}_" if item.status != OPEN else ""
    where = ""
    if item.assigned_channel:
        where = " " + ctx.t("followup.assigned_line", channel=channel_ref(item.assigned_channel))
    return f"• {number} {item.text} — {owner_of(ctx, item, names)}{due}{where}{late}{done}"


def follow_buttons(ctx: Ctx, item: FollowupItem) -> Actions:
    value = str(item.id)
    elements = []
    if item.kind == ACTION and item.status == OPEN:
        elements = [
            Button(ctx.t("followup.button.done"), "followup.done", value, Style.PRIMARY),
            Button(ctx.t("followup.button.postpone"), "followup.postpone", value),
            Button(ctx.t("followup.button.help"), "followup.help", value),
        ]
    elements.append(Button(ctx.t("followup.button.history"), "followup.history", value))
    return Actions(tuple(elements))


def item_card(ctx: Ctx, item: FollowupItem, names: Names, note: str = "") -> Message:
    """The channel post of an item, updated in place as it is followed up."""
    kind = ctx.t(f"followup.kind.{item.kind}")
    heading = ctx.t(
        "followup.card_title", kind=kind, number=ctx.t("followup.number", number=item.id)
    )
    fields = []
    if item.kind == ACTION:
        fields.append(Field(ctx.t("followup.field.owner"), owner_of(ctx, item, names)))
        due = day(ctx, item.due_at) if item.due_at else ctx.t("followup.no_due")
        fields.append(Field(ctx.t("followup.field.due"), due))
        fields.append(Field(ctx.t("followup.field.status"), status_of(ctx, item)))
        if item.assigned_channel:
            fields.append(
                Field(ctx.t("followup.field.channel"), channel_ref(item.assigned_channel))
            )
    if item.meeting_id:
        fields.append(
            Field(ctx.t("followup.field.meeting"), ctx.t("followup.number", number=item.meeting_id))
        )
    blocks: list[Block] = [Section(f"*{heading}*\n{item.text}", tuple(fields))]
    if note:
        blocks.append(Context((note,)))
    blocks.append(follow_buttons(ctx, item))
    return Message(blocks=blocks, text=f"{heading} : {item.text}", key=item_key(item))


def assigned_card(ctx: Ctx, item: FollowupItem, names: Names, note: str = "") -> Message:
    """The same card, posted in the sous-comité's channel the action is assigned to."""
    card = item_card(ctx, item, names, note)
    card.key, card.channel = assigned_key(item), item.assigned_channel
    return card


def cards(ctx: Ctx, item: FollowupItem, names: Names, note: str = "") -> list[Message]:
    """The action's card where it was recorded, and in the sous-comité's channel if any."""
    found = [item_card(ctx, item, names, note)]
    if item.assigned_channel:
        found.append(assigned_card(ctx, item, names, note))
    return found


def owner_note(ctx: Ctx, item: FollowupItem, by: str) -> Message:
    """What the owner is told privately when someone else gives them the action."""
    due = ctx.t("followup.due_line", when=day(ctx, item.due_at)) if item.due_at else ""
    channel = channel_ref(item.assigned_channel or item.channel)
    text = ctx.t(
        "followup.given_to_you", name=by, number=item.id, text=item.text, due=due, channel=channel
    )
    return Message([Section(text)], text, to=item.owner_id, channel=item.assigned_channel)


def private_reminder(ctx: Ctx, item: FollowupItem, when: str) -> Message:
    """The owner's own copy of a reminder, sent to them alone."""
    key = "followup.private_early" if when == "3j" else "followup.private_today"
    due = day(ctx, item.due_at) if item.due_at else ""
    channel = channel_ref(item.assigned_channel or item.channel)
    text = ctx.t(key, number=item.id, text=item.text, when=due, channel=channel)
    return Message([Section(text)], text, to=item.owner_id, channel=item.assigned_channel)


def history_message(
    ctx: Ctx, item: FollowupItem, events: list[FollowupEvent], names: Names
) -> Message:
    heading = ctx.t("followup.history_title", number=item.id)
    lines = []
    for event in events:
        who = (
            names.get(event.by or "", ctx.t("followup.by_outarde"))
            if event.by
            else ctx.t("followup.by_outarde")
        )
        what = ctx.t(f"followup.event.{event.kind}")
        detail = f" — {event.detail}" if event.detail else ""
        lines.append(f"• {day(ctx, event.at)} · {who} : {what}{detail}")
    blocks: list[Block] = [Header(heading), Section(item.text), Section("\n".join(lines))]
    return Message(blocks=blocks, text=heading, ephemeral=True)


def list_message(
    ctx: Ctx, title: str, items: list[FollowupItem], names: Names, where: Span, state: str
) -> Message:
    """One page of a list of items, with its count (« plus de 1000 » past the limit) and the
    pager."""
    if not items:
        text = ctx.t("followup.list_empty", title=title)
        blocks: list[Block] = [Section(text), Context((ctx.t("followup.list_hint"),))]
        return Message(blocks=blocks, text=text, ephemeral=True)
    key = "followup.list_title_more" if where.more else "followup.list_title"
    heading = ctx.tn(key, where.total, title=title)
    blocks = [Header(heading), Section("\n".join(item_line(ctx, i, names) for i in items))]
    if where.pages > 1 or where.more:
        blocks.append(Context((page_label(ctx.language, where),)))
    buttons = pager(ctx.language, "followup.page", where.page, where.pages, state, where.more)
    if buttons:
        blocks.append(buttons)
    blocks.append(Context((ctx.t("followup.list_hint"),)))
    return Message(blocks=blocks, text=heading, ephemeral=True)


def reminder_message(ctx: Ctx, item: FollowupItem, names: Names, when: str) -> Message:
    key = "followup.reminder_early" if when == "3j" else "followup.reminder_today"
    text = ctx.t(
        key,
        number=item.id,
        owner=owner_of(ctx, item, names),
        when=day(ctx, item.due_at) if item.due_at else "",
    )
    blocks: list[Block] = [Section(f"{text}\n> {item.text}"), follow_buttons(ctx, item)]
    return Message(blocks=blocks, text=text)


def overdue_message(ctx: Ctx, items: list[FollowupItem], names: Names) -> Message:
    heading = ctx.tn("followup.overdue_title", len(items))
    lines = "\n".join(item_line(ctx, item, names) for item in items[:30])
    blocks: list[Block] = [Header(heading), Section(lines)]
    if len(items) > 30:
        blocks.append(Context((ctx.t("followup.more", count=len(items) - 30),)))
    blocks.append(Context((ctx.t("followup.overdue_hint"),)))
    return Message(blocks=blocks, text=heading)


def help_message(ctx: Ctx, item: FollowupItem, names: Names, asker: str) -> Message:
    text = ctx.t(
        "followup.help_asked", name=asker, number=item.id, owner=owner_of(ctx, item, names)
    )
    blocks: list[Block] = [
        Section(f"{text}\n> {item.text}"),
        Context((ctx.t("followup.help_coordination"),)),
        follow_buttons(ctx, item),
    ]
    return Message(blocks=blocks, text=text)


def section_lines(ctx: Ctx, items: list[FollowupItem], names: Names) -> str:
    lines = [item_line(ctx, item, names) for item in items[:SHOWN_IN_SECTION]]
    if len(items) > SHOWN_IN_SECTION:
        lines.append(ctx.t("followup.more", count=len(items) - SHOWN_IN_SECTION))
    return "\n".join(lines)


def by_organisation(
    ctx: Ctx, items: list[FollowupItem], names: Names, organisations: dict[str, str]
) -> str:
    """« CDC des Collines : 2 (1 en retard) · Bruno : 1 » for the open actions."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        who = item.owner_org or organisations.get(item.owner_id or "") or owner_of(ctx, item, names)
        counts[who][0] += 1
        counts[who][1] += is_late(item, ctx.now)
    parts = []
    for who in sorted(counts):
        total, late = counts[who]
        late_text = ctx.t("followup.of_which_late", count=late) if late else ""
        parts.append(f"{who} : {total}{late_text}")
    return " · ".join(parts)


def followup_section(
    ctx: Ctx,
    done: list[FollowupItem],
    open_items: list[FollowupItem],
    decisions: list[FollowupItem],
    names: Names,
    organisations: dict[str, str],
) -> list[Block] | None:
    """The « Suivi » section of the meeting reminder; None when there is nothing to say."""
    if not (done or open_items or decisions):
        return None
    late = [item for item in open_items if is_late(item, ctx.now)]
    on_time = [item for item in open_items if not is_late(item, ctx.now)]
    parts = [f"*{ctx.t('followup.section_title')}*"]
    for key, items in (
        ("followup.section_done", done),
        ("followup.section_open", on_time),
        ("followup.section_late", late),
        ("followup.section_decisions", decisions),
    ):
        if items:
            parts.append(ctx.tn(key, len(items)) + "\n" + section_lines(ctx, items, names))
    if open_items:
        parts.append(
            ctx.t("followup.section_by_organisation")
            + " "
            + by_organisation(ctx, open_items, names, organisations)
        )
    return [Section("\n\n".join(parts)), Context((ctx.t("followup.section_hint"),))]
