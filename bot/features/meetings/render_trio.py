"""How the trio d'animation is shown: its card with the answer buttons, and its notices."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.features.meetings.common import CANCELLED
from bot.features.meetings.render import ephemeral, title_of
from bot.messages import Actions, Button, Context, Header, Message, Section, Style
from storage.models.meetings import Meeting, TrioSeat


def trio_key(meeting_id: int | None) -> str:
    """The key of the trio message, updated in place."""
    return f"meetings.trio:{meeting_id}"


def trio_card(
    ctx: Ctx,
    meeting: Meeting,
    seats: dict[str, TrioSeat],
    lines: list[str],
    waiting: list[str],
) -> Message:
    """The trio message (keyed, updated in place) with the accept / decline buttons;
    ``waiting``: the names of those proposed who have not answered yet."""
    title = ctx.t(
        "meetings.trio_title", title=title_of(ctx, meeting), when=ctx.when(meeting.starts_at)
    )
    blocks: list = [Header(title), Section("\n".join(lines))]
    if any(s.status == "open" for s in seats.values()):
        blocks.append(Context((ctx.t("meetings.trio_nobody_left", id=meeting.id),)))
    if waiting and meeting.starts_at > ctx.now and meeting.status != CANCELLED:
        names = ", ".join(waiting)  # never a ping
        blocks.append(Context((ctx.t("meetings.trio_please_answer", people=names),)))
        blocks.append(
            Actions(
                (
                    Button(
                        ctx.t("meetings.button_trio_yes"),
                        "meetings.trio_yes",
                        str(meeting.id),
                        Style.PRIMARY,
                    ),
                    Button(ctx.t("meetings.button_trio_no"), "meetings.trio_no", str(meeting.id)),
                )
            )
        )
    return Message(blocks=blocks, text=title, key=trio_key(meeting.id), channel=meeting.channel)


def now_present(ctx: Ctx, before: str | None) -> str:
    """Telling someone who accepted a role that they are now recorded as present."""
    if before is None:
        return ctx.t("meetings.trio_now_present")
    return ctx.t("meetings.trio_now_present_changed", before=ctx.t(f"meetings.button_{before}"))


def accepted(ctx: Ctx, meeting: Meeting, seat: TrioSeat, change: str | None) -> Message:
    """Thanks for accepting the role (and what changed in their RSVP answer, if anything)."""
    thanks = ctx.t(
        "meetings.trio_accepted",
        role=ctx.t("meetings.role." + seat.role),
        title=title_of(ctx, meeting),
    )
    if change:
        thanks += "\n" + change
    return ephemeral(thanks)


def stepped_down(
    ctx: Ctx, meeting: Meeting, seat: TrioSeat, name: str, replacement: str | None
) -> Message:
    """In the channel: ``name`` cannot serve, and who is proposed instead (if anyone)."""
    role = ctx.t("meetings.role." + seat.role)
    if replacement is not None:
        text = ctx.t("meetings.trio_replacement", name=name, role=role, person=replacement)
    else:
        text = ctx.t("meetings.trio_no_replacement", name=name, role=role, id=meeting.id)
    return Message(blocks=[Section(text)], text=text, channel=meeting.channel)
