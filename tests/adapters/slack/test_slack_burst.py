"""One person sends 10,000 ``/faitsaillant`` to a real ``outarde slack --http`` process: the
rate limit refuses most of them in the ack, memory stays flat, the accepted ones are posted
during the burst, and another partner's post in the same channel appears within a bound
(issue 24, 6)."""

from __future__ import annotations

import asyncio
import time

import aiohttp

from testkit.slack_standin import StandIn, command_payload, form_body, standin
from tests.adapters.slack.process import SlackProcess

__all__ = ["standin"]  # fixture
BURST = 10_000
SENDERS = 24  # connections sending at once
OTHERS_BOUND = 5.0  # seconds for Bruno's post to appear, the burst going on
MEMORY_BOUND_KB = 30_000  # growth of the process's resident memory over the burst


def posted_with(standin: StandIn, text: str) -> bool:
    return any(text in str(post) for post in standin.posts())


async def test_a_burst_of_one_person_does_not_hold_back_the_others(standin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bot = SlackProcess(standin, tmp_path / "outarde.db")
    refused = accepted = 0
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=SENDERS)) as session:
            http = await bot.start(session)
            started = time.time()
            bodies = iter(
                form_body(command_payload("/faitsaillant", f"Rafale {n}", standin=standin))
                for n in range(BURST)
            )
            sizes: list[int] = []
            bruno: dict[str, float] = {}

            async def sender() -> None:
                nonlocal refused, accepted
                for body in bodies:
                    status, text = await http.send(body, timeout=10.0)
                    assert status == 200
                    if text:
                        assert text.startswith("⏳ Vous envoyez beaucoup de commandes")
                        refused += 1
                    else:
                        accepted += 1
                    done = refused + accepted
                    if done == 500:
                        sizes.append(bot.rss_kb())
                    if done == BURST // 2 and not bruno:
                        bruno["sent"] = time.time()  # as the stand-in stamps calls
                        other = command_payload(
                            "/faitsaillant", "Le fait de Bruno", user="U0BRUNO", standin=standin
                        )
                        assert await http.send(form_body(other)) == (200, "")

            await asyncio.gather(*(sender() for _ in range(SENDERS)))
            burst_over = time.time()
            sizes.append(bot.rss_kb())
            deadline = time.monotonic() + OTHERS_BOUND
            while not posted_with(standin, "Le fait de Bruno") and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            alice = "SELECT count(*) FROM highlight WHERE author_id = 'U0ALICE'"
            deadline = time.monotonic() + 60  # the accepted ones finish (in her order)
            while bot.query(alice)[0][0] < accepted and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            first_alice = min(
                (c.at for c in standin.calls if c.method == "chat.postMessage"
                 and "Rafale" in str(c.params)),
                default=None,
            )  # fmt: skip
    finally:
        await bot.close()
    bruno_post = next(
        c.at for c in standin.calls
        if c.method == "chat.postMessage" and "Le fait de Bruno" in str(c.params)
    )  # fmt: skip
    print(
        f"burst: {accepted} accepted, {refused} refused in {burst_over - started:.1f} s; "
        f"Bruno's post after {bruno_post - bruno['sent']:.2f} s; memory {sizes} kB"
    )
    assert bruno_post - bruno["sent"] < OTHERS_BOUND
    assert first_alice is not None and first_alice < burst_over  # replies flowed meanwhile
    assert refused > 0.95 * BURST
    assert sizes[-1] - sizes[0] < MEMORY_BOUND_KB, sizes
    stored = bot.query(alice)[0][0]
    assert stored == accepted  # every accepted one stored, no refused one
