import json
from pathlib import Path

from django.core.management.base import BaseCommand

from tours.models import Event
from tours.services.scenario import scenario_import

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "ascc-2025.json"


class Command(BaseCommand):
    help = "Load (or reload) the built-in ASCC 2025 site-visit day demo scenario."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="reload it even if it exists (drops edits)"
        )

    def handle(self, *args, reset: bool, **options):
        document = json.loads(DEMO.read_text(encoding="utf-8"))
        key = document["event"]["key"]
        if not reset and Event.objects.filter(key=key).exists():
            self.stdout.write(f"demo event {key} is already loaded (--reset reloads it)")
            return
        event = scenario_import(document=document, replace=True)
        counts = {
            "delegations": event.delegations.count(),
            "facilities": event.facilities.count(),
            "buses": event.buses.count(),
            "interpreters": event.interpreters.count(),
        }
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(f"loaded demo event {event.key}: {summary}")
