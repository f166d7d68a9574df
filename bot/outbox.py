"""The outbox: a job's outputs are stored with its effects, then delivered once to the platform.

A job's handler, the rows of its outputs (``Outbox``) and the job's new status commit in one
transaction, so a crash leaves either nothing done (the job runs again) or outputs waiting
here. Each row goes ``sending`` → ``sent`` with the platform's ref.

A row being sent is leased to one process (``holder``), which renews the lease
(``leased_at``) before each write to the platform. A row whose lease is older than
``RESUME_AFTER`` (its process died, or lost the lead, mid-post) is taken over by the leader:
the notifier looks for the row's token on the platform and posts only what is not there. The
process that lost it finds its lease gone at its next write, and stops. On Slack each write
attempt is cut off after ``CALL_TIMEOUT`` (under ``RESUME_AFTER``), so a write begun under a
valid lease has ended before anyone else may take the row; on Discord a write has no such
bound, but its enforced nonce makes a second send give back the first message. Failures are
retried with a backoff.

A ``Mail`` output goes to the SMTP server instead (bot.mail), with the same lease and
retries: a server that is down, or answers 4xx, delays the mail (``MAIL_ATTEMPTS`` tries,
an hour apart at most: about a day); a 5xx refusal is final, and recorded on the address's
directory entry for the coordination to see. SMTP has no way to ask whether a mail arrived:
a mail whose send a crash interrupted is sent again with the same Message-ID.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import col, delete, func, select, update

from bot import mail as mailing
from bot.clock import Clock
from bot.context import Place
from bot.delivery import Courier
from bot.departures import departed
from bot.failures import log_failure
from bot.message_codec import decode, encode
from bot.messages import Form, Mail, Message, Output, Update
from bot.ports import Delivery, TakenOver
from storage.db import Database
from storage.models import Outbox

log = logging.getLogger("outarde.outbox")
MAX_ATTEMPTS = 5
BATCH = 500
RESUME_AFTER = timedelta(seconds=15)  # longer than one platform call may take
KEEP_SENT = timedelta(days=7)  # sent rows are kept this long (to look into), then deleted
MAIL_ATTEMPTS = 30  # a mail server down for a day delays mails, loses none
MAIL_BACKOFF_CAP = timedelta(hours=1)
Mailer = Callable[[Mail, str], Awaitable[str]]  # (mail, token) -> Message-ID


def backoff(attempts: int) -> timedelta:
    """Wait before trying again: 30 s, 1 min, 2 min, 4 min…"""
    return timedelta(seconds=30 * 2 ** max(0, min(attempts - 1, 20)))


def mail_backoff(attempts: int) -> timedelta:
    """A mail waits as a message does, but never more than an hour between tries."""
    return min(backoff(attempts), MAIL_BACKOFF_CAP)


def aware(instant: datetime) -> datetime:
    """SQLite's aggregates come back without a time zone: they are UTC."""
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def served_here(workspace: Any, platform: str | None) -> list[ColumnElement[bool]]:
    """Clauses keeping the rows this process may run or post: not of a workspace that left,
    and of its platform when it serves one (a Slack and a Discord process on one database)."""
    clauses: list[ColumnElement[bool]] = [workspace.not_in(departed())]
    if platform is not None:
        clauses.append(workspace.startswith(f"{platform}:", autoescape=True))
    return clauses


def new_token() -> str:
    """A short random token (Discord nonces hold 25 characters, parts add « .n »)."""
    return secrets.token_hex(8)


def rows_for(
    place: Place, job_id: int | None, outputs: Iterable[Output], now: datetime, holder: str
) -> list[Outbox]:
    """Outbox rows for a job's outputs; forms and private replies have nobody to go to (a
    message ``to`` a person does: it is delivered to them)."""
    rows = []
    for output in outputs:
        private_reply = isinstance(output, Message) and output.ephemeral and not output.to
        if isinstance(output, Form) or private_reply:
            log.warning("job output dropped: no person to show it to", extra={"job": job_id})
            continue
        channel = place.channel
        if isinstance(output, Message) and output.channel:  # ``to`` someone: where it is about
            channel = output.channel
        rows.append(
            Outbox(
                workspace=place.workspace_id,
                channel=channel,
                job_id=job_id,
                token=new_token(),
                body=encode(output),
                status="sending",
                due_at=now,
                started_at=now,
                holder=holder,
                leased_at=now,
            )
        )
    return rows


class Sender:
    """Delivers outbox rows through the courier and records the outcome."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        courier: Courier,
        mailer: Mailer | None = None,
        platform: str | None = None,
    ) -> None:
        self.db = db
        self.platform = platform  # only this platform's rows (None: every row)
        self.clock = clock
        self.courier = courier
        self.mailer: Mailer = mailer or mailing.deliver
        self.holder = new_token()  # this process, in the rows it leases
        self._mine: set[int] = set()  # rows this process is delivering right now

    async def send(self, rows: list[Outbox]) -> None:
        """Deliver rows this process began (``sending``), in order."""
        for row in rows:
            await self._deliver(row, resumed=False)

    async def send_due(self) -> int:
        """Retry rows whose backoff is over and resume rows a dead process left; how many."""
        rows = await self._claim_due()
        by_channel: dict[tuple[str, str], list[tuple[Outbox, bool]]] = {}
        for row, resumed in rows:
            by_channel.setdefault((row.workspace, row.channel), []).append((row, resumed))

        async def in_order(items: list[tuple[Outbox, bool]]) -> None:
            for row, resumed in items:
                await self._deliver(row, resumed=resumed)

        await asyncio.gather(*(in_order(items) for items in by_channel.values()))
        return len(rows)

    async def prune(self) -> int:
        """Delete rows sent more than ``KEEP_SENT`` ago; how many."""
        limit = self.clock.now() - KEEP_SENT
        async with self.db.session() as session:
            result = await session.exec(  # type: ignore[call-overload]
                delete(Outbox).where(col(Outbox.status) == "sent", col(Outbox.due_at) < limit)
            )
        return int(result.rowcount or 0)

    async def next_due(self) -> datetime | None:
        """When a queued row (or one another process left mid-post) next needs this one."""
        async with self.db.session() as session:
            here = served_here(col(Outbox.workspace), self.platform)
            queued = select(func.min(Outbox.due_at)).where(col(Outbox.status) == "queued", *here)
            left = select(func.min(Outbox.leased_at)).where(
                col(Outbox.status) == "sending", col(Outbox.id).not_in(self._mine), *here
            )
            retry = (await session.exec(queued)).first()
            begun = (await session.exec(left)).first()
        instants = [aware(retry)] if retry else []
        if begun is not None:
            instants.append(aware(begun) + RESUME_AFTER)
        return min(instants, default=None)

    async def _claim_due(self) -> list[tuple[Outbox, bool]]:
        """Lease queued rows whose backoff is over, and ``sending`` rows whose lease expired.

        Returns (row, resumed) pairs. A row tried before may have reached the platform (a
        timeout can hide a success), so it is resumed: looked for before it is posted again.
        """
        now = self.clock.now()
        lease = {"holder": self.holder, "leased_at": now}
        async with self.db.session() as session:
            due = (
                select(Outbox.id)
                .where(
                    col(Outbox.status) == "queued",
                    col(Outbox.due_at) <= now,
                    *served_here(col(Outbox.workspace), self.platform),
                )
                .order_by(col(Outbox.id))
                .limit(BATCH)
            )
            expired = (
                select(Outbox.id)
                .where(
                    self.lease_expired(now),
                    col(Outbox.id).not_in(self._mine),
                    *served_here(col(Outbox.workspace), self.platform),
                )
                .order_by(col(Outbox.id))
                .limit(BATCH)
            )
            claimed = await self._lease(
                session, due, col(Outbox.status) == "queued", status="sending", **lease
            )
            taken = await self._lease(session, expired, self.lease_expired(now), **lease)
            rows: list[Outbox] = []
            if claimed or taken:
                statement = select(Outbox).where(col(Outbox.id).in_(claimed | taken))
                rows = list((await session.exec(statement)).all())
        rows.sort(key=lambda row: row.id or 0)
        return [(row, row.attempts > 0 or row.id in taken) for row in rows]

    @staticmethod
    def lease_expired(now: datetime) -> ColumnElement[bool]:
        """Rows still being sent whose holder has not renewed its lease for ``RESUME_AFTER``."""
        return (col(Outbox.status) == "sending") & (col(Outbox.leased_at) <= now - RESUME_AFTER)

    @staticmethod
    async def _lease(
        session: Any, ids: Any, still: ColumnElement[bool], **values: object
    ) -> set[int]:
        """Set ``values`` on the rows ``ids`` selects that still match ``still``; their ids."""
        found = list((await session.exec(ids)).all())
        if not found:
            return set()
        claim = (
            update(Outbox)
            .where(col(Outbox.id).in_(found), still)
            .values(**values)
            .returning(col(Outbox.id))
        )
        return set((await session.exec(claim)).scalars().all())

    async def _renew(self, row_id: int) -> bool:
        """Extend this process's lease on a row; False once another process took it over."""
        async with self.db.session() as session:
            result = await session.exec(  # type: ignore[call-overload]
                update(Outbox).where(*self._held(row_id)).values(leased_at=self.clock.now())
            )
        return bool(result.rowcount)

    def _held(self, row_id: int) -> tuple[ColumnElement[bool], ...]:
        """The row ``row_id``, while this process holds its lease."""
        return (
            col(Outbox.id) == row_id,
            col(Outbox.status) == "sending",
            col(Outbox.holder) == self.holder,
        )

    async def _deliver(self, row: Outbox, *, resumed: bool) -> None:
        row_id = row.id
        assert row_id is not None
        self._mine.add(row_id)
        output = decode(row.body)
        place = Place.stored(row.workspace, row.channel)
        try:
            if isinstance(output, Mail):
                if not await self._renew(row_id):
                    raise TakenOver(row.token)
                ref = await self.mailer(output, row.token)
            elif isinstance(output, Update):
                if not await self._renew(row_id):
                    raise TakenOver(row.token)
                await self.courier.update_posted(place, output.key, output.message)
                ref = None
            else:
                since = row.started_at if resumed else None
                delivery = Delivery(row.token, since, renew=lambda: self._renew(row_id))
                ref = await self.courier.post(place, output, delivery)
        except TakenOver:
            log.warning("delivery taken over by another process", extra={"outbox": row_id})
        except mailing.Refused as error:
            log.warning("mail refused", extra={"outbox": row_id, "code": error.code})
            await self._refused(row, output, str(error))
        except Exception as error:
            log_failure(log, "delivery failed", error, outbox=row.id)
            await self._failed(row, error, output)
        else:
            await self._sent(row, place, output, ref)
        finally:
            self._mine.discard(row.id)

    async def _sent(
        self, row: Outbox, place: Place, output: Message | Update | Mail, ref: str | None
    ) -> None:
        async with self.db.session() as session:
            await session.exec(  # type: ignore[call-overload]
                update(Outbox)
                .where(*self._held(row.id or 0))
                .values(status="sent", ref=ref, sent_at=self.clock.now())
            )
            if isinstance(output, Message) and output.key and ref:
                await self.courier.posted.record(session, place, output.key, ref)

    async def _refused(self, row: Outbox, output: object, reason: str) -> None:
        """A final refusal: the row fails at once, the address's entry says why."""
        async with self.db.session() as session:
            result = await session.exec(  # type: ignore[call-overload]
                update(Outbox)
                .where(*self._held(row.id or 0))
                .values(status="failed", attempts=row.attempts + 1, last_error=reason[:500])
            )
            if result.rowcount and isinstance(output, Mail):
                await mailing.record_refusal(
                    session, row.workspace, output.contact, reason, self.clock.now()
                )

    async def _failed(self, row: Outbox, error: Exception, output: object) -> None:
        attempts = row.attempts + 1
        now = self.clock.now()
        is_mail = isinstance(output, Mail)
        values: dict[str, object] = {"attempts": attempts, "last_error": str(error)[:500]}
        if attempts >= (MAIL_ATTEMPTS if is_mail else MAX_ATTEMPTS):
            values.update(status="failed")
            log.error("delivery abandoned", extra={"outbox": row.id, "attempts": attempts})
        else:
            wait = mail_backoff(attempts) if is_mail else backoff(attempts)
            values.update(status="queued", due_at=now + wait)
        async with self.db.session() as session:
            result = await session.exec(  # type: ignore[call-overload]
                update(Outbox).where(*self._held(row.id or 0)).values(**values)
            )
            if isinstance(output, Mail) and values["status"] == "failed" and result.rowcount:
                await mailing.record_refusal(
                    session, row.workspace, output.contact, f"{attempts} × {error}", now
                )
