"""/faitsaillant liste: how its filters are described."""

from __future__ import annotations


async def test_filters_read_naturally(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Bruno", "/faitsaillant Clinique ouverte #Santé")
    out = await chat.type("/faitsaillant liste #sante depuis le 1er octobre")
    assert "(depuis le jeudi 1er octobre 2026 · #Santé)" in out
    assert "0 h 00" not in out
    out = await chat.type("/faitsaillant liste depuis aujourd'hui 2 h 30")
    assert "depuis le mardi 6 octobre 2026 à 2 h 30" in out  # a time of day stays
    out = await chat.type("/faitsaillant liste @Inconnu", "/faitsaillant liste @Bruno")
    assert "(d'inconnu)" in out and "(de Bruno)" in out
