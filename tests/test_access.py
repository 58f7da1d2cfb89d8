"""Who may do what: every route of the API, tokens, roles and session logins.

All permission tests live in this file. The route walk reads the OpenAPI schema, so a route
added later is checked without touching this file.
"""

import copy
import hashlib
import io
import json
import re
import secrets
import string

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from project.api import api
from tests.conftest import DEMO_PATH
from tours.models import ApiToken, Event, Plan, Publication, Role, SolveJob
from tours.selectors.scenario import scenario_of
from tours.services.access import token_issue, token_revoke, user_ensure

EVENT = "ascc-2025-tour"
EXISTING = {
    "places": "hotel-westin",
    "facilities": "port-museum",
    "buses": "coach-medium-2",
    "interpreters": "int-uz",
    "delegations": "samarkand",
}
NEW_EVENT = {
    "key": "viewer-day",
    "name": "A day a viewer tries to add",
    "date": "2026-04-10",
    "organizer": {"name": "Hana Sato", "email": "hana@example.org"},
    "day_start": "08:30",
    "day_end": "17:30",
    "lunch": {"earliest": "11:30", "latest": "13:00"},
}
NEW_ITEM = {
    "places": {"key": "hotel-x", "name": "X", "lat": 35.4, "lon": 139.6, "kind": "hotel"},
    "facilities": {"key": "plant-x", "name": "X", "lat": 35.4, "lon": 139.6, "visit_minutes": 60,
                   "windows": [["09:00", "12:00"]], "max_people": 20, "max_visits": 1},
    "buses": {"key": "bus-x", "seats": 9, "cost": 1},
    "interpreters": {"key": "int-x", "name": "X", "languages": ["ja", "en"]},
    "delegations": {"key": "del-x", "city": "X", "country": "XX", "language": "en", "size": 2,
                    "pickup": "hotel-westin", "dropoff": "hotel-westin"},
    "pins": {"kind": "visit_bus", "bus": "coach-medium-2", "facility": "port-museum"},
    "solves": {"time_limit_s": 1},
}  # fmt: skip


def _routes() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    routes = [(method.upper(), path) for path, ops in paths.items() for method in ops]
    assert len(routes) >= 30
    return routes


ROUTES = _routes()


def concrete(path: str) -> str:
    """An OpenAPI path with its parameters replaced by real demo keys, below /api."""
    assert path.startswith("/api/")
    path = path.removeprefix("/api").replace("{event}", EVENT)
    if "{key}" in path:
        kind = path.split("/")[3]
        path = path.replace("{key}", EXISTING[kind])
    path = re.sub(r"\{\w+_id\}|\{id\}", "999999", path)  # plans, jobs, pins: none such
    assert "{" not in path, path
    return path


def request_body(method: str, path: str):
    """A body that would change data if the request were let through."""
    if method == "PATCH":
        return {"key": "renamed-by-someone"}
    if method != "POST":
        return None
    if path.endswith(".csv"):
        return "key,name\nsneaky,Sneaky\n"
    if path == "/events":
        return NEW_EVENT
    if path == "/events/import":
        return None  # filled in from the demo document by the caller
    return NEW_ITEM.get(path.split("/")[3], {})


def send(client: Client, method: str, path: str, body=None, **headers):
    url = f"/api{path}"
    if method == "POST" and path == "/events/import":
        url += "?replace=true"
    if body is None:
        return getattr(client, method.lower())(url, **headers)
    content_type = "text/csv" if isinstance(body, str) else "application/json"
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method.lower())(url, data, content_type=content_type, **headers)


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def snapshot() -> dict:
    return {e.key: scenario_of(e) for e in Event.objects.all()}


def route_params(select):
    return [
        pytest.param(method, path, id=f"{method} {path}")
        for method, path in ROUTES
        if select(method)
    ]


@pytest.fixture
def import_body(demo_document) -> dict:
    document = copy.deepcopy(demo_document)
    document["event"]["name"] = "Replaced by someone"
    document["delegations"] = document["delegations"][:1]
    return document


@pytest.mark.parametrize(("method", "path"), route_params(lambda m: True))
def test_every_route_needs_credentials(demo_event, import_body, method, path):
    before = snapshot()
    target = concrete(path)
    body = request_body(method, target) or (import_body if target == "/events/import" else None)
    response = send(Client(), method, target, body)
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"].startswith("Bearer")
    payload = response.json()
    assert payload["code"] == "unauthenticated"
    assert payload["message"]
    assert payload["details"] == []
    assert snapshot() == before


@pytest.mark.parametrize(("method", "path"), route_params(lambda m: m != "GET"))
def test_viewer_cannot_change_anything(viewer, demo_event, import_body, method, path):
    before = snapshot()
    target = concrete(path)
    body = request_body(method, target) or (import_body if target == "/events/import" else None)
    response = send(viewer.client, method, target, body, **viewer.headers)
    assert response.status_code == 403, response.content
    payload = response.json()
    assert payload["code"] == "forbidden"
    assert "viewer" in payload["message"]
    assert snapshot() == before


@pytest.fixture(scope="module")
def stored_plan_document():
    """One real plan of the demo (solved once for the module), to store per test."""
    from tours.planning.model.build import problem_from_scenario
    from tours.planning.solver import solve

    document = json.loads(DEMO_PATH.read_text(encoding="utf-8"))
    return document, solve(problem_from_scenario(document), time_limit_s=2, seed=0, workers=1)


@pytest.mark.parametrize(("method", "path"), route_params(lambda m: m == "GET"))
def test_viewer_reads_everything(viewer, demo_event, stored_plan_document, method, path):
    scenario, document = stored_plan_document
    plan = Plan.objects.create(
        event=demo_event, scenario_sha256=document["scenario_sha256"], scenario=scenario,
        status=document["status"], score=document["objective"]["score"],
        bound=document["objective"]["bound"], solve_seconds=1, time_limit_s=2, document=document,
    )  # fmt: skip
    Publication.objects.create(event=demo_event, plan=plan, sequence=1)
    job = SolveJob.objects.create(event=demo_event, time_limit_s=1)
    target = concrete(path)
    target = target.replace("/plans/999999", f"/plans/{plan.pk}")
    target = target.replace("/solves/999999", f"/solves/{job.pk}")
    response = send(viewer.client, method, target, **viewer.headers)
    assert response.status_code == 200, response.content


def test_user_without_a_role_is_forbidden(demo_event):
    user = get_user_model().objects.create(username="nobody")
    response = Client().get(f"/api/events/{EVENT}", **bearer(token_issue(user=user)))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "no role" in response.json()["message"]


def test_superuser_is_a_planner(demo_event):
    user = get_user_model().objects.create(username="root", is_superuser=True)
    client, headers = Client(), bearer(token_issue(user=user))
    response = client.patch(
        f"/api/events/{EVENT}", json.dumps({"name": "Root"}), "application/json", **headers
    )
    assert response.status_code == 200


def test_revoked_token_is_401(demo_event):
    raw = token_issue(user=user_ensure(username="pat", role=Role.PLANNER))
    assert Client().get("/api/events", **bearer(raw)).status_code == 200
    assert token_revoke(raw=raw) is True
    response = Client().get("/api/events", **bearer(raw))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert token_revoke(raw=raw) is False


def test_inactive_user_is_401(demo_event):
    user = user_ensure(username="gone", role=Role.PLANNER)
    raw = token_issue(user=user)
    user.is_active = False
    user.save()
    assert Client().get("/api/events", **bearer(raw)).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Token {raw}", "Basic {raw}", "{raw}", "Bearer {raw}x",
     "Bearer kgk_" + "a" * 300, "bearer"],
)  # fmt: skip
def test_malformed_authorization_is_401(planner, header):
    raw = planner.headers["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    response = Client().get("/api/events", HTTP_AUTHORIZATION=header.format(raw=raw))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "WWW-Authenticate" in response


@pytest.mark.django_db
def test_tokens_are_stored_hashed():
    raw = token_issue(user=user_ensure(username="pat", role=Role.PLANNER), label="laptop")
    token = ApiToken.objects.get()
    assert token.token_hash != raw
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert len(raw) > len(token.prefix)
    for model in apps.get_models():
        if not model._meta.managed:  # e.g. django_rq's, which has no table
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.values_list(*names):
            assert not any(raw in str(value) for value in row), model


@pytest.mark.django_db
def test_issue_token_command_gives_a_working_token_and_switches_roles(demo_event):
    out = io.StringIO()
    call_command("issue_token", "ops", "--role", "viewer", stdout=out, stderr=io.StringIO())
    raw = out.getvalue().strip()
    client = Client()
    assert client.get(f"/api/events/{EVENT}", **bearer(raw)).status_code == 200
    created = send(client, "POST", "/events", NEW_EVENT, **bearer(raw))
    assert created.status_code == 403
    assert created.json()["code"] == "forbidden"

    out = io.StringIO()
    call_command("issue_token", "ops", "--role", "planner", stdout=out, stderr=io.StringIO())
    second = out.getvalue().strip()
    assert second != raw
    assert get_user_model().objects.filter(username="ops").count() == 1
    assert send(client, "POST", "/events", NEW_EVENT, **bearer(second)).status_code == 201
    # the role belongs to the user, so the first token now writes as well
    moved = send(client, "PATCH", "/events/viewer-day", {"name": "x"}, **bearer(raw))
    assert moved.status_code == 200


def csrf_secret() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def test_session_login_reads_and_writes_with_csrf(demo_event):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_ensure(username="pat", role=Role.PLANNER))
    assert client.get(f"/api/events/{EVENT}").status_code == 200

    refused = send(client, "POST", "/events", NEW_EVENT)
    assert refused.status_code == 403
    assert set(refused.json()) == {"code", "message", "details"}
    assert not Event.objects.filter(key="viewer-day").exists()

    secret = csrf_secret()
    client.cookies["csrftoken"] = secret
    created = send(client, "POST", "/events", NEW_EVENT, HTTP_X_CSRFTOKEN=secret)
    assert created.status_code == 201, created.content
    assert Event.objects.filter(key="viewer-day").exists()


def test_session_viewer_cannot_write_even_with_csrf(demo_event):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_ensure(username="vic", role=Role.VIEWER))
    secret = csrf_secret()
    client.cookies["csrftoken"] = secret
    assert client.get(f"/api/events/{EVENT}/scenario").status_code == 200
    response = send(
        client, "DELETE", f"/events/{EVENT}/buses/coach-micro-1", HTTP_X_CSRFTOKEN=secret
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_session_without_a_role_is_forbidden(demo_event):
    client = Client()
    client.force_login(get_user_model().objects.create(username="nobody"))
    response = client.get(f"/api/events/{EVENT}")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def planner_case(method: str, path: str):
    return pytest.param(method, path, id=f"{method} {path}")


@pytest.mark.parametrize(("method", "path"), [planner_case(m, p) for m, p in ROUTES if m != "GET"])
def test_planner_passes_the_same_checks(planner, demo_event, import_body, method, path):
    """Control for the viewer walk: the very same requests get past authorization."""
    target = concrete(path)
    body = request_body(method, target) or (import_body if target == "/events/import" else None)
    response = send(planner.client, method, target, body, **planner.headers)
    assert response.status_code not in (401, 403), response.content
    assert response.status_code < 500
