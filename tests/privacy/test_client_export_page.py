"""The privacy officer's right-of-access page and `naast client-export`: who may use them, what a
wrong reference says, and that every export is audited."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from naast.accounts.roles import Role
from naast.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
PAGE = "/staff/privacy/inwoner/"


@pytest.fixture
def officer(f):
    return f.user(Role.PRIVACY_OFFICER, username="fg")


@pytest.fixture
def anna(f, org, muni):
    hr = f.help_request(org=org, municipality=muni, client=f.client("Anna B.", full_name="Anna Bakker"),
                        question="Vraag van Anna over de toeslag.")
    second = f.help_request(org=org, municipality=muni, client=hr.client, status="closed",
                            closed_at=timezone.now(), outcome="answered",
                            received_at=timezone.now() - timedelta(days=400))
    f.help_request(org=org, municipality=muni, client=f.client("Bert C."), question="Vraag van Bert.")
    return {"hr": hr, "second": second, "client": hr.client}


def test_the_page_finds_the_resident_by_any_reference_and_audits_the_read(login, officer, anna):
    client = login(officer)
    assert reverse("privacy:client_export") == PAGE
    empty = client.get(PAGE)
    assert empty.status_code == 200 and "Inzage" in empty.content.decode() and not AuditEvent.objects.exists()
    # Typed as people read it out: lower case, spaces.
    typed = anna["second"].reference.lower().replace("-", " ")
    page = client.get(PAGE, {"reference": typed}).content.decode()
    assert f"Cliëntnummer {anna['client'].pk}" in page
    assert anna["hr"].reference in page and anna["second"].reference in page and "Afgesloten" in page
    assert "Bert" not in page
    assert reverse("privacy:client_export_pdf", args=[anna["second"].reference]) in page
    row = AuditEvent.objects.get()
    assert (row.username, row.action, row.client_id, row.reason) == ("fg", "read", anna["client"].pk, "right of access")


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Dit veld is verplicht"),
    ("12345", "Dit is geen kenmerk van een hulpvraag"),
    ("<script>alert(1)</script>", "Dit is geen kenmerk van een hulpvraag"),
    ("HV-2222-2222", "Er is geen hulpvraag met het kenmerk HV-2222-2222"),
    ("HV-\x00", "Null-tekens zijn niet toegestaan"),
])
def test_a_wrong_reference_gets_a_clear_message_and_shows_nobody(login, officer, anna, typed, message):
    response = login(officer).get(PAGE, {"reference": typed})
    page = response.content.decode()
    assert response.status_code == 200 and message in page, page
    assert "<script>alert" not in page and "Anna" not in page
    assert not AuditEvent.objects.exclude(action="refused").exists()


def test_a_request_without_a_resident_says_so(login, officer, f, org):
    hr = f.help_request(org=org, client=None)
    page = login(officer).get(PAGE, {"reference": hr.reference}).content.decode()
    assert "geen inwoner vastgelegd" in page


def test_the_downloads_are_audited_exports_of_the_client(login, officer, anna):
    client = login(officer)
    response = client.get(reverse("privacy:client_export_json", args=[anna["hr"].reference]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"]
    assert f"inzage-client-{anna['client'].pk}-" in response["Content-Disposition"]
    assert "Anna" not in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["client_number"] == anna["client"].pk
    assert set(data["help_requests"]) == {anna["hr"].reference, anna["second"].reference}
    assert "Bert" not in response.content.decode()
    pdf = client.get(reverse("privacy:client_export_pdf", args=[anna["second"].reference]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    archive = client.get(reverse("privacy:client_export_zip", args=[anna["hr"].reference]))
    assert archive.status_code == 200 and archive.content.startswith(b"PK") and archive["Content-Type"] == "application/zip"
    rows = list(AuditEvent.objects.order_by("id"))
    assert [(r.action, r.client_id, r.username) for r in rows] == [("export", anna["client"].pk, "fg")] * 3
    assert rows[1].path.endswith("gegevens.pdf") and rows[2].path.endswith("gegevens.zip")
    # An unknown reference: 404, and nothing exported.
    assert client.get(reverse("privacy:client_export_json", args=["HV-2222-2222"])).status_code == 404
    assert AuditEvent.objects.count() == 3


@pytest.mark.parametrize("role", [Role.DESK, Role.SUPPORTER, Role.COORDINATOR, Role.FUNDER, Role.AUDITOR, Role.ADMIN])
def test_no_one_else_may_export_and_the_attempt_is_audited(login, f, org, muni, anna, role):
    user = f.user(role, org=org if role in (Role.DESK, Role.SUPPORTER, Role.COORDINATOR) else None,
                  muni=muni if role == Role.FUNDER else None, is_superuser=role == Role.ADMIN)
    client = login(user)
    for url in [PAGE + f"?reference={anna['hr'].reference}",
                reverse("privacy:client_export_json", args=[anna["hr"].reference]),
                reverse("privacy:client_export_pdf", args=["HV-2222-2222"])]:  # unknown: the same 403
        response = client.get(url)
        assert response.status_code == 403 and b"Anna" not in response.content, url
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["refused"] * 3


def test_anonymous_visitors_go_to_the_login(client, anna):
    for url in [PAGE, reverse("privacy:client_export_json", args=[anna["hr"].reference])]:
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"]
    assert not AuditEvent.objects.exclude(action="refused").exists()


def test_the_command_writes_the_export_and_audits_it(anna, tmp_path):
    out = io.StringIO()
    target = tmp_path / "anna.json"
    call_command("client-export", anna["second"].reference.lower(), "--output", str(target), stdout=out)
    data = json.loads(target.read_text())
    assert data["client_number"] == anna["client"].pk and "Bert" not in target.read_text()
    assert target.stat().st_mode & 0o077 == 0  # for its owner only
    assert str(anna["client"].pk) in out.getvalue() and "Anna" not in out.getvalue()
    pdf = tmp_path / "anna.pdf"
    call_command("client-export", anna["hr"].reference, "--output", str(pdf), stdout=io.StringIO())
    assert pdf.read_bytes().startswith(b"%PDF")
    archive = tmp_path / "anna.zip"
    call_command("client-export", anna["hr"].reference, "--output", str(archive), stdout=io.StringIO())
    assert archive.read_bytes().startswith(b"PK")
    rows = list(AuditEvent.objects.order_by("id"))
    assert [(r.action, r.client_id, r.reason) for r in rows] == [("export", anna["client"].pk, "right of access")] * 3
    assert all(r.username.startswith("naast client-export (") and r.user is None for r in rows)
    # An existing file is not overwritten without --force.
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("client-export", anna["hr"].reference, "--output", str(pdf), "--format", "json")
    call_command("client-export", anna["hr"].reference, "--output", str(pdf), "--format", "json", "--force",
                 stdout=io.StringIO())
    assert json.loads(pdf.read_text())["client_number"] == anna["client"].pk


@pytest.mark.parametrize(("reference", "message"), [("HV-2222-2222", "Er is geen hulpvraag"),
                                                    ("rubbish", "Dit is geen kenmerk")])
def test_the_command_refuses_an_unknown_reference(anna, tmp_path, reference, message):
    target = tmp_path / "x.json"
    with pytest.raises(CommandError, match=message):
        call_command("client-export", reference, "--output", str(target))
    assert not target.exists() and not AuditEvent.objects.exists()
