"""Erasure on a resident's request (AVG art. 17) and legal holds: the privacy officer's pages and
`naast client-erase`. Refused while a request is on hold, and while one is open unless confirmed
with a reason; a confirmation step before the erasure; every step audited, no name on the page."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from naast.accounts.roles import Role
from naast.privacy import retention
from naast.privacy.models import AuditEvent, LegalHold
from naast.registry.models import Client, HelpRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(f, org, muni):
    client = f.client("Annemarie Jansen", phone="0612345678", email="annemarie@example.org")
    closed_at = timezone.now() - timedelta(days=40)
    old = f.help_request(org=org, municipality=muni, client=client, status="closed", closed_at=closed_at,
                         outcome="answered", received_at=closed_at - timedelta(days=20), question="Huurschuld van Annemarie")
    current = f.help_request(org=org, municipality=muni, client=client, status="in_progress",
                             question="Nieuwe brief van de gemeente")
    return {"client": client, "old": old, "open": current}


@pytest.fixture
def officer(f):
    return f.user(Role.PRIVACY_OFFICER, username="fg")


def _erased(client) -> bool:
    client = Client.objects.get(pk=client.pk)
    return client.anonymised_at is not None and client.display_name == "—" and client.phone == ""


# --- the command -------------------------------------------------------------------------------
def test_command_refuses_an_open_request_without_confirmation(resident):
    with pytest.raises(CommandError, match=r"still open \(" + resident["open"].reference):
        call_command("client-erase", resident["old"].reference, "--reason", "Verzoek per brief", stdout=StringIO())
    assert not _erased(resident["client"])
    row = AuditEvent.objects.get(action="refused")
    assert row.client_id == resident["client"].pk and row.username == "command client-erase"
    assert "open" in row.reason and "Annemarie" not in row.object_label


def test_command_erases_with_confirmation_by_any_reference(resident):
    out = StringIO()
    call_command("client-erase", resident["open"].reference.lower(), "--reason", "Verzoek per brief", "--confirm-open",
                 stdout=out)
    assert _erased(resident["client"])
    assert set(HelpRequest.objects.filter(client=resident["client"]).values_list("question", flat=True)) == {""}
    # The open request stays open (its statistics count), without the resident's words.
    assert HelpRequest.objects.get(pk=resident["open"].pk).status == "in_progress"
    assert f"Client #{resident['client'].pk}: 2 help requests erased." in out.getvalue()
    assert "Annemarie" not in out.getvalue()
    row = AuditEvent.objects.get(action="delete")
    assert row.client_id == resident["client"].pk and row.reason == "erasure: Verzoek per brief"


def test_command_refuses_a_held_request_and_needs_a_reason_and_a_known_reference(resident, officer):
    retention.set_hold(resident["old"], reason="Klachtprocedure", by=officer)
    with pytest.raises(CommandError, match="legal hold"):
        call_command("client-erase", resident["old"].reference, "--reason", "x", "--confirm-open", stdout=StringIO())
    with pytest.raises(CommandError, match="--reason"):
        call_command("client-erase", resident["old"].reference, stdout=StringIO())
    with pytest.raises(CommandError, match="No help request with reference"):
        call_command("client-erase", "HV-XXXX-XXXX", "--reason", "x", stdout=StringIO())
    assert not _erased(resident["client"])


def test_retention_and_erasure_leave_other_residents_alone(resident, f, org, muni):
    other = f.help_request(org=org, municipality=muni, client=f.client("Bert"), question="Vraag van Bert")
    retention.erase_client(resident["client"], reason="Verzoek", actor="test", confirm_open=True)
    other.refresh_from_db()
    assert other.question == "Vraag van Bert" and other.client.display_name == "Bert"


# --- the page ----------------------------------------------------------------------------------
def test_the_page_shows_numbers_and_references_only_and_audits_the_look_up(resident, officer, login):
    client = login(officer)
    url = reverse("privacy:erasure")
    page = client.get(url)
    assert page.status_code == 200 and "Wissen" in page.content.decode() or "wissen" in page.content.decode()
    page = client.get(url, {"reference": resident["old"].reference.lower()})
    html = page.content.decode()
    assert f"#{resident['client'].pk}" in html and resident["old"].reference in html and resident["open"].reference in html
    for personal in ("Annemarie", "0612345678", "annemarie@example.org", "Huurschuld", "Nieuwe brief"):
        assert personal not in html
    row = AuditEvent.objects.get()
    assert (row.action, row.client_id, row.reason, row.username) == ("read", resident["client"].pk, "erasure look-up", "fg")


def test_an_unknown_reference_says_so(officer, login, db):
    page = login(officer).get(reverse("privacy:erasure"), {"reference": "HV-nope"})
    assert page.status_code == 200
    assert "Geen hulpvraag heeft dit kenmerk" in page.content.decode()


def test_an_open_request_needs_the_box_ticked_then_a_confirmation(resident, officer, login):
    client = login(officer)
    url = reverse("privacy:erasure")
    data = {"reference": resident["old"].reference, "reason": "Verzoek van 3 december per brief"}
    page = client.post(url, data)
    assert page.status_code == 200 and "nog open" in page.content.decode()
    assert not _erased(resident["client"])
    assert AuditEvent.objects.filter(action="refused", client_id=resident["client"].pk).count() == 1
    # Ticked: first a confirmation step, nothing erased yet.
    page = client.post(url, {**data, "confirm_open": "on"})
    html = page.content.decode()
    assert "Ja, wissen" in html and "kan niet ongedaan" in html
    assert not _erased(resident["client"])
    # Confirmed: erased, and a message that says so.
    page = client.post(url, {**data, "confirm_open": "on", "confirmed": "1"}, follow=True)
    assert _erased(resident["client"])
    assert f"#{resident['client'].pk}" in page.content.decode() and "gewist" in page.content.decode()
    row = AuditEvent.objects.get(action="delete")
    assert row.reason == "erasure: Verzoek van 3 december per brief" and row.username == "fg"


def test_a_reason_is_required(resident, officer, login):
    page = login(officer).post(reverse("privacy:erasure"), {"reference": resident["old"].reference, "reason": " ",
                                                            "confirm_open": "on", "confirmed": "1"})
    assert page.status_code == 200 and not _erased(resident["client"])


def test_a_held_request_is_refused_even_when_confirmed(resident, officer, login):
    retention.set_hold(resident["open"], reason="Rechtszaak", by=officer)
    client = login(officer)
    page = client.get(reverse("privacy:erasure"), {"reference": resident["old"].reference})
    assert "bewaarplicht" in page.content.decode().lower() and "Wissen…" not in page.content.decode()
    page = client.post(reverse("privacy:erasure"), {"reference": resident["old"].reference, "reason": "Verzoek",
                                                    "confirm_open": "on", "confirmed": "1"})
    assert page.status_code == 200 and not _erased(resident["client"])


# --- legal holds -------------------------------------------------------------------------------
def test_the_officer_sets_and_lifts_a_hold_and_both_are_audited(resident, officer, login):
    client = login(officer)
    url = reverse("privacy:legal_holds")
    page = client.post(url, {"reference": resident["old"].reference, "reason": "Klacht bij de AP"}, follow=True)
    assert resident["old"].reference in page.content.decode() and "Klacht bij de AP" in page.content.decode()
    hold = LegalHold.objects.active().get()
    assert hold.set_by == officer and hold.help_request == resident["old"]
    assert retention.expired_requests(months=0)[0] == []
    # Lifting needs a reason.
    page = client.post(url, {"action": "lift", "hold": hold.pk, "lift_reason": ""})
    assert page.status_code == 200 and LegalHold.objects.active().exists()
    client.post(url, {"action": "lift", "hold": hold.pk, "lift_reason": "Klacht afgehandeld"})
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lift_reason == "Klacht afgehandeld" and hold.lifted_by == officer
    assert retention.expired_requests(months=0)[0] == [resident["old"].pk]
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "object_label", "reason"))
    assert actions == [("create", resident["old"].reference, "legal hold: Klacht bij de AP"),
                       ("change", resident["old"].reference, "legal hold lifted: Klacht afgehandeld")]


def test_a_hold_on_an_unknown_reference_is_refused_with_a_message(officer, login, db):
    page = login(officer).post(reverse("privacy:legal_holds"), {"reference": "HV-0000-0000", "reason": "x"})
    assert page.status_code == 200 and "Geen hulpvraag heeft dit kenmerk" in page.content.decode()
    assert not LegalHold.objects.exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.SUPPORTER, Role.DESK, Role.FUNDER, Role.ADMIN, Role.AUDITOR])
def test_only_the_privacy_officer_may_erase_or_hold(role, f, org, resident, login):
    client = login(f.user(role, org=org if role in (Role.COORDINATOR, Role.SUPPORTER, Role.DESK) else None))
    for url in (reverse("privacy:erasure"), reverse("privacy:legal_holds")):
        assert client.get(url).status_code == 403
    page = client.post(reverse("privacy:erasure"), {"reference": resident["old"].reference, "reason": "x",
                                                    "confirm_open": "on", "confirmed": "1"})
    assert page.status_code == 403 and not _erased(resident["client"])
    assert client.post(reverse("privacy:legal_holds"), {"reference": resident["old"].reference, "reason": "x"}).status_code == 403
    assert not LegalHold.objects.exists()


@pytest.mark.parametrize("reference", ["HV-\x00AAA", "x" * 5000, "", "'; DROP TABLE x; --"])
def test_hostile_references_get_a_message_not_an_error(reference, officer, login, db):
    client = login(officer)
    assert client.get(reverse("privacy:erasure"), {"reference": reference}).status_code == 200
    page = client.post(reverse("privacy:erasure"), {"reference": reference, "reason": "x", "confirmed": "1"}, follow=True)
    assert page.status_code == 200
    assert client.post(reverse("privacy:legal_holds"), {"reference": reference, "reason": "x"}).status_code == 200
    for hold in ("99999999999999999999999", "-1", "abc"):
        assert client.post(reverse("privacy:legal_holds"), {"action": "lift", "hold": hold,
                                                            "lift_reason": "x"}).status_code == 200


def test_an_erased_case_file_says_so_and_its_document_cannot_be_downloaded(f, org, muni, login, settings, tmp_path):
    from django.core.files.base import ContentFile

    from naast.casework.models import Document

    settings.MEDIA_ROOT = tmp_path
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = f.help_request(org=org, municipality=muni, supporter=supporter, status="in_progress")
    document = Document(help_request=hr, title="Brief van Jansen", content_type="application/pdf", size=4)
    document.file.save("brief.pdf", ContentFile(b"%PDF"), save=True)
    retention.erase_client(hr.client, reason="Verzoek", actor="test", confirm_open=True)
    client = login(supporter)
    page = client.get(reverse("casework:case_file", args=[hr.reference])).content.decode()
    assert "zijn gewist op" in page and "Een document, gewist" in page and "Brief van Jansen" not in page
    assert client.get(reverse("casework:documents", args=[hr.reference]) + f"?download={document.pk}").status_code == 404


def test_a_request_without_a_resident_says_there_is_no_one_to_erase(f, org, officer, login):
    hr = f.help_request(org=org, client=None)
    page = login(officer).get(reverse("privacy:erasure"), {"reference": hr.reference})
    assert page.status_code == 200 and "geen inwoner" in page.content.decode()
    with pytest.raises(CommandError, match="no resident recorded"):
        call_command("client-erase", hr.reference, "--reason", "x", stdout=StringIO())
