"""Hostile inputs of 100 KB are answered about as fast as a normal command: every input is
bounded before it is parsed, and every parser is linear."""

from __future__ import annotations

import time

from bot.app import MAX_COMMAND_TEXT
from testkit.doubles import Answers

NORMAL = {
    "vocab": "proposer concertation : agir ensemble",
    "sondage": '"Q ?" Oui Non',
    "faitsaillant": "Un bon coup #emploi",
    "rencontre": "planifier 3 novembre 9 h | Salle | Bilan",
    "partenaire": "ajouter Alice | CDC",
}
# (command, what is repeated, a head): each repeats what could make a parser backtrack
HOSTILE = [
    ("vocab", "(en: ", "proposer t "),
    ("vocab", "(", "proposer "),
    ("vocab", "| exemple :", "proposer t : d "),
    ("vocab", "a", ""),
    ("vocab", "l'", ""),
    ("sondage", '"a', '"Q ?" '),
    ("sondage", "« ", "Q "),
    ("sondage", "anonyme ", "Q ? Oui Non "),
    ("faitsaillant", "#a", ""),
    ("faitsaillant", "a.", "www."),
    ("faitsaillant", "#l'", ""),
    ("rencontre", "3 ", "planifier "),
    ("rencontre", "le 3 novembre ", "planifier "),
    ("rencontre", "| ", "planifier 3 novembre 9 h "),
    ("partenaire", "| ", "ajouter "),
]
RATIO = 20  # generous: a linear parser reading 8,000 characters stays far below it


def hostile(repeated: str, head: str, size: int) -> str:
    return (head + repeated * (size // len(repeated)))[:size] + " : d"


async def timed(chat, command: str, text: str) -> float:  # type: ignore[no-untyped-def]
    answers = Answers()
    start = time.perf_counter()
    await chat.app.command(chat.invocation(), command, text, answers)
    elapsed = time.perf_counter() - start
    assert answers.sent, (command, text[:40])  # always an answer
    return elapsed


async def slow_ones(chat, size: int) -> list[tuple[str, str, float, float]]:  # type: ignore[no-untyped-def]
    """The hostile texts of ``size`` characters answered more than RATIO times slower than
    the same command's normal text (its best of three)."""
    slow = []
    for command, repeated, head in HOSTILE:
        normal = NORMAL[command]
        await timed(chat, command, normal)  # warm
        usual = min([await timed(chat, command, normal) for _ in range(3)])
        took = await timed(chat, command, hostile(repeated, head, size))
        if took > RATIO * max(usual, 0.002):
            slow.append((command, head + repeated, round(usual, 4), round(took, 4)))
    return slow


async def test_hostile_inputs_of_100_kb_are_refused_at_once(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    assert await slow_ones(chat, 100_000) == []
    out = await chat.type("/vocab proposer t " + "(en: " * 20_000 + " : d")
    assert "Ce texte est trop long" in out and "Rien n'a été enregistré" in out, out
    assert "(en: (en:" not in out and len(out) < 1000


async def test_parsers_stay_linear_up_to_the_bound(chat) -> None:  # type: ignore[no-untyped-def]
    """Four times the text takes about four times as long (a quadratic parser: sixteen)."""
    await chat.type(":moi Coco")
    big = MAX_COMMAND_TEXT - 10
    slow = []
    for command, repeated, head in HOSTILE:
        await timed(chat, command, hostile(repeated, head, big // 4))  # warm
        small_took = min([await timed(chat, command, hostile(repeated, head, big // 4))
                          for _ in range(3)])  # fmt: skip
        big_took = min([await timed(chat, command, hostile(repeated, head, big)) for _ in range(3)])
        if big_took > 8 * max(small_took, 0.001):
            slow.append((command, head + repeated, round(small_took, 4), round(big_took, 4)))
    assert slow == []
