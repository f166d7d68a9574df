"""Commands acknowledged by ``outarde slack --http`` survive a crash and a stop: killed with
SIGKILL, or stopped by SIGTERM before its work is done, the process is started again and every
acknowledged command runs exactly once, its reply where it would have gone (issue 24, 3)."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable

import aiohttp
import pytest

from testkit.slack_standin import (
    command_payload,
    form_body,
    interactive_body,
    standin,
    view_payload,
)
from tests.adapters.slack.process import SlackProcess

__all__ = ["standin"]  # fixture
PEOPLE = [("U0ALICE", "alice"), ("U0BRUNO", "bruno"), ("U0CLARA", "clara")]


async def eventually(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("not reached in time")
        await asyncio.sleep(0.1)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
async def test_acknowledged_commands_run_once_after_a_restart(how, standin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bot = SlackProcess(standin, tmp_path / "outarde.db", env={"OUTARDE_DRAIN_SECONDS": "0.5"})
    sent: list[str] = []
    response_urls: list[str] = []
    try:
        async with aiohttp.ClientSession() as session:
            http = await bot.start(session)
            opening = command_payload(
                "/faitsaillant", "", user="U0DANA", name="dana", standin=standin
            )
            assert await http.send(form_body(opening)) == (200, "")
            await standin.wait_for("views.open")
            form = standin.of("views.open")[0]["view"]
            standin.slow["users.info"] = 120.0  # Slack slow: the work is pending when it stops
            for _ in range(2):  # two commands of each person: the second waits for the first
                for user, name in PEOPLE:
                    text = f"Fait numéro {len(sent)} de {name}"
                    sent.append(text)
                    for command, words in (("/faitsaillant", text), ("/partenaire", "moi")):
                        body = command_payload(
                            command, words, user=user, name=name, standin=standin
                        )
                        response_urls.append(body["response_url"])
                        assert await http.send(form_body(body)) == (200, "")  # acknowledged
            # a form submitted: the modal closes after the ack's budget, the work goes on
            text = "Fait numéro 99 du formulaire"
            sent.append(text)
            submitted = view_payload(form, {"texte": text}, user="U0EMMA", view_id="V42")
            assert await http.send(interactive_body(submitted)) == (200, "")
            await standin.wait_for("users.info", 2 + len(PEOPLE))  # each one's first under way
            assert standin.posts() == [] and standin.private() == []
            opened = len(standin.responses)
            await bot.stop(how)
            standin.slow.clear()  # Slack answers again
            await bot.start(session)
            replies = len(response_urls)
            await eventually(
                lambda: len(standin.posts()) >= len(sent) and len(standin.private()) >= replies
            )
            await asyncio.sleep(6)  # a sweep or more: nothing runs a second time
            done = bot.query("SELECT status, count(*) FROM inbox GROUP BY status")
            assert done == [("done", 2 * len(sent))]  # commands, the form and its opening
    finally:
        await bot.close()
    posted = [p for p in standin.posts() if "Fait numéro" in str(p)]
    assert len(posted) == len(sent)
    for text in sent:  # each once, in the channel
        assert sum(text in str(p) for p in posted) == 1, text
    assert bot.query("SELECT count(*) FROM highlight") == [(len(sent),)]
    # every command's private reply went through its own response_url, once
    urls = [name for name, body in standin.responses if body.get("response_type") == "ephemeral"]
    assert sorted(urls) == sorted(url.rsplit("/", 1)[1] for url in response_urls)
    assert opened == 0  # nothing answered before the stop
