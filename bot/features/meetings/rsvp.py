"""RSVP buttons on a meeting: Présent·e, Absent·e, Délégué·e (a form asks whom)."""

from __future__ import annotations

from bot import hooks
from bot.ctx import Ctx
from bot.errors import NotFound
from bot.features.meetings.common import (
    find_meeting,
    get_meeting,
    require_open,
    save_answer,
    value_id,
)
from bot.features.meetings.feature import feature
from bot.features.meetings.trio import leave_if_away
from bot.features.meetings.view import (
    ANSWER_CODES,
    card_key,
    meeting_card,
    rsvp_people,
    title_of,
)
from bot.messages import Form, Message, Reply, Section, TextInput, Update
from bot.validation import checked_form
from storage.models.meetings import Meeting

MAX_DELEGATE = 200


async def open_meeting(ctx: Ctx, value: str) -> Meeting:
    meeting = await get_meeting(ctx, value_id(value))
    require_open(ctx, meeting)
    return meeting


async def record(ctx: Ctx, meeting: Meeting, answer: str, delegate: str | None) -> Reply:
    """Store the person's answer (one per person) and refresh the meeting's card in place.

    Absent or delegated, they leave the trio if they served in it: someone else is proposed.
    """
    await save_answer(ctx, meeting, answer, delegate)
    params = {"title": title_of(ctx, meeting), "when": ctx.when(meeting.starts_at)}
    text = ctx.t(f"meetings.rsvp_saved.{answer}", delegate=delegate or "", **params)
    trio_changes = await leave_if_away(ctx, meeting, answer)
    return [
        *trio_changes,
        Update(card_key(meeting.id), await meeting_card(ctx, meeting)),
        Message(blocks=[Section(text)], text=text, ephemeral=True),
    ]


@feature.action("meetings.rsvp")
async def answer(ctx: Ctx, value: str) -> Reply:
    """``<meeting id>:p|a|d``; the delegated answer opens a form asking whom."""
    code = value.partition(":")[2]
    if code not in ANSWER_CODES:
        raise NotFound("meetings.unknown_meeting", id=value[:20])
    meeting = await open_meeting(ctx, value)
    if ANSWER_CODES[code] == "delegated":
        return Form(
            "meetings.delegate",
            ctx.t("meetings.delegate_form_title"),
            [
                TextInput(
                    "delegue",
                    ctx.t("meetings.delegate_field"),
                    max_length=MAX_DELEGATE,
                    placeholder=ctx.t("meetings.delegate_hint"),
                )
            ],
            ctx.t("meetings.delegate_submit"),
            state=str(meeting.id),
        )
    return await record(ctx, meeting, ANSWER_CODES[code], None)


@feature.form("meetings.delegate")
async def delegated(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    fields = checked_form(values, {"delegue": MAX_DELEGATE}, {"delegue"})
    meeting = await open_meeting(ctx, state)
    return await record(ctx, meeting, "delegated", fields["delegue"])


@feature.hook(hooks.MEETING_ATTENDEES)
async def attendees(ctx: Ctx, meeting_id: int) -> list[str] | None:
    """Who answered Présent·e to the meeting (for its evaluation's reminder); None when
    the meeting is unknown.

    Those who answered Délégué·e are left out: they were not there, and their delegate is
    known only by name (a delegate who uses Outarde answers Présent·e themselves).
    """
    if await find_meeting(ctx, meeting_id) is None:
        return None
    return [r.user_id for r in await rsvp_people(ctx, meeting_id) if r.answer == "present"]
