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


# Background solves (tours.tasks): workers run in subprocesses that open the test database.


def _needs_worker_db(session) -> bool:
    return any("worker_env" in getattr(item, "fixturenames", ()) for item in session.items)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix) -> None:
    """When a collected test runs a worker process (it uses `worker_env`), the SQLite test
    database is a file unique to this run rather than in memory, so the worker can open it."""
    import os
    import tempfile

    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and _needs_worker_db(request.session):
        name = Path(tempfile.gettempdir()) / f"kengaku_test_{os.getpid()}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(autouse=True)
def tasks_on_the_database(settings) -> None:
    """Tests queue solves on the database backend (in their own test database) whatever
    REDIS_URL says; the RQ tests switch to RQ themselves."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.KENGAKU_SOLVE_QUEUE = "default"


def _database_url(db: dict) -> str:
    from urllib.parse import quote

    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise NotImplementedError(f"no worker database URL for {db['ENGINE']}")
    user = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        user += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
    return f"postgres://{user}@{host}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def worker_env(transactional_db) -> dict:
    """Environment for a worker process: the test database as DATABASE_URL and no REDIS_URL
    (so its tasks backend is the database one; the RQ test adds REDIS_URL back)."""
    import os

    from django.db import connection

    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["DATABASE_URL"] = _database_url(connection.settings_dict)
    env["DJANGO_SETTINGS_MODULE"] = "project.settings"
    return env


@pytest.fixture
def start_worker(transactional_db):
    """Start `manage.py ARGS...` (a worker) in its own process group; stopped after the test."""
    import os
    import signal
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    started: list[subprocess.Popen] = []

    def start(args: list[str], env: dict) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its forked children stop with it
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
