from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from delegations.errors import NotFound
from tours.selectors.itineraries import itinerary_calendars


class Command(BaseCommand):
    help = (
        "Write the itineraries of an event's published plan: one .ics file per person and role, "
        "as DIR/<role>/<key>.ics (member, delegation, interpreter, bus, facility, master)."
    )

    def add_arguments(self, parser):
        parser.add_argument("event", help="event key")
        parser.add_argument("--out", required=True, help="directory to write into")

    def handle(self, *args, event: str, out: str, **options):
        try:
            files = itinerary_calendars(event_key=event)
        except NotFound as exc:
            raise CommandError(exc.message) from None
        root = Path(out)
        for (role, person), data in files.items():
            path = root / role / f"{person}.ics"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self.stderr.write(f"wrote {len(files)} calendar(s) into {root}")
