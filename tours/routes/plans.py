"""Routes: plans (immutable versions of an event's day) and their publication.

A plan is read as its kengaku.plan/1 document exactly as stored; `/info` adds the solver's
figures and whether the plan is stale (the event changed since) and why; `/check` runs the
independent checker. Publishing appends publication n + 1; send `If-Match: "<n>"` (the ETag of
`GET /events/{event}/publication`, "0" when nothing is published) or `expected_sequence` so that
a publication someone else made in the meantime is a 412 rather than silently replaced.
"""

import datetime as dt
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field, ValidationError

from delegations.api_routes import etag, if_match, json_body
from delegations.errors import BadRequest, ValidationFailed, pydantic_problems
from delegations.schema_types import NonNegativeInt, StrictSchema
from tours.selectors.plans import (
    plan_get,
    plan_info,
    plan_list,
    publication_current,
    publication_doc,
)
from tours.services.plans import plan_check
from tours.services.publication import plan_publish

TAGS = ["plans"]


class PlanListItem(Schema):
    id: int
    event: str
    created_at: dt.datetime
    status: str
    score: int
    bound: int | None
    gap: float | None = Field(description="(bound - score) / |bound|; null without a bound")
    solve_seconds: float
    checker_violations: int
    stale: bool = Field(description="the event changed since the plan was computed")
    published: bool = Field(description="the plan has been published at some time")
    in_force: bool = Field(description="the plan is the event's published plan now")


class PublicationOut(Schema):
    event: str
    sequence: int = Field(description="publication n; the highest is in force")
    plan: int
    published_at: dt.datetime
    published_by: str | None
    in_force: bool


class PlanInfo(PlanListItem):
    scenario_sha256: str = Field(description="hash of the scenario the plan was computed from")
    current_sha256: str = Field(description="hash of the event's scenario now")
    changes: list[str] = Field(description="what changed since, in planners' words")
    seed: int
    time_limit_s: float
    workers: int
    created_by: str | None
    based_on: int | None = Field(description="the published plan a re-plan started from")
    disruption: dict | None = Field(
        description="a re-plan's disruption against `based_on`: counts, penalty, weights, and "
        "`changes` in planners' words (who moves where, which times change, who is affected)"
    )
    stats: dict
    publications: list[PublicationOut]


class Violation(Schema):
    rule: int | str = Field(description='a rule number of the contract, or "pins"')
    where: str
    message: str


class CheckOut(Schema):
    plan: int
    against: str
    scenario_sha256: str
    ok: bool
    violations: list[Violation]


class PublishIn(StrictSchema):
    expected_sequence: NonNegativeInt | None = Field(
        default=None, description="the publication you believe is in force (0 for none)"
    )


class CheckQuery(Schema):
    against: Literal["own", "current"] = Field(
        default="own", description="the plan's own scenario, or the event's current data"
    )


PUBLISH_BODY = {
    "requestBody": {
        "required": False,
        "content": {"application/json": {"schema": PublishIn.model_json_schema()}},
    }
}


def _expected_sequence(request: HttpRequest) -> int | None:
    body = json_body(request) if request.content_type == "application/json" else None
    try:
        payload = PublishIn.model_validate(body or {})
    except ValidationError as exc:
        raise ValidationFailed(pydantic_problems(exc.errors()), "the request") from None
    header, given = if_match(request), payload.expected_sequence
    if header is not None and given is not None and header != given:
        raise BadRequest(
            f"If-Match names publication {header} but expected_sequence is {given}",
            [{"path": "expected_sequence", "message": "disagrees with If-Match"}],
        )
    return header if header is not None else given


def add_plans_routes(router: Router) -> None:
    """Adds the plans routes to the tours router."""

    @router.get("/events/{event}/plans", response=list[PlanListItem], tags=TAGS)
    @paginate(LimitOffsetPagination)
    def list_plans(request: HttpRequest, event: str):
        """The event's plans, newest first."""
        return plan_list(event_key=event)

    @router.get("/events/{event}/publication", response=PublicationOut, tags=TAGS)
    def read_publication(request: HttpRequest, response: HttpResponse, event: str):
        """The publication in force (404 when nothing is published); its ETag is its sequence."""
        publication = publication_current(event_key=event)
        etag(response, publication.sequence)
        return publication_doc(publication, in_force=publication)

    @router.get("/plans/{plan_id}", response=dict, tags=TAGS)
    def read_plan(request: HttpRequest, plan_id: int):
        """The kengaku.plan/1 document exactly as stored."""
        return plan_get(plan_id=plan_id).document

    @router.get("/plans/{plan_id}/info", response=PlanInfo, tags=TAGS)
    def read_plan_info(request: HttpRequest, plan_id: int):
        """Solver statistics, staleness (with what changed) and publications."""
        return plan_info(plan_id=plan_id)

    @router.get("/plans/{plan_id}/check", response=CheckOut, tags=TAGS)
    def check_plan(request: HttpRequest, plan_id: int, query: Query[CheckQuery]):
        """The independent checker's verdict against the plan's own scenario (default) or the
        event's current data (`?against=current`)."""
        return plan_check(plan_id=plan_id, against=query.against)

    @router.post(
        "/plans/{plan_id}/publish",
        response={201: PublicationOut},
        tags=TAGS,
        openapi_extra=PUBLISH_BODY,
    )
    def publish_plan(request: HttpRequest, response: HttpResponse, plan_id: int):
        """Publish the plan: 409 when it is stale, infeasible or invalid, or when another
        publication was written at the same moment; 412 when If-Match/expected_sequence is
        not the publication in force."""
        publication = plan_publish(
            plan_id=plan_id, user=request.auth, expected_sequence=_expected_sequence(request)
        )
        etag(response, publication.sequence)
        return Status(201, publication_doc(publication, in_force=publication))
