"""Discord takes work in through the core's inbox, like Slack: over the rate limit a person
is answered at once, privately and in their interaction's language (issue 24, 6)."""

from __future__ import annotations

from sqlmodel import select

from bot.compose import build_core
from bot.i18n import t
from bot.limits import Limits, Rate
from storage.models.vocab import VocabProposal
from testkit.discord_harness import Harness

CALLBACK = "/interactions/{webhook_id}/{webhook_token}/callback"
CLARA = {"user_id": "800000000000000003", "name": "Clara", "locale": "en-US"}


async def test_a_person_over_the_limit_is_answered_at_once(db, clock, notifier, router) -> None:  # type: ignore[no-untyped-def]
    limits = Limits(person=Rate(2, 60.0), workspace=Rate(1000, 1.0))
    app = build_core(db, notifier, clock=clock, router=router, limits=limits)
    bot = await Harness(app).start()
    for _ in range(2):
        answers = await bot.command("outarde", "aide")  # the help, in several parts
        assert answers and not any("⏳" in answer.text() for answer in answers)
    [refused] = await bot.command("outarde", "aide")
    assert refused.path == CALLBACK and refused.ephemeral
    assert refused.text() == "⏳ " + t("fr", "core.limited_person", seconds=30)
    for _ in range(2):
        await bot.command("outarde", "aide", **CLARA)
    [english] = await bot.command("outarde", "aide", **CLARA)
    assert english.text() == "⏳ " + t("en", "core.limited_person", seconds=30)


async def test_a_form_submitted_over_the_limit_is_refused_and_stores_nothing(
    db, clock, notifier, router
) -> None:  # type: ignore[no-untyped-def]
    """A modal goes through the person's turn and limits, as commands and clicks do."""
    limits = Limits(person=Rate(1, 60.0), workspace=Rate(1000, 1.0))
    app = build_core(db, notifier, clock=clock, router=router, limits=limits)
    bot = await Harness(app).start()
    [modal_answer] = await bot.command("vocab", "proposer")  # the one command allowed
    custom_id = modal_answer.payload["data"]["custom_id"]
    [refused] = await bot.submit(custom_id, {"terme": "arrimage", "definition": "lien"})
    assert refused.path == CALLBACK and refused.ephemeral
    assert refused.text() == "⏳ " + t("fr", "core.limited_person", seconds=60)
    async with db.session() as session:
        assert (await session.exec(select(VocabProposal))).all() == []  # nothing stored
