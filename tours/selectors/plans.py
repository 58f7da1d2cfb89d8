"""Read plans and publications: lists, one plan's figures, and whether a plan is stale.

A plan is stale when the event's current kengaku.scenario/1 export no longer hashes to the
`scenario_sha256` the plan was computed from; what changed comes from a structural diff of the
stored scenario against the current one (tours.scenario_changes). The hash here is the same as
the core's `canonical_sha256` (tours.scenario.document.scenario_sha256), computed without it.
"""

from django.db.models import Max

from delegations.errors import NotFound
from tours.models import Event, Plan, Publication
from tours.scenario.document import scenario_sha256
from tours.scenario_changes import scenario_changes
from tours.selectors.events import event_get
from tours.selectors.scenario import scenario_of


def plan_get(*, plan_id: int) -> Plan:
    plan = Plan.objects.select_related("event", "created_by").filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(f"no plan {plan_id}", [{"path": "id", "message": "not found"}])
    return plan


def plan_staleness(*, plan: Plan, current: dict | None = None) -> dict:
    """{"stale", "changes", "current_sha256"}: changes since the plan, in planners' words.

    `current` is the event's scenario export when the caller already has it.
    """
    current = scenario_of(event_now(plan)) if current is None else current
    sha = scenario_sha256(current)
    if sha == plan.scenario_sha256:
        return {"stale": False, "changes": [], "current_sha256": sha}
    if plan.scenario is None:
        changes = ["the event changed (this plan does not keep its scenario to compare)"]
    else:
        changes = scenario_changes(plan.scenario, current) or ["the scenario changed"]
    return {"stale": True, "changes": changes, "current_sha256": sha}


def event_now(plan: Plan) -> Event:
    """The plan's event as stored now (the plan's cached copy may be older than its data)."""
    return Event.objects.get(pk=plan.event_id)


def publication_sequence(*, event: Event) -> int:
    """The sequence of the publication in force; 0 when nothing has been published."""
    top = Publication.objects.filter(event=event).aggregate(m=Max("sequence"))["m"]
    return top or 0


def publication_in_force(*, event: Event) -> Publication | None:
    rows = Publication.objects.filter(event=event)
    rows = rows.select_related("event", "plan", "published_by")
    return rows.order_by("-sequence").first()


def publication_current(*, event_key: str) -> Publication:
    return publication_required(event=event_get(key=event_key))


def publication_required(*, event: Event, purpose: str = "") -> Publication:
    """The publication in force, or NotFound saying what publishing one would allow."""
    publication = publication_in_force(event=event)
    if publication is None:
        raise NotFound(
            f"event {event.key!r} has no published plan{purpose}",
            [{"path": "event", "message": "nothing published yet"}],
        )
    return publication


def plan_list(*, event_key: str) -> list[dict]:
    """The event's plans, newest first, each with its stale and published flags."""
    event = event_get(key=event_key)
    current = scenario_sha256(scenario_of(event))
    in_force = publication_in_force(event=event)
    published = set(Publication.objects.filter(event=event).values_list("plan_id", flat=True))
    return [
        {
            **_figures(plan),
            "stale": plan.scenario_sha256 != current,
            "published": plan.pk in published,
            "in_force": in_force is not None and in_force.plan_id == plan.pk,
        }
        for plan in Plan.objects.filter(event=event).select_related("event")
    ]


def plan_info(*, plan_id: int) -> dict:
    """One plan's figures and solver statistics, whether it is stale (and why), and its
    publications."""
    plan = plan_get(plan_id=plan_id)
    in_force = publication_in_force(event=plan.event)
    publications = Publication.objects.filter(plan=plan).select_related("event", "published_by")
    return {
        **_figures(plan),
        **plan_staleness(plan=plan),
        "scenario_sha256": plan.scenario_sha256,
        "seed": plan.seed,
        "time_limit_s": plan.time_limit_s,
        "workers": plan.workers,
        "created_by": plan.created_by.get_username() if plan.created_by else None,
        "based_on": plan.based_on_id,
        "disruption": plan.disruption,
        "stats": plan.stats,
        "publications": [publication_doc(p, in_force=in_force) for p in publications],
        "published": bool(publications),
        "in_force": in_force is not None and in_force.plan_id == plan.pk,
    }


def publication_doc(publication: Publication, *, in_force: Publication | None) -> dict:
    return {
        "event": publication.event.key,
        "sequence": publication.sequence,
        "plan": publication.plan_id,
        "published_at": publication.published_at,
        "published_by": (
            publication.published_by.get_username() if publication.published_by else None
        ),
        "in_force": in_force is not None and in_force.pk == publication.pk,
    }


def _figures(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "event": plan.event.key,
        "created_at": plan.created_at,
        "status": plan.status,
        "score": plan.score,
        "bound": plan.bound,
        "gap": (plan.stats or {}).get("gap"),
        "solve_seconds": plan.solve_seconds,
        "checker_violations": plan.checker_violations,
    }
