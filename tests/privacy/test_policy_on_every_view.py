"""Every view that shows client data: funders and auditors get 403; every read is audited.

The views are found by walking the URL map for the `client_data_view` mark, so a new view is
covered the moment it is marked. Later issues add their argument names to SAMPLES.
"""

import pytest

from naast.accounts.roles import Role
from naast.casework import services as casework_services
from naast.casework.models import Contact
from naast.privacy.models import AuditEvent

from .client_data_urls import client_data_patterns, sample_url

pytestmark = pytest.mark.django_db
# Pages for the coordinator of the request's organisation alone: a supporter gets 403 there too.
COORDINATOR_ONLY = {"casework:signal_review", "casework:signal_review_detail"}


@pytest.fixture
def world(f, org, muni):
    supporter = f.user(Role.SUPPORTER, org=org)
    coordinator = f.user(Role.COORDINATOR, org=org)
    hr = f.help_request(org=org, supporter=supporter, municipality=muni)
    contact = Contact.objects.create(help_request=hr, kind="phone", minutes=10)  # for its correction page
    signal = casework_services.record_signal(hr, by=supporter, theme="digital", text="Alleen met DigiD.")
    samples = {"reference": hr.reference, "pk": contact.pk, "client_id": hr.client_id, "help_request_id": hr.pk,
               "kind": "contact", "signal_id": signal.pk}
    return {"hr": hr, "supporter": supporter, "coordinator": coordinator, "samples": samples}


def _urls(world):
    patterns = client_data_patterns()
    assert patterns, "no client-data views found: the mark is missing"
    # The desk shows residents only when it is searched: search for the sample request's resident.
    query = {"intake:desk": f"?q={world['hr'].reference}"}
    return [(name, sample_url(name, pattern, world["samples"]) + query.get(name, ""))
            for _route, name, pattern in patterns]


@pytest.mark.parametrize("role", [Role.FUNDER, Role.AUDITOR, Role.ADMIN, Role.PRIVACY_OFFICER])
def test_aggregate_roles_get_403_on_every_client_level_url(role, f, world, login, muni):
    outsider = f.user(role, muni=muni if role == Role.FUNDER else None, is_superuser=(role == Role.ADMIN))
    client = login(outsider)
    urls = _urls(world)
    for name, url in urls:
        response = client.get(url)
        assert response.status_code == 403, f"{role} got {response.status_code} on {name} ({url})"
    # Every refused attempt is in the audit log (who, where, why), and nothing was read.
    rows = list(AuditEvent.objects.all())
    assert len(rows) == len(urls) and {row.action for row in rows} == {"refused"}
    assert {row.username for row in rows} == {outsider.username}
    assert {row.path for row in rows} == {url.split("?")[0] for _name, url in urls}
    assert all(row.reason for row in rows)


def test_anonymous_visitors_are_sent_to_login(client, world):
    for name, url in _urls(world):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"], name


@pytest.mark.parametrize("who", ["supporter", "coordinator"])
def test_every_client_level_view_writes_an_audit_row(who, world, login):
    user = world[who]
    client = login(user)
    for name, url in _urls(world):
        before = AuditEvent.objects.count()
        response = client.get(url)
        if who == "supporter" and name in COORDINATOR_ONLY:
            assert response.status_code == 403, f"{who} got {response.status_code} on {name}"
            refused = AuditEvent.objects.order_by("-id")[: AuditEvent.objects.count() - before]
            assert [row.action for row in refused] == ["refused"], name  # the attempt is audited, nothing read
            continue
        assert response.status_code == 200, f"{who} got {response.status_code} on {name}"
        rows = AuditEvent.objects.filter(user=user).order_by("-id")[: AuditEvent.objects.count() - before]
        assert rows, f"{name} showed client data without an audit row"
        assert any(row.object_label == world["hr"].reference or row.client_id == world["hr"].client_id for row in rows)
        assert all(row.username == user.username and row.action == "read" for row in rows)
