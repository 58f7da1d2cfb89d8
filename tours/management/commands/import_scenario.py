import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from delegations.errors import DomainError
from tours.services.scenario import scenario_import


class Command(BaseCommand):
    help = "Import a kengaku.scenario/1 JSON file as one event; prints the event key."

    def add_arguments(self, parser):
        parser.add_argument("file", help="scenario JSON file ('-' for standard input)")
        parser.add_argument("--replace", action="store_true", help="replace an existing event")

    def handle(self, *args, file: str, replace: bool, **options):
        document = load_json(file)
        try:
            event = scenario_import(document=document, replace=replace)
        except DomainError as exc:
            lines = [exc.message, *(f"  {d['path']}: {d['message']}" for d in _problems(exc))]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(event.key)


def load_json(file: str):
    import sys

    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
        return json.loads(text)
    except OSError as exc:
        raise CommandError(f"cannot read {file}: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CommandError(f"{file} is not valid JSON: {exc}") from None


def _problems(exc: DomainError) -> list[dict]:
    return [d for d in exc.details if isinstance(d, dict) and "path" in d][:50]
