"""bot.signed: a link that carries what it does, sealed; forged, expired and spent links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import signed

NOW = datetime(2026, 10, 6, 18, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def secret(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(signed.SECRET, "a secret for the tests, long enough")


def token(**values: object) -> str:
    return signed.sign("signed.rsvp", "T1", "C1", values or {"m": 1}, NOW + timedelta(days=1))


def test_a_signed_link_carries_its_values_until_it_expires() -> None:
    link = signed.verify(token(m=3, a="p"), NOW)
    assert link is not None and not link.expired
    assert (link.kind, link.workspace, link.channel, link.values) == (
        "signed.rsvp", "T1", "C1", {"m": 3, "a": "p"}
    )  # fmt: skip
    later = signed.verify(token(m=3, a="p"), NOW + timedelta(days=2))
    assert later is not None and later.expired and later.digest == link.digest


def test_a_forged_or_foreign_link_is_unknown(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    good = token()
    seal = good.split(".")[1]
    other = signed.sign("signed.rsvp", "T2", "C1", {"m": 1}, NOW + timedelta(days=1))
    assert signed.verify(f"{other.split('.')[0]}.{seal}", NOW) is None  # another's payload
    assert signed.verify(good[:-1] + ("A" if good[-1] != "A" else "B"), NOW) is None
    assert signed.verify("nope", NOW) is None and signed.verify(good + "\r\n", NOW) is None
    monkeypatch.setenv(signed.SECRET, "another secret, long enough too")
    assert signed.verify(good, NOW) is None  # the key changed: every link is unknown
    monkeypatch.setenv(signed.SECRET, "short")
    assert signed.verify(good, NOW) is None and not signed.configured()


async def test_a_link_acts_once(db) -> None:  # type: ignore[no-untyped-def]
    link = signed.verify(token(), NOW)
    assert link is not None
    async with db.session() as session:
        assert not await signed.spent(session, link)
        assert await signed.spend(session, link, NOW)
        assert not await signed.spend(session, link, NOW)
    async with db.session() as session:
        assert await signed.spent(session, link)
