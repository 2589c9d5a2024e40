"""Every view that shows client data: funders and auditors get 403; every read is audited.

The views are found by walking the URL map for the `client_data_view` mark, so a new view is
covered the moment it is marked. Later issues add their argument names to SAMPLES.
"""

import pytest

from naast.accounts.roles import Role
from naast.casework import services as casework_services
from naast.casework.models import Contact
from naast.conf.access import ACCESS, PRIVACY_OFFICER
from naast.privacy.models import AuditEvent

from .client_data_urls import client_data_patterns, sample_url

pytestmark = pytest.mark.django_db
# Pages for the coordinator of the request's organisation alone: a supporter gets 403 there too.
COORDINATOR_ONLY = {"casework:signal_review", "casework:signal_review_detail", "intake:duplicates", "intake:merge"}
# The resident's right of access: one client's data for the privacy officer alone, and no one else.
PRIVACY_OFFICER_ONLY = {name for name, access in ACCESS.items() if access.roles == (PRIVACY_OFFICER,)
                        and access.kind.startswith("client_")}


@pytest.fixture
def world(f, org, muni):
    supporter = f.user(Role.SUPPORTER, org=org)
    coordinator = f.user(Role.COORDINATOR, org=org)
    hr = f.help_request(org=org, supporter=supporter, municipality=muni,
                        client=f.client("Anna B.", phone="0612345678"))
    # The same resident registered twice: the duplicate finder lists the pair, the merge page compares it.
    twin = f.help_request(org=org, municipality=muni, client=f.client("Anna B.", phone="06-12345678")).client
    contact = Contact.objects.create(help_request=hr, kind="phone", minutes=10)  # for its correction page
    signal = casework_services.record_signal(hr, by=supporter, theme="digital", text="Alleen met DigiD.")
    samples = {"reference": hr.reference, "pk": contact.pk, "client_id": hr.client_id, "number": hr.client_id, "help_request_id": hr.pk,
               "kind": "contact", "signal_id": signal.pk}
    return {"hr": hr, "supporter": supporter, "coordinator": coordinator, "samples": samples, "twin": twin}


def _urls(world):
    patterns = client_data_patterns()
    assert patterns, "no client-data views found: the mark is missing"
    # The desk shows residents only when it is searched: search for the sample request's resident.
    query = {"intake:desk": f"?q={world['hr'].reference}",
             "intake:merge": f"?first={world['hr'].client_id}&second={world['twin'].pk}"}
    return [(name, sample_url(name, pattern, world["samples"]) + query.get(name, ""))
            for _route, name, pattern in patterns]


@pytest.mark.parametrize("role", [Role.FUNDER, Role.AUDITOR, Role.ADMIN, Role.PRIVACY_OFFICER])
def test_aggregate_roles_get_403_on_every_client_level_url(role, f, world, login, muni):
    outsider = f.user(role, muni=muni if role == Role.FUNDER else None, is_superuser=(role == Role.ADMIN))
    client = login(outsider)
    urls = _urls(world)
    read = set()
    if role == Role.PRIVACY_OFFICER:
        assert PRIVACY_OFFICER_ONLY and PRIVACY_OFFICER_ONLY <= {name for name, _url in urls}
        for name, url in urls:
            if name in PRIVACY_OFFICER_ONLY:
                assert client.get(url).status_code == 200, name
        # The right-of-access pages read (and export) the sample client, audited; the rest refused.
        exports = AuditEvent.objects.exclude(action="refused")
        assert exports.exists() and {row.client_id for row in exports} == {world["hr"].client_id}
        read = set(AuditEvent.objects.values_list("pk", flat=True))  # count only the refusals below
        urls = [(name, url) for name, url in urls if name not in PRIVACY_OFFICER_ONLY]
    for name, url in urls:
        response = client.get(url)
        assert response.status_code == 403, f"{role} got {response.status_code} on {name} ({url})"
    # Every refused attempt is in the audit log (who, where, why), and nothing was read.
    rows = list(AuditEvent.objects.exclude(pk__in=read))
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
        if (who == "supporter" and name in COORDINATOR_ONLY) or name in PRIVACY_OFFICER_ONLY:
            assert response.status_code == 403, f"{who} got {response.status_code} on {name}"
            refused = AuditEvent.objects.order_by("-id")[: AuditEvent.objects.count() - before]
            assert [row.action for row in refused] == ["refused"], name  # the attempt is audited, nothing read
            continue
        assert response.status_code == 200, f"{who} got {response.status_code} on {name}"
        rows = AuditEvent.objects.filter(user=user).order_by("-id")[: AuditEvent.objects.count() - before]
        assert rows, f"{name} showed client data without an audit row"
        assert any(row.object_label == world["hr"].reference or row.client_id == world["hr"].client_id for row in rows)
        assert all(row.username == user.username and row.action == "read" for row in rows)
