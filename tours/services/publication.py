"""Publish a plan: the one version of an event's day that everyone works from.

Publishing appends publication n + 1 (the highest sequence is in force); nothing is overwritten.
Publishers are serialised twice over: the event row is locked (`select_for_update`) while the
next sequence is read and written, and (event, sequence) is unique in the database, so two
publishers that both read n can never both write n + 1. The loser gets a 409 or, when it said
which sequence it expected, a 412; never a 500 and never a second row with the same sequence.
"""

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F

from delegations.errors import Conflict, PreconditionFailed
from tours.models import Event, PlanStatus, Publication
from tours.selectors.plans import plan_get, plan_staleness, publication_sequence
from tours.services.invites import invites_enqueue
from tours.services.itineraries import itinerary_sync


def plan_publish(*, plan_id: int, user=None, expected_sequence: int | None = None) -> Publication:
    """Make the plan the event's plan in force, if it is valid and its inputs are unchanged.

    `expected_sequence` is the publication the caller believes is in force (0 for none): when
    another publication has happened since, the call fails with PreconditionFailed.
    """
    try:
        return _publish(plan_id=plan_id, user=user, expected_sequence=expected_sequence)
    except IntegrityError:
        raise _concurrent() from None
    except OperationalError as exc:
        # SQLite has no row locks: a second writer is refused the database lock instead.
        if connection.vendor == "sqlite" and "locked" in str(exc):
            raise _concurrent() from None
        raise


@transaction.atomic
def _publish(*, plan_id: int, user, expected_sequence: int | None) -> Publication:
    event = _locked_event(plan_id)
    plan = plan_get(plan_id=plan_id)
    _refuse_invalid(plan)
    current = publication_sequence(event=event)
    if expected_sequence is not None and expected_sequence != current:
        raise PreconditionFailed(
            f"event {event.key!r} is at publication {current}, not {expected_sequence}: "
            "someone published since; reload and decide again",
            [{"path": "expected_sequence", "message": f"current publication is {current}"}],
            code="publication_sequence_mismatch",
        )
    staleness = plan_staleness(plan=plan)
    if staleness["stale"]:
        raise Conflict(
            f"plan {plan.pk} is stale: the event changed since it was computed "
            f"({len(staleness['changes'])} change(s)); solve again",
            [{"path": "scenario", "message": change} for change in staleness["changes"]],
            code="plan_stale",
        )
    in_force = Publication.objects.filter(event=event, sequence=current).first()
    if in_force is not None and in_force.plan_id == plan.pk:
        raise Conflict(
            f"plan {plan.pk} is already the published plan of {event.key!r} "
            f"(publication {current})",
            code="plan_already_published",
        )
    published_by = user if getattr(user, "is_authenticated", False) else None
    publication = Publication.objects.create(
        event=event, plan=plan, sequence=current + 1, published_by=published_by
    )
    itinerary_sync(event=event)  # the items' UIDs and SEQUENCEs follow each publication
    transaction.on_commit(lambda: invites_enqueue(publication_id=publication.pk))
    return publication


def _locked_event(plan_id: int) -> Event | None:
    """The plan's event, its row locked until the transaction ends. SQLite has no row locks,
    so there the first statement is a write (a no-op UPDATE) that takes the database's write
    lock before anything is read: a second publisher waits or fails instead of both reading n."""
    rows = Event.objects.filter(plans__pk=plan_id)
    if connection.vendor == "sqlite":
        rows.update(version=F("version"))
    return Event.objects.select_for_update(of=("self",)).filter(plans__pk=plan_id).first()


def _refuse_invalid(plan) -> None:
    if plan.status == PlanStatus.INFEASIBLE:
        raise Conflict(
            f"plan {plan.pk} is infeasible: it carries no delegation and cannot be published",
            [{"path": "status", "message": "infeasible"}],
            code="plan_infeasible",
        )
    if plan.checker_violations:
        raise Conflict(
            f"plan {plan.pk} breaks {plan.checker_violations} rule(s) of the checker and cannot "
            f"be published (see GET /api/plans/{plan.pk}/check)",
            [{"path": "checker_violations", "message": str(plan.checker_violations)}],
            code="plan_invalid",
        )


def _concurrent() -> Conflict:
    return Conflict(
        "another publication of this event was being written at the same time: "
        "reload the publication in force and try again",
        code="publication_conflict",
    )
