import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from delegations.errors import DomainError
from tours.models import PlanStatus
from tours.services.plans import plan_create, plan_summary
from tours.services.publication import plan_publish


class Command(BaseCommand):
    help = (
        "Plan an event's tour day: solve it, check the plan, store it and print a one-line summary "
        "(optionally write the kengaku.plan/1 document with --out, and publish it with "
        "--publish when it is valid)."
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
        parser.add_argument(
            "--replan",
            action="store_true",
            help="a least-change re-plan from the published plan (see docs/planning.md)",
        )
        parser.add_argument(
            "--disruption-weights",
            metavar="JSON",
            help="with --replan: e.g. '{\"delegation_moved\": 500}' (defaults for the rest)",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish the plan when it is valid (feasible or optimal, no checker "
            "violations); otherwise exit non-zero with the reason",
        )

    def handle(self, *args, event, time_limit, seed, workers, out, publish=False, replan=False,
               disruption_weights=None, **options):  # fmt: skip
        replanning = _replan(replan, disruption_weights)
        try:
            plan = plan_create(event_key=event, time_limit_s=time_limit, seed=seed, workers=workers,
                               replan=replanning)  # fmt: skip
        except DomainError as exc:
            details = [d for d in exc.details if isinstance(d, dict) and "path" in d][:50]
            lines = [exc.message, *(f"  {d['path']}: {d['message']}" for d in details)]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(plan_summary(plan))
        if plan.disruption:
            self.stdout.write(f"re-planned from plan {plan.based_on_id}: "
                              f"{plan.disruption['changes']['summary']}")  # fmt: skip
        if out:
            text = json.dumps(plan.document, indent=2, ensure_ascii=False) + "\n"
            try:
                Path(out).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
        if plan.checker_violations:
            raise CommandError(
                f"plan {plan.pk} was stored{', not published' if publish else ''}, but the "
                f"checker found {plan.checker_violations} rule violation(s) in it (the plan's "
                "warnings say which pins could not be kept; any other is a solver bug, logged)"
            )
        if publish:
            self._publish(plan)

    def _publish(self, plan) -> None:
        if plan.status == PlanStatus.INFEASIBLE:
            raise CommandError(
                f"plan {plan.pk} was stored, not published: it is infeasible "
                "(no delegation could be carried)"
            )
        try:
            publication = plan_publish(plan_id=plan.pk)
        except DomainError as exc:
            lines = [f"plan {plan.pk} was stored, not published: {exc.message}"]
            lines += [f"  {d['message']}" for d in exc.details if isinstance(d, dict)][:50]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(
            f"published plan {plan.pk} as publication {publication.sequence} of {plan.event.key}"
        )


def _replan(replan: bool, weights: str | None) -> dict | None:
    if weights is not None and not replan:
        raise CommandError("--disruption-weights goes with --replan")
    if not replan:
        return None
    if weights is None:
        return {}
    try:
        return {"weights": json.loads(weights)}
    except ValueError as exc:
        raise CommandError(f"--disruption-weights is not JSON: {exc}") from None
