"""/rencontre's storage: meetings, RSVP answers, agenda points and the meetings' jobs."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import and_, bindparam, or_
from sqlmodel import SQLModel, col, delete, func, select
from sqlmodel.sql.expression import SelectOfScalar

from bot import hooks
from bot.ctx import Ctx
from bot.features.meetings.common import ANSWERS, CANCELLED, DRAFT, PLANNED
from storage.models import Job, Member
from storage.models.meetings import AgendaItem, Attendance, Meeting, Rsvp
from storage.queries import upsert

LIVE_JOB = ("pending", "running")  # a reminder claimed in the same batch is running


# -- meetings ------------------------------------------------------------------------------
async def find_meeting(ctx: Ctx, meeting_id: int) -> Meeting | None:
    """The meeting ``meeting_id`` of this workspace (any status), else None."""
    statement = select(Meeting).where(Meeting.workspace == ctx.workspace, Meeting.id == meeting_id)
    return (await ctx.session.exec(statement)).first()


async def upcoming(ctx: Ctx, *, channel_only: bool = True, limit: int = 50) -> list[Meeting]:
    """Planned meetings not yet begun, soonest first (this channel's by default)."""
    params = {"workspace": ctx.workspace, "now": ctx.now, "limit": limit}
    if channel_only:
        params["channel"] = ctx.place.channel
    statement = _upcoming(channel_only)
    return list((await ctx.session.exec(statement, params=params)).all())


@cache
def _upcoming(channel_only: bool) -> SelectOfScalar[Meeting]:
    statement = select(Meeting).where(
        Meeting.workspace == bindparam("workspace"),
        Meeting.status == PLANNED,
        col(Meeting.starts_at) > bindparam("now"),
    )
    if channel_only:
        statement = statement.where(Meeting.channel == bindparam("channel"))
    order = statement.order_by(col(Meeting.starts_at), col(Meeting.id))
    return order.limit(bindparam("limit"))


async def series_drafts(ctx: Ctx, series_id: int | None) -> list[Meeting]:
    """The undecided drafts of a series of this workspace, soonest first."""
    statement = select(Meeting).where(
        Meeting.workspace == ctx.workspace,
        Meeting.series_id == series_id,
        Meeting.status == DRAFT,
    )
    return list((await ctx.session.exec(statement.order_by(col(Meeting.starts_at)))).all())


async def series_upcoming(ctx: Ctx, series_id: int | None) -> list[Meeting]:
    """The planned meetings of a series not yet begun, soonest first."""
    statement = select(Meeting).where(
        Meeting.workspace == ctx.workspace,
        Meeting.series_id == series_id,
        Meeting.status == PLANNED,
        col(Meeting.starts_at) > ctx.now,
    )
    order = statement.order_by(col(Meeting.starts_at), col(Meeting.id))
    return list((await ctx.session.exec(order)).all())


async def series_meetings(ctx: Ctx, series_id: int | None) -> list[Meeting]:
    """Every confirmed meeting of a series (planned or cancelled), soonest first."""
    statement = select(Meeting).where(
        Meeting.workspace == ctx.workspace,
        Meeting.series_id == series_id,
        col(Meeting.status).in_((PLANNED, CANCELLED)),
    )
    order = statement.order_by(col(Meeting.starts_at), col(Meeting.id))
    return list((await ctx.session.exec(order)).all())


async def next_in_series(ctx: Ctx) -> Meeting | None:
    """The channel's next planned meeting that belongs to a series."""
    statement = select(Meeting).where(
        Meeting.workspace == ctx.workspace,
        Meeting.channel == ctx.place.channel,
        Meeting.status == PLANNED,
        col(Meeting.series_id).is_not(None),
        col(Meeting.starts_at) > ctx.now,
    )
    return (await ctx.session.exec(statement.order_by(col(Meeting.starts_at)))).first()


async def feed_meetings(ctx: Ctx, since: datetime, limit: int = 200) -> list[Meeting]:
    """The channel's planned and cancelled meetings starting after ``since``, soonest first."""
    statement = (
        select(Meeting)
        .where(
            Meeting.workspace == ctx.workspace,
            Meeting.channel == ctx.place.channel,
            col(Meeting.status).in_((PLANNED, CANCELLED)),
            col(Meeting.starts_at) >= since,
        )
        .order_by(col(Meeting.starts_at), col(Meeting.id))
        .limit(limit)
    )
    return list((await ctx.session.exec(statement)).all())


async def last_begun(ctx: Ctx) -> Meeting | None:
    """The channel's latest planned meeting that already began."""
    statement = select(Meeting).where(
        Meeting.workspace == ctx.workspace,
        Meeting.channel == ctx.place.channel,
        Meeting.status == PLANNED,
        col(Meeting.starts_at) <= ctx.now,
    )
    return (await ctx.session.exec(statement.order_by(col(Meeting.starts_at).desc()))).first()


async def add_meeting(ctx: Ctx, meeting: Meeting) -> None:
    """Store a new meeting (a draft) and give it its id."""
    ctx.session.add(meeting)
    await ctx.session.flush()


async def add_numbered(ctx: Ctx, meeting: Meeting) -> None:
    """Store a confirmed meeting with the next meeting number.

    Drafts have negative ids; a database that numbers a new row after the largest id
    (SQLite when only drafts exist) could give a negative one: it becomes the next positive.
    """
    await add_meeting(ctx, meeting)
    if (meeting.id or 0) <= 0:
        statement = select(func.max(Meeting.id)).where(col(Meeting.id) > 0)
        meeting.id = ((await ctx.session.exec(statement)).first() or 0) + 1
        ctx.session.add(meeting)
        await ctx.session.flush()


async def save(ctx: Ctx, *rows: SQLModel, flush: bool = False) -> None:
    """Keep the changes made to ``rows`` (written at once when ``flush``)."""
    ctx.session.add_all(rows)
    if flush:
        await ctx.session.flush()


async def flush(ctx: Ctx) -> None:
    """Write the pending changes now (ids given, constraints checked)."""
    await ctx.session.flush()


async def delete_meeting(ctx: Ctx, meeting_id: int | None) -> None:
    await ctx.session.exec(
        delete(Meeting).where(  # type: ignore[call-overload]
            col(Meeting.id) == meeting_id, Meeting.workspace == ctx.workspace
        )
    )


async def latest_start(ctx: Ctx, before: datetime, *, inclusive: bool = False) -> datetime | None:
    """Start of the workspace's latest planned meeting beginning before ``before`` (or at it
    when ``inclusive``)."""
    starts = col(Meeting.starts_at)
    statement = select(func.max(Meeting.starts_at)).where(
        Meeting.workspace == ctx.workspace,
        Meeting.status == PLANNED,
        starts <= before if inclusive else starts < before,
    )
    return (await ctx.session.exec(statement)).first()


# -- RSVP ----------------------------------------------------------------------------------
async def my_answer(ctx: Ctx, meeting: Meeting) -> str | None:
    """The person's RSVP answer to the meeting (present, absent, delegated), if any."""
    statement = select(Rsvp.answer).where(
        Rsvp.workspace == ctx.workspace,
        Rsvp.meeting_id == meeting.id,
        Rsvp.user_id == ctx.user_id,
    )
    return (await ctx.session.exec(statement)).first()


async def save_answer(
    ctx: Ctx, meeting: Meeting, answer: str, delegate: str | None, user_id: str | None = None
) -> None:
    """Store the RSVP answer of the person acting (or ``user_id``): one per person and
    meeting, a new one replaces it."""
    await upsert(
        ctx.session,
        Rsvp,
        {
            "workspace": ctx.workspace,
            "meeting_id": meeting.id,
            "user_id": user_id or ctx.user_id,
            "answer": answer,
            "delegate": delegate,
            "answered_at": ctx.now,
        },
        ["workspace", "meeting_id", "user_id"],
        ["answer", "delegate", "answered_at"],
    )


async def rsvp_counts(ctx: Ctx, meeting_id: int) -> dict[str, int]:
    """How many answered present, absent, delegated (SQL COUNT, exact under concurrency)."""
    statement = (
        select(Rsvp.answer, func.count())
        .where(Rsvp.workspace == ctx.workspace, Rsvp.meeting_id == meeting_id)
        .group_by(col(Rsvp.answer))
    )
    counts = {answer: 0 for answer in ANSWERS}
    for answer, count in (await ctx.session.exec(statement)).all():
        counts[answer] = int(count)
    return counts


async def rsvp_counts_of(ctx: Ctx, meeting_ids: list[int]) -> dict[int, dict[str, int]]:
    """``rsvp_counts`` of several meetings in one query (a list of upcoming meetings)."""
    found: dict[int, dict[str, int]] = {n: {answer: 0 for answer in ANSWERS} for n in meeting_ids}
    if not meeting_ids:
        return found
    statement = (
        select(Rsvp.meeting_id, Rsvp.answer, func.count())
        .where(Rsvp.workspace == ctx.workspace, col(Rsvp.meeting_id).in_(meeting_ids))
        .group_by(col(Rsvp.meeting_id), col(Rsvp.answer))
    )
    for meeting_id, answer, count in (await ctx.session.exec(statement)).all():
        found[meeting_id][answer] = int(count)
    return found


async def rsvp_people(ctx: Ctx, meeting_id: int) -> list[Rsvp]:
    """Every RSVP answer to the meeting, in the order they were first given."""
    statement = select(Rsvp).where(Rsvp.workspace == ctx.workspace, Rsvp.meeting_id == meeting_id)
    return list((await ctx.session.exec(statement.order_by(col(Rsvp.id)))).all())


async def members(ctx: Ctx) -> list[Member]:
    """The people seen in this workspace."""
    statement = select(Member).where(Member.workspace == ctx.workspace)
    return list((await ctx.session.exec(statement.order_by(col(Member.display_name)))).all())


async def came(ctx: Ctx, meeting_id: int) -> list[str]:
    """Who came to the meeting, as the coordination recorded it (empty: not recorded)."""
    statement = select(Attendance.user_id).where(
        Attendance.workspace == ctx.workspace, Attendance.meeting_id == meeting_id
    )
    return list((await ctx.session.exec(statement.order_by(col(Attendance.id)))).all())


async def record_came(ctx: Ctx, meeting_id: int, people: list[str]) -> None:
    """Replace the record of who came to the meeting by ``people``."""
    await ctx.session.exec(
        delete(Attendance).where(  # type: ignore[call-overload]
            Attendance.workspace == ctx.workspace, col(Attendance.meeting_id) == meeting_id
        )
    )
    ctx.session.add_all(
        Attendance(
            workspace=ctx.workspace,
            meeting_id=meeting_id,
            user_id=user_id,
            recorded_by=ctx.user_id,
            recorded_at=ctx.now,
        )
        for user_id in people
    )
    await ctx.session.flush()


# -- agenda --------------------------------------------------------------------------------
async def agenda_items(ctx: Ctx, meeting_id: int) -> list[AgendaItem]:
    """The meeting's agenda points, in order."""
    statement = select(AgendaItem).where(
        AgendaItem.workspace == ctx.workspace, AgendaItem.meeting_id == meeting_id
    )
    statement = statement.order_by(col(AgendaItem.position), col(AgendaItem.id))
    return list((await ctx.session.exec(statement)).all())


async def agenda_size(ctx: Ctx, meeting_id: int | None) -> tuple[int, int | None]:
    """How many points the agenda holds, and the last one's position (None when empty)."""
    statement = select(func.count(), func.max(AgendaItem.position)).where(
        AgendaItem.workspace == ctx.workspace, AgendaItem.meeting_id == meeting_id
    )
    count, last = (await ctx.session.exec(statement)).one()
    return count, last


async def add_agenda_item(ctx: Ctx, item: AgendaItem) -> None:
    ctx.session.add(item)


async def remove_agenda_item(ctx: Ctx, item: AgendaItem) -> None:
    await ctx.session.delete(item)
    await ctx.session.flush()


async def renumber(ctx: Ctx, items: list[AgendaItem]) -> None:
    """Give the points the positions 1, 2, 3… in the order of ``items``."""
    for position, item in enumerate(items, 1):
        item.position = position
    ctx.session.add_all(items)
    await ctx.session.flush()


async def in_progress(ctx: Ctx, since: datetime) -> Meeting | None:
    """The channel's planned meeting under way now: begun, and not yet at its own end (or,
    without one, begun after ``since``)."""
    statement = select(Meeting).where(
        Meeting.workspace == ctx.workspace,
        Meeting.channel == ctx.place.channel,
        Meeting.status == PLANNED,
        col(Meeting.starts_at) <= ctx.now,
        or_(
            and_(col(Meeting.ends_at).is_(None), col(Meeting.starts_at) > since),
            col(Meeting.ends_at) > ctx.now,
        ),
    )
    return (await ctx.session.exec(statement.order_by(col(Meeting.starts_at).desc()))).first()


async def swap_positions(ctx: Ctx, item: AgendaItem, neighbour: AgendaItem) -> None:
    """Exchange the places of two points of the same agenda."""
    item.position, neighbour.position = neighbour.position, item.position
    ctx.session.add_all([item, neighbour])
    await ctx.session.flush()


# -- jobs ----------------------------------------------------------------------------------
async def question_pending(ctx: Ctx, key: str) -> bool:
    """The cancel question ``key`` is still pending and not expired."""
    statement = select(Job.id).where(
        Job.workspace == ctx.workspace,
        Job.kind == hooks.MEETING_CANCEL_QUESTION,
        Job.key == key,
        Job.status == "pending",
        col(Job.due_at) > ctx.now,
    )
    return (await ctx.session.exec(statement)).first() is not None


async def fresh_job(ctx: Ctx, job: Job) -> Job | None:
    """The job as stored now (an earlier reminder may have edited it)."""
    return await ctx.session.get(Job, job.id)


def _later_reminders(ctx: Ctx, job: Job) -> SelectOfScalar[Job]:
    """The live reminders of the job's meeting due after it."""
    meeting_id = job.key.split(":", 1)[0]
    return select(Job).where(
        Job.workspace == ctx.workspace,
        Job.kind == hooks.MEETING_REMINDER,
        col(Job.key).startswith(f"{meeting_id}:", autoescape=True),
        col(Job.status).in_(LIVE_JOB),
        col(Job.due_at) > job.due_at,
    )


async def later_due_reminder(ctx: Ctx, job: Job) -> Job | None:
    """Another overdue reminder of the same meeting, due after this one (it supersedes it)."""
    statement = _later_reminders(ctx, job).where(col(Job.due_at) <= ctx.now)
    return (await ctx.session.exec(statement.order_by(col(Job.due_at)))).first()


async def sent_reminders(ctx: Ctx, meeting: Meeting) -> list[Job]:
    """The meeting's reminders already posted (done), oldest first."""
    statement = select(Job).where(
        Job.workspace == ctx.workspace,
        Job.kind == hooks.MEETING_REMINDER,
        col(Job.key).startswith(f"{meeting.id}:", autoescape=True),
        Job.status == "done",
    )
    return list((await ctx.session.exec(statement.order_by(col(Job.due_at)))).all())


async def is_last_reminder(ctx: Ctx, job: Job) -> bool:
    """No other reminder of the same meeting is still to come after this one."""
    return (await ctx.session.exec(_later_reminders(ctx, job))).first() is None
