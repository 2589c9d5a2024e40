"""The audit log: append-only, searchable and exportable by the privacy officer only."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied

from naast.accounts.roles import Role
from naast.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def audited(f, org, login):
    coordinator = f.user(Role.COORDINATOR, org=org, username="erik")
    hr = f.help_request(org=org)
    login(coordinator).get(f"/staff/requests/{hr.reference}/")
    return AuditEvent.objects.get(object_label=hr.reference), hr


def test_reading_a_request_is_recorded_with_who_what_and_role(audited):
    event, hr = audited
    assert (event.username, event.action, event.roles) == ("erik", "read", "coordinator")
    assert event.client_id == hr.client_id
    assert hr.client.display_name not in (event.object_label + event.reason)  # no names in the log


def test_audit_rows_cannot_be_changed_or_deleted(audited):
    event, _hr = audited
    event.reason = "tampered"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(reason="tampered")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.reason != "tampered"


def test_admin_site_offers_no_way_to_edit_the_log(f, login):
    admin = f.user(Role.ADMIN, is_staff=True, is_superuser=True)
    client = login(admin)
    assert client.get("/admin/privacy/auditevent/").status_code == 404


def test_privacy_officer_searches_the_log(audited, f, login):
    event, hr = audited
    officer = login(f.user(Role.PRIVACY_OFFICER))
    page = officer.get("/staff/privacy/audit/", {"reference": hr.reference})
    assert page.status_code == 200 and hr.reference in page.content.decode()
    empty = officer.get("/staff/privacy/audit/", {"who": "nobody-like-this"})
    assert hr.reference not in empty.content.decode()
    assert "Geen gebeurtenissen" in empty.content.decode()


def test_bad_filter_input_gets_a_message_not_an_error(audited, f, login):
    officer = login(f.user(Role.PRIVACY_OFFICER))
    page = officer.get("/staff/privacy/audit/", {"client_id": "abc", "date_from": "2026-13-45"})
    assert page.status_code == 200
    assert "Voer een geheel getal in" in page.content.decode()


def test_privacy_officer_exports_the_log_and_the_export_is_itself_logged(audited, f, login):
    event, hr = audited
    officer = login(f.user(Role.PRIVACY_OFFICER, username="ahmed"))
    response = officer.get("/staff/privacy/audit/export.csv", {"reference": hr.reference})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["at", "username", "roles", "action"]
    assert any(row[1] == "erik" and row[6] == hr.reference for row in rows[1:])
    assert AuditEvent.objects.filter(username="ahmed", action="export").exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.SUPPORTER, Role.FUNDER, Role.ADMIN])
def test_only_the_privacy_officer_reads_the_log(role, f, org, login):
    client = login(f.user(role, org=org))
    assert client.get("/staff/privacy/audit/").status_code == 403
    assert client.get("/staff/privacy/audit/export.csv").status_code == 403
