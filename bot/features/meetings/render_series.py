"""Messages of a series of meetings: the confirmation listing every date, the series planned,
moved or cancelled. Pure: meetings in, neutral messages out."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.features.meetings.common import draft_value, when_text
from bot.features.meetings.render import ephemeral, title_of, where_text
from bot.messages import Actions, Attachment, Button, Message, Section, Style
from storage.models.meetings import Meeting


def date_lines(ctx: Ctx, meetings: list[Meeting], *, numbered: bool = True) -> str:
    """One line per meeting: « • n° 12 — jeudi 17 septembre 2026 de 13 h 30 à 16 h »."""
    if not numbered:
        return "\n".join(
            ctx.t("meetings.series_draft_line", index=index, when=when_text(ctx, m))
            for index, m in enumerate(meetings, 1)
        )
    return "\n".join(
        ctx.t("meetings.series_line", id=m.id, when=when_text(ctx, m)) for m in meetings
    )


def series_question(ctx: Ctx, drafts: list[Meeting]) -> Message:
    """Ask the person to confirm every date of a series, each written in full."""
    first = drafts[0]
    question = ctx.t(
        "meetings.series_question",
        count=len(drafts),
        title=title_of(ctx, first),
        location=where_text(ctx, first),
        dates=date_lines(ctx, drafts, numbered=False),
    )
    buttons = Actions(
        (
            Button(
                ctx.tn("meetings.button_confirm_series", len(drafts)),
                "meetings.confirm",
                draft_value(first),
                Style.PRIMARY,
            ),
            Button(ctx.t("meetings.button_discard"), "meetings.discard", draft_value(first)),
        )
    )
    return Message(blocks=[Section(question), buttons], text=question, ephemeral=True)


def series_planned(ctx: Ctx, meetings: list[Meeting]) -> Message:
    """The coordination's confirmation: how many, which numbers, how to change the series."""
    return ephemeral(
        ctx.t(
            "meetings.series_planned",
            count=len(meetings),
            first=meetings[0].id,
            last=meetings[-1].id,
        )
    )


def series_posted(ctx: Ctx, meetings: list[Meeting], ics: Attachment) -> Message:
    """The channel's message: every meeting of the series, with one .ics holding them all."""
    text = ctx.t(
        "meetings.series_posted",
        count=len(meetings),
        title=title_of(ctx, meetings[0]),
        location=where_text(ctx, meetings[0]),
        lines=date_lines(ctx, meetings),
    )
    return Message(blocks=[Section(text)], text=text, channel=meetings[0].channel, files=[ics])


def series_notice(
    ctx: Ctx, key: str, meetings: list[Meeting], lines: str, names: list[str], ics: Attachment
) -> Message:
    """A channel message about a whole series (moved, cancelled), naming those who answered."""
    text = ctx.t(key, count=len(meetings), title=title_of(ctx, meetings[0]), lines=lines)
    if names:
        text += "\n" + ctx.t("meetings.told_people", names=", ".join(names))
    return Message(blocks=[Section(text)], text=text, channel=meetings[0].channel, files=[ics])


def moved_line(ctx: Ctx, meeting: Meeting, before: str) -> str:
    return ctx.t(
        "meetings.series_moved_line", id=meeting.id, before=before, when=when_text(ctx, meeting)
    )


def cancel_question(ctx: Ctx, meetings: list[Meeting], value: str) -> Message:
    """« Annuler les 4 rencontres à venir de la série ? » with its buttons."""
    question = ctx.t(
        "meetings.series_cancel_question",
        count=len(meetings),
        title=title_of(ctx, meetings[0]),
        lines=date_lines(ctx, meetings),
    )
    buttons = Actions(
        (
            Button(
                ctx.t("meetings.button_cancel_series"),
                "meetings.cancel_series",
                value,
                Style.DANGER,
            ),
            Button(ctx.t("meetings.button_keep_series"), "meetings.keep_series", value),
        )
    )
    return Message(blocks=[Section(question), buttons], text=question, ephemeral=True)


def kept(ctx: Ctx, meetings: list[Meeting]) -> Message:
    return ephemeral(ctx.tn("meetings.series_kept", len(meetings), first=meetings[0].id))
