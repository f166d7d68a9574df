"""Meeting invitations by mail (iTIP, RFC 5546): pure, a meeting's VEVENT in, a calendar out.

METHOD:REQUEST for a planned meeting (a moved one comes again with a higher SEQUENCE and
the same UID, so calendars update it in place), METHOD:CANCEL for a cancelled one. The
partner answers with the signed links of the mail, not by an iMIP reply (RSVP=FALSE).
Every text goes through icalendar's escaping (RFC 5545): a line break in a title never
starts a property of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

REQUEST, CANCEL = "REQUEST", "CANCEL"


@dataclass(frozen=True)
class Facts:
    """What a mail says of the meeting, read from its event."""

    uid: str
    sequence: int
    title: str
    starts_at: datetime
    location: str
    cancelled: bool


def facts(event_ics: bytes) -> Facts:
    from icalendar import Event  # loaded with the first calendar

    event = Event.from_ical(event_ics)
    start = event.decoded("dtstart")
    return Facts(
        str(event.get("uid", "")),
        int(event.get("sequence", 0)),
        str(event.get("summary", "")),
        start,
        str(event.get("location", "")),
        str(event.get("status", "")).upper() == "CANCELLED",
    )


def invitation(event_ics: bytes, organizer: str, attendee: str, extra: str) -> tuple[str, bytes]:
    """The iTIP method and calendar of one partner's invitation; ``extra`` (the answer
    links) ends its description."""
    from icalendar import Calendar, Event, vCalAddress, vText  # loaded with the first calendar

    event = Event.from_ical(event_ics)
    method = CANCEL if str(event.get("status", "")).upper() == "CANCELLED" else REQUEST
    organizer_address = vCalAddress(f"mailto:{organizer}")
    organizer_address.params["CN"] = vText("Outarde")
    event.add("organizer", organizer_address)
    guest = vCalAddress(f"mailto:{attendee}")
    guest.params.update({"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "FALSE"})
    event.add("attendee", guest)
    description = str(event.pop("description", "") or "")
    event.add("description", (description + "\n\n" + extra).strip())
    calendar = Calendar()
    calendar.add("prodid", "-//Outarde//Invitations//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return method, calendar.to_ical()
