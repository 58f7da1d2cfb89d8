import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from delegations.errors import DomainError
from tours.services.plans import plan_create, plan_summary


class Command(BaseCommand):
    help = (
        "Plan an event's tour day: solve it, check the plan, store it and print a one-line summary "
        "(optionally write the kengaku.plan/1 document with --out)."
    )

    def add_arguments(self, parser):
        parser.add_argument("event", help="event key")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=10.0,
            metavar="S",
            help="seconds the solver may spend (default: %(default)s)",
        )
        parser.add_argument(
            "--seed", type=int, default=0, metavar="K", help="random seed (default: %(default)s)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            metavar="N",
            help="CPU cores to use: CP-SAT threads, and from 2 the bound in a second process "
            "(default: %(default)s; 1 is reproducible)",
        )
        parser.add_argument("--out", metavar="FILE", help="also write the plan JSON to FILE")

    def handle(self, *args, event, time_limit, seed, workers, out, **options):
        try:
            plan = plan_create(event_key=event, time_limit_s=time_limit, seed=seed, workers=workers)
        except DomainError as exc:
            details = [d for d in exc.details if isinstance(d, dict) and "path" in d][:50]
            lines = [exc.message, *(f"  {d['path']}: {d['message']}" for d in details)]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(plan_summary(plan))
        if out:
            text = json.dumps(plan.document, indent=2, ensure_ascii=False) + "\n"
            try:
                Path(out).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
        if plan.checker_violations:
            raise CommandError(
                f"plan {plan.pk} was stored, but the checker found {plan.checker_violations} "
                "rule violation(s) in it: a solver bug (the violations are in the log)"
            )
