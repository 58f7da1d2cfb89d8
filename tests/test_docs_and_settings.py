"""The interactive docs work offline, and settings come from the environment."""

import re
import subprocess
import sys
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def test_api_docs_page_loads_its_assets_from_local_static_files():
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), f"{asset} is not served locally"
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is missing"


def test_openapi_document_describes_the_hand_parsed_bodies():
    schema = Client().get("/api/openapi.json").json()
    body = schema["paths"]["/api/events/import"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/ScenarioIn"
    assert "DelegationIn" in schema["components"]["schemas"]


def _database_engine(env: dict) -> str:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='project.settings';"
        "from django.conf import settings; d=settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d.get('HOST', ''))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_database_comes_from_database_url(monkeypatch):
    import os

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    assert _database_engine(env).startswith("django.db.backends.sqlite3")
    assert str(ROOT / "db.sqlite3") in _database_engine(env)
    env["DATABASE_URL"] = "postgres://kengaku@db.example:5433/tours"
    assert _database_engine(env) == "django.db.backends.postgresql tours db.example"


def test_production_refuses_to_start_without_a_secret_key():
    import os

    env = {**os.environ, "KENGAKU_DEBUG": "false"}
    env.pop("KENGAKU_SECRET_KEY", None)
    done = subprocess.run(
        [sys.executable, "-c", "import project.settings"], cwd=ROOT, env=env, capture_output=True
    )
    assert done.returncode != 0
    assert b"KENGAKU_SECRET_KEY must be set" in done.stderr
