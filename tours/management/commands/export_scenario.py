import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from delegations.errors import NotFound
from tours.selectors.scenario import scenario_export


class Command(BaseCommand):
    help = "Write an event as a kengaku.scenario/1 JSON document (standard output or --out FILE)."

    def add_arguments(self, parser):
        parser.add_argument("event", help="event key")
        parser.add_argument("--out", help="file to write instead of standard output")

    def handle(self, *args, event: str, out: str | None, **options):
        try:
            document = scenario_export(event_key=event)
        except NotFound as exc:
            raise CommandError(exc.message) from None
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if out:
            Path(out).write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {out}")
        else:
            self.stdout.write(text, ending="")
