"""Staff pages and client data are never kept by a browser or a proxy: every response of a view
marked `client_data_view`, and every response under /staff/ and /admin/, says
`Cache-Control: no-store, private`, whoever asks and whatever the answer (page, redirect to the
login, 403, 404, 405)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from naast.accounts.roles import Role
from naast.casework.models import Contact, Signal

from .client_data_urls import client_data_patterns, sample_url

pytestmark = pytest.mark.django_db


def _not_stored(response, what):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, f"{what}: {response.status_code} {response.get('Cache-Control')!r}"
    assert "public" not in directives and "Expires" in response


@pytest.fixture
def world(f, org, muni):
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = f.help_request(org=org, supporter=supporter, municipality=muni)
    contact = Contact.objects.create(help_request=hr, kind="phone", minutes=10)
    signal = Signal.objects.create(help_request=hr, theme="waiting_list", text="Wachtlijst.")
    samples = {"reference": hr.reference, "pk": contact.pk, "client_id": hr.client_id, "help_request_id": hr.pk,
               "kind": "contact", "signal_id": signal.pk, "number": hr.client_id}
    urls = [(name, sample_url(name, pattern, samples)) for _route, name, pattern in client_data_patterns()]
    assert urls
    return {"supporter": supporter, "urls": urls}


def test_every_client_data_view_is_never_stored(client, f, muni, world):
    for who in [world["supporter"], f.user(Role.FUNDER, muni=muni), None]:
        client.logout()
        if who is not None:
            client.force_login(who)
        for name, url in world["urls"]:
            _not_stored(client.get(url), f"{name} for {who}")


def _staff_routes():
    """Every URL under /staff/ and /admin/ that takes no arguments."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<" not in route and "(" not in route:
                found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return [route for route in found if route.startswith(("/staff/", "/admin/"))]


def test_every_staff_and_admin_page_is_never_stored(client, f, org, muni):
    routes = _staff_routes()
    assert "/staff/" in routes and "/staff/queue/" in routes and "/admin/" in routes
    everyone = f.user(Role.COORDINATOR, Role.SUPPORTER, Role.DESK, Role.ADMIN, Role.PRIVACY_OFFICER, org=org)
    for who in [everyone, f.user(Role.FUNDER, muni=muni), None]:
        client.logout()
        if who is not None:
            client.force_login(who)
        for url in routes:
            _not_stored(client.get(url), f"{url} for {who}")
    _not_stored(client.get("/staff/requests/HV-0000-0000/"), "an unknown request")
    _not_stored(client.get("/admin/accounts/user/"), "the admin's user list")


def test_public_pages_keep_their_own_caching(client):
    assert "no-store" not in client.get("/kaart/").get("Cache-Control", "")
    assert "no-store" not in client.get("/").get("Cache-Control", "")
