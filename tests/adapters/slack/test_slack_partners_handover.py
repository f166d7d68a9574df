"""/partenaire passation and adhesion through the real Slack app: Slack mentions name the two
people, the channel is told by name (no ping), the map shows the adhesion."""

from __future__ import annotations

from testkit.slack_standin import (
    HttpSlack,
    StandIn,
    command_payload,
    form_body,
    http_slack,
    slack_bot,
    standin,
)

__all__ = ["http_slack", "slack_bot", "standin"]  # fixtures


async def command(http: HttpSlack, standin: StandIn, bot, line: str, **kw: str) -> None:  # type: ignore[no-untyped-def]
    """Send a command and wait for its work (two commands of one person are not ordered)."""
    name, _, text = line.partition(" ")
    status, _ = await http.send(form_body(command_payload(name, text, standin=standin, **kw)))
    assert status == 200
    await bot.drain()


async def test_a_handover_with_slack_mentions(http_slack, slack_bot, standin) -> None:
    await command(
        http_slack, standin, slack_bot, "/partenaire moi CDC des Collines / communautaire"
    )
    await command(http_slack, standin, slack_bot, "/outarde aide", user="U0BRUNO", name="bruno")
    await command(
        http_slack, standin, slack_bot, "/partenaire passation <@U0ALICE|alice> <@U0BRUNO|bruno>"
    )
    (announcement,) = standin.posts()
    said = str(announcement["blocks"])
    assert "Passation à *CDC des Collines* : Bruno Gagnon prend la relève de Alice Tremblay" in said
    assert "<@U0BRUNO>" not in said and "<@U0ALICE>" not in said
    await command(
        http_slack,
        standin,
        slack_bot,
        "/charte proposer Nous agissons ensemble pour le territoire.",
    )
    await command(http_slack, standin, slack_bot, "/charte adopter")
    await command(http_slack, standin, slack_bot, "/partenaire adhesion CDC des Collines")
    await command(http_slack, standin, slack_bot, "/partenaire liste")
    listing = str(standin.posts()[-1]["blocks"])
    assert "CDC des Collines* 📜 — Bruno Gagnon" in listing
