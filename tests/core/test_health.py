"""/healthz answers 200 with a working database, and non-200 when the database is down."""

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database:default": "ok"}}


def test_healthz_reports_a_database_failure(tmp_path):
    # A real failure, not a mock: a fresh process whose database cannot be reached.
    env = dict(os.environ, NAAST_TESTING="1", DATABASE_URL="postgres://nobody@127.0.0.1:1/none", ALLOWED_HOSTS="testserver")
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "naast.conf.settings"
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    output = json.loads(result.stdout.strip().splitlines()[-1])
    assert output["status"] == 503
    assert output["body"]["checks"]["database:default"] == "error"


def test_the_browsers_favicon_request_gets_the_icon_and_no_new_csrf_cookie(client):
    """A browser asks /favicon.ico after a plain-text page (/healthz); a rendered 404 page would
    hand out a new CSRF cookie and break the form the visitor has open (seen in CI's browser tests)."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("naast/favicon.svg")
    assert "csrftoken" not in response.cookies
