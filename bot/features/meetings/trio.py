"""/rencontre trio: animation, synthèse, observation — three organisations, tour à tour.

Rotation: candidates are the people with an organisation (``/partenaire moi``) who did not
answer absent or delegated for the meeting; those who served least recently come first
(never served before anyone), then fewer services, then name.
Three are picked greedily from three different organisations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, func, select

from bot.ctx import Ctx
from bot.errors import NotAllowed, UserError
from bot.features.meetings.common import (
    CANCELLED,
    get_meeting,
    my_answer,
    pick_meeting,
    require_open,
    save_answer,
    value_id,
)
from bot.features.meetings.feature import feature
from bot.features.meetings.view import (
    ROLES,
    card_key,
    meeting_card,
    title_of,
    trio_lines,
    trio_seats,
)
from bot.messages import (
    Actions,
    Button,
    Context,
    Header,
    Message,
    Output,
    Reply,
    Section,
    Style,
    Update,
)
from bot.text import fold, mention_label, user_ref
from storage.models import Member
from storage.models.meetings import Meeting, Rsvp, TrioDecline, TrioSeat
from storage.queries import insert_ignore

SERVING = ("proposed", "accepted")
AWAY = ("absent", "delegated")  # RSVP answers that rule a person out of the trio


def trio_key(meeting_id: int | None) -> str:
    return f"meetings.trio:{meeting_id}"


@dataclass
class Candidate:
    user_id: str
    name: str
    organisation: str
    last_served: datetime | None
    times: int

    def rank(self) -> tuple:
        return (
            self.last_served is not None,
            self.last_served or datetime.min,
            self.times,
            fold(self.name),
        )


async def unavailable(ctx: Ctx, meeting: Meeting) -> set[str]:
    """Who declined a role for this meeting, or answered absent or delegated to it."""
    declined = select(TrioDecline.user_id).where(
        TrioDecline.workspace == ctx.workspace, TrioDecline.meeting_id == meeting.id
    )
    away = select(Rsvp.user_id).where(
        Rsvp.workspace == ctx.workspace,
        Rsvp.meeting_id == meeting.id,
        col(Rsvp.answer).in_(AWAY),
    )
    users = set((await ctx.session.exec(declined)).all())
    return users | set((await ctx.session.exec(away)).all())


async def candidates(ctx: Ctx, meeting: Meeting) -> list[Candidate]:
    """Eligible people, least recently served first; those unavailable for it left out."""
    members = (
        await ctx.session.exec(
            select(Member).where(
                Member.workspace == ctx.workspace, col(Member.organisation).is_not(None)
            )
        )
    ).all()
    declined = await unavailable(ctx, meeting)
    served_statement = (
        select(TrioSeat.user_id, func.max(Meeting.starts_at), func.count())
        .join(Meeting, col(Meeting.id) == col(TrioSeat.meeting_id))
        .where(
            TrioSeat.workspace == ctx.workspace,
            Meeting.workspace == ctx.workspace,
            col(TrioSeat.status).in_(SERVING),
            Meeting.status != CANCELLED,
            col(Meeting.id) != meeting.id,
        )
        .group_by(col(TrioSeat.user_id))
    )
    served = {
        user: (last, count)
        for user, last, count in (await ctx.session.exec(served_statement)).all()
    }
    found = [
        Candidate(
            m.user_id, m.display_name, m.organisation or "", *(served.get(m.user_id) or (None, 0))
        )
        for m in members
        if m.user_id not in declined and (m.organisation or "").strip()
    ]
    return sorted(found, key=Candidate.rank)


async def fill_open_roles(ctx: Ctx, meeting: Meeting) -> list[str]:
    """Propose someone for each role without a taker; returns the users newly proposed."""
    seats = await trio_seats(ctx, meeting.id or 0)
    taken = [s for s in seats.values() if s.user_id and s.status in SERVING]
    users = {s.user_id for s in taken}
    organisations = set()
    for seat in taken:
        member = await ctx.member(seat.user_id or "")
        if member and member.organisation:
            organisations.add(fold(member.organisation))
    pool = [
        c
        for c in await candidates(ctx, meeting)
        if c.user_id not in users and fold(c.organisation) not in organisations
    ]
    proposed = []
    for role in ROLES:
        seat = seats.get(role)
        if seat is not None and seat.user_id and seat.status in SERVING:
            continue
        choice = next((c for c in pool if fold(c.organisation) not in organisations), None)
        seat = seat or TrioSeat(workspace=ctx.workspace, meeting_id=meeting.id or 0, role=role)
        seat.user_id = choice.user_id if choice else None
        seat.status = "proposed" if choice else "open"
        ctx.session.add(seat)
        if choice:
            organisations.add(fold(choice.organisation))
            pool.remove(choice)
            proposed.append(choice.user_id)
    await ctx.session.flush()
    return proposed


async def trio_card(ctx: Ctx, meeting: Meeting) -> Message:
    """The trio message (keyed, updated in place) with the accept / decline buttons."""
    title = ctx.t(
        "meetings.trio_title", title=title_of(ctx, meeting), when=ctx.when(meeting.starts_at)
    )
    lines = await trio_lines(ctx, meeting.id or 0)
    seats = await trio_seats(ctx, meeting.id or 0)
    blocks: list = [Header(title), Section("\n".join(lines))]
    waiting = [
        seats[role].user_id
        for role in ROLES
        if role in seats and seats[role].status == "proposed" and seats[role].user_id
    ]
    if any(s.status == "open" for s in seats.values()):
        blocks.append(Context((ctx.t("meetings.trio_nobody_left", id=meeting.id),)))
    if waiting and meeting.starts_at > ctx.now and meeting.status != CANCELLED:
        names = ", ".join([await ctx.display_name(user) for user in waiting])  # never a ping
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


async def trio_members(ctx: Ctx, people: list[str], typed: dict[str, str]) -> list[Member]:
    """The three people's profiles; refused when one is unknown or has no organisation.

    ``typed`` gives how each person was written, to name someone not met yet as typed."""
    members = []
    for user_id in people:
        member = await ctx.member(user_id)
        if member is None:
            raise UserError("meetings.trio_unknown_person", person=typed.get(user_id, user_id)[:40])
        members.append(member)
    missing = [m.display_name for m in members if not fold(m.organisation or "")]
    if missing:
        plural = "one" if len(missing) == 1 else "many"
        raise UserError(f"meetings.trio_no_organisation_{plural}", names=", ".join(missing))
    return members


async def set_by_hand(
    ctx: Ctx, meeting: Meeting, people: list[str], typed: dict[str, str]
) -> Reply:
    """Coordinators name the three people (accepted at once); organisations must differ."""
    ctx.require_coordinator()
    if len(people) != 3 or len(set(people)) != 3:
        raise UserError("meetings.trio_need_three")
    members = await trio_members(ctx, people, typed)
    organisations: dict[str, str] = {}
    for member in members:
        key = fold(member.organisation or "")
        if key and key in organisations:
            raise UserError(
                "meetings.trio_same_organisation",
                organisation=member.organisation,
                first=organisations[key],
                second=member.display_name,
            )
        organisations[key] = member.display_name
    away = await unavailable(ctx, meeting)
    for member in members:
        if member.user_id in away:  # declined a role, or will not be there
            raise UserError("meetings.trio_person_away", name=member.display_name)
    seats = await trio_seats(ctx, meeting.id or 0)
    for role, user_id in zip(ROLES, people, strict=True):
        seat = seats.get(role) or TrioSeat(
            workspace=ctx.workspace, meeting_id=meeting.id or 0, role=role
        )
        seat.user_id, seat.status = user_id, "accepted"
        ctx.session.add(seat)
        await save_answer(ctx, meeting, "present", None, user_id)  # a role means attending
    await ctx.session.flush()
    return [
        await trio_card(ctx, meeting),
        Update(card_key(meeting.id), await meeting_card(ctx, meeting)),
    ]


@feature.command("rencontre", "trio", aliases=("animation",), help="meetings.help.trio")
async def trio(ctx: Ctx, text: str) -> Reply:
    """``/rencontre trio [#ID]`` proposes (or shows) the trio; ``@a @b @c`` sets it by hand."""
    words = text.split()  # not split_args: its shlex drops « #12 » as a comment
    meeting = await pick_meeting(ctx, words)
    people = [user_ref(w) for w in words]
    if words and not all(people):
        raise ctx.usage_error()
    require_open(ctx, meeting)
    if people:
        typed = {p: "@" + mention_label(w) for p, w in zip(people, words, strict=True) if p}
        return await set_by_hand(ctx, meeting, [p for p in people if p], typed)
    first_proposal = not await trio_seats(ctx, meeting.id or 0)
    await fill_open_roles(ctx, meeting)
    seats = await trio_seats(ctx, meeting.id or 0)
    if first_proposal and any(seat.user_id is None for seat in seats.values()):
        raise UserError("meetings.trio_not_enough")  # rolled back: nothing is stored
    return [
        await trio_card(ctx, meeting),
        Update(card_key(meeting.id), await meeting_card(ctx, meeting)),
    ]


async def serving_seat(ctx: Ctx, meeting: Meeting) -> TrioSeat | None:
    """The role the person holds (proposed or accepted) in the meeting's trio, if any."""
    statement = select(TrioSeat).where(
        TrioSeat.workspace == ctx.workspace,
        TrioSeat.meeting_id == meeting.id,
        TrioSeat.user_id == ctx.user_id,
        col(TrioSeat.status).in_(SERVING),
    )
    return (await ctx.session.exec(statement)).first()


async def my_seat(ctx: Ctx, value: str) -> tuple[Meeting, TrioSeat]:
    meeting = await get_meeting(ctx, value_id(value))
    require_open(ctx, meeting)
    seat = await serving_seat(ctx, meeting)
    if seat is None:
        raise NotAllowed("meetings.trio_not_yours")
    return meeting, seat


async def now_present(ctx: Ctx, meeting: Meeting) -> str | None:
    """Record the person as present; what changed in their answer, to tell them (or None)."""
    before = await my_answer(ctx, meeting)
    if before == "present":
        return None
    await save_answer(ctx, meeting, "present", None)
    if before is None:
        return ctx.t("meetings.trio_now_present")
    return ctx.t("meetings.trio_now_present_changed", before=ctx.t(f"meetings.button_{before}"))


@feature.action("meetings.trio_yes")
async def accept(ctx: Ctx, value: str) -> Reply:
    """Accept the role: the person is also recorded as present at the meeting."""
    meeting, seat = await my_seat(ctx, value)
    seat.status = "accepted"
    ctx.session.add(seat)
    await ctx.session.flush()
    thanks = ctx.t(
        "meetings.trio_accepted",
        role=ctx.t("meetings.role." + seat.role),
        title=title_of(ctx, meeting),
    )
    change = await now_present(ctx, meeting)
    if change:
        thanks += "\n" + change
    return [
        Update(trio_key(meeting.id), await trio_card(ctx, meeting)),
        Update(card_key(meeting.id), await meeting_card(ctx, meeting)),
        Message(blocks=[Section(thanks)], text=thanks, ephemeral=True),
    ]


@feature.action("meetings.trio_no")
async def decline(ctx: Ctx, value: str) -> Reply:
    """Decline: never proposed again for this meeting; a replacement is proposed at once."""
    meeting, seat = await my_seat(ctx, value)
    await insert_ignore(
        ctx.session,
        TrioDecline,
        {
            "workspace": ctx.workspace,
            "meeting_id": meeting.id,
            "user_id": ctx.user_id,
        },
        ["workspace", "meeting_id", "user_id"],
    )
    return [
        *await step_down(ctx, meeting, seat),
        Update(card_key(meeting.id), await meeting_card(ctx, meeting)),
    ]


async def step_down(ctx: Ctx, meeting: Meeting, seat: TrioSeat) -> list[Output]:
    """The seat's person cannot serve: someone else is proposed, or the role stays open."""
    seat.status = "declined"
    ctx.session.add(seat)
    await ctx.session.flush()
    proposed = await fill_open_roles(ctx, meeting)
    role = ctx.t("meetings.role." + seat.role)
    name = await ctx.display_name(ctx.user_id)
    if proposed:
        person = await ctx.display_name(proposed[0])
        text = ctx.t("meetings.trio_replacement", name=name, role=role, person=person)
    else:
        text = ctx.t("meetings.trio_no_replacement", name=name, role=role, id=meeting.id)
    return [
        Update(trio_key(meeting.id), await trio_card(ctx, meeting)),
        Message(blocks=[Section(text)], text=text, channel=meeting.channel),
    ]


async def leave_if_away(ctx: Ctx, meeting: Meeting, answer: str) -> list[Output]:
    """Someone serving in the trio answers absent or delegated: their role is passed on."""
    if answer not in AWAY:
        return []
    seat = await serving_seat(ctx, meeting)
    return await step_down(ctx, meeting, seat) if seat else []
