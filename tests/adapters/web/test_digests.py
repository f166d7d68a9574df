"""E-mail digests: what each feature tells (agenda, récolte, new definitions, open actions,
open polls), before each meeting and on the schedule the coordination sets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from testkit.mail_server import MailServer, mail_server
from testkit.web_client import web
from tests.bot.features.meetings.test_meetings import plan

__all__ = ["mail_server", "web"]  # fixtures


def body(mail) -> str:  # type: ignore[no-untyped-def]
    return mail.get_body(("plain",)).get_content().replace("\r\n", "\n")


async def test_the_digest_tells_what_each_feature_has_and_then_only_what_is_new(
    chat, web, mail_server: MailServer, app, clock
) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await chat.type(":moi Bruno", "/partenaire moi CDC des Moulins", ":moi Coco")
    await chat.type(
        "/rencontre odj ajouter Bilan du projet de transport",
        "/faitsaillant Nouvelle halte-garderie à Lachute dès novembre",
        "/vocab proposer Concertation : agir ensemble",
        "/vocab adopter 1",
        "/suivi action @Bruno Envoyer le bilan pour vendredi",
        '/sondage "On déplace la rencontre de juin ?" Oui Non',
        "/outarde courriel ajouter elu@mrc.qc.ca MRC",
    )
    clock.advance(timedelta(minutes=1))
    await chat.type("/outarde courriel envoyer")
    await app.run_due()
    [mail] = mail_server.inbox.to("elu@mrc.qc.ca")
    text = body(mail)
    assert "Prochaine rencontre : Rencontre d'automne" in text
    assert "Bilan du projet de transport" in text
    assert "Récolte" in text and "halte-garderie à Lachute" in text
    assert "Nouvelles définitions adoptées" in text and "Concertation — agir ensemble" in text
    assert "Actions en cours" in text and "Envoyer le bilan" in text and "Bruno" in text
    assert "Sondages ouverts" in text and "On déplace la rencontre de juin ?" in text

    mail_server.inbox.mails.clear()
    clock.advance(timedelta(hours=1))
    await chat.type("/outarde courriel envoyer")
    await app.run_due()
    [again] = mail_server.inbox.to("elu@mrc.qc.ca")
    text = body(again)
    assert "halte-garderie" not in text and "Aucun fait saillant" in text  # told already
    assert "Concertation" not in text and "Aucune nouvelle définition" in text
    assert "Envoyer le bilan" in text  # still open: still told


async def test_a_digest_goes_out_before_each_meeting(
    chat, web, mail_server: MailServer, app, clock
) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde courriel ajouter elu@mrc.qc.ca")
    assert "0 à 30" in await chat.type("/outarde config courriel_avant 90")
    await chat.type("/outarde config courriel_avant 2")
    await plan(chat, "/rencontre planifier 30 octobre 13 h 30 | Salle du conseil | Bilan")
    await app.run_due()
    invitations = len(mail_server.inbox.mails)  # the invitation went out at once
    clock.set(datetime(2026, 10, 28, 17, 0, tzinfo=UTC))  # the day before the digest is due
    await app.run_due()
    assert len(mail_server.inbox.mails) == invitations
    clock.set(datetime(2026, 10, 28, 17, 31, tzinfo=UTC))  # two days before 13 h 30
    await app.run_due()
    [digest] = [m for m in mail_server.inbox.mails if "nouvelles" in m["Subject"]]
    assert "Prochaine rencontre : Bilan" in body(digest)


async def test_a_weekly_digest_on_the_coordination_s_schedule(
    chat, web, mail_server: MailServer, app, clock
) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde courriel ajouter elu@mrc.qc.ca")
    assert "n'est pas un moment" in await chat.type("/outarde config courriel_horaire mardi")
    out = await chat.type("/outarde config courriel_horaire lundi 9 h")
    assert "lundi 12 octobre 2026 à 9 h" in out  # the next Monday, Toronto time
    clock.set(datetime(2026, 10, 12, 12, 59, tzinfo=UTC))
    await app.run_due()
    assert mail_server.inbox.mails == []
    clock.set(datetime(2026, 10, 12, 13, 0, tzinfo=UTC))  # 9 h in Toronto
    await app.run_due()
    assert len(mail_server.inbox.mails) == 1
    clock.set(datetime(2026, 10, 19, 13, 0, tzinfo=UTC))  # the next Monday
    await app.run_due()
    assert len(mail_server.inbox.mails) == 2
    await chat.type("/outarde config courriel_horaire aucun")
    clock.set(datetime(2026, 10, 26, 14, 0, tzinfo=UTC))
    await app.run_due()
    assert len(mail_server.inbox.mails) == 2
