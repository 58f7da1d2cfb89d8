from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from delegations.errors import NotFound
from tours.selectors.itineraries import itinerary_calendars, itinerary_invites
from tours.services.invites import InviteEmail


class Command(BaseCommand):
    help = (
        "Write the itineraries of an event's published plan: one .ics file per person and role, "
        "as DIR/<role>/<key>.ics (member, delegation, interpreter, bus, facility, master), and "
        "the invitation emails, one per person and item, as "
        "DIR/emails/<role>-<key>-<NN>-<HHMM>-<method>.eml in each person's day order "
        "(nothing is sent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("event", help="event key")
        parser.add_argument("--out", required=True, help="directory to write into")

    def handle(self, *args, event: str, out: str, **options):
        try:
            files = itinerary_calendars(event_key=event)
            invites = itinerary_invites(event_key=event)
        except NotFound as exc:
            raise CommandError(exc.message) from None
        root = Path(out)
        for (role, person), data in files.items():
            path = root / role / f"{person}.ics"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        emails = root / "emails"
        emails.mkdir(parents=True, exist_ok=True)
        numbers: dict[tuple[str, str], int] = {}
        for invite in sorted(
            invites, key=lambda i: (i.recipient.role, i.recipient.person, i.start, i.uid)
        ):
            who = invite.recipient
            n = numbers[(who.role, who.person)] = numbers.get((who.role, who.person), 0) + 1
            stem = f"{who.role}-{who.person}-{n:02d}-{invite.start:%H%M}"
            name = f"{stem}-{invite.method.lower()}.eml"
            (emails / name).write_bytes(InviteEmail(invite).message().as_bytes(linesep="\r\n"))
        self.stderr.write(f"wrote {len(files)} calendar(s) and {len(invites)} email(s) into {root}")
