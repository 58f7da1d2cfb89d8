"""Shared pytest fixtures."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from tests.geocoder_server import SAMPLE_ANSWERS, FakeNominatim, fake_nominatim


@pytest.fixture
def geocoder(settings) -> Iterator[FakeNominatim]:
    """A local Nominatim stand-in that KENGAKU_GEOCODER points at, knowing SAMPLE_ANSWERS.

    The delay between requests is kept short so tests stay quick; the spacing test sets its own.
    """
    with fake_nominatim(SAMPLE_ANSWERS) as server:
        settings.KENGAKU_GEOCODER = {
            "domain": server.domain,
            "scheme": "http",
            "user_agent": "kengaku-tests/1",
            "timeout_s": 2.0,
            "min_delay_s": 0.01,
        }
        yield server


DEMO_PATH = Path(__file__).resolve().parent.parent / "tours" / "fixtures" / "ascc-2025.json"


@pytest.fixture
def demo_document() -> dict:
    """A fresh copy of the built-in ASCC 2025 demo scenario, free to modify."""
    return json.loads(DEMO_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def demo_event(db, demo_document):
    from tours.services.scenario import scenario_import

    return scenario_import(document=demo_document)


class ApiClient:
    """Drives the real project API (auth, error handlers) through Django's test client."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def call(self, method: str, path: str, body=None, content_type="application/json", **extra):
        data = body
        if (
            body is not None
            and content_type == "application/json"
            and not isinstance(body, str | bytes)
        ):
            data = json.dumps(body)
        send = getattr(self.client, method.lower())
        kwargs = {"content_type": content_type} if data is not None else {}
        return (
            send(f"/api{path}", data, **kwargs, **self.headers, **extra)
            if data is not None
            else send(f"/api{path}", **self.headers, **extra)
        )

    def get(self, path, **extra):
        return self.call("GET", path, **extra)

    def post(self, path, body=None, **kwargs):
        return self.call("POST", path, body, **kwargs)

    def patch(self, path, body=None, **kwargs):
        return self.call("PATCH", path, body, **kwargs)

    def delete(self, path, **extra):
        return self.call("DELETE", path, **extra)


def _client_for(username: str, role: str) -> ApiClient:
    from tours.models import Role
    from tours.services.access import token_issue, user_ensure

    user = user_ensure(username=username, role=Role(role))
    return ApiClient(token_issue(user=user))


@pytest.fixture
def planner(db) -> ApiClient:
    return _client_for("planner-pat", "planner")


@pytest.fixture
def viewer(db) -> ApiClient:
    return _client_for("viewer-vic", "viewer")


@pytest.fixture
def anonymous(db) -> ApiClient:
    return ApiClient(None)
