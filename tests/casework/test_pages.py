"""The case-file pages over HTTP: forms answer in Dutch, bad input writes nothing, need-to-know holds."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from naast.accounts.roles import Role
from naast.casework import services
from naast.casework.models import Contact, Document, Referral, Signal, SurveyResponse
from naast.organisations.models import ServiceProfile
from naast.privacy.models import AuditEvent
from tests.casework.factories import map_service

pytestmark = pytest.mark.django_db


def url(hr, name=""):
    return f"/staff/dossier/{hr.reference}/{name + '/' if name else ''}"


def test_case_file_page_shows_the_question_timeline_and_other_requests(login, hr, supporter, f):
    services.update_case_file(hr, by=supporter, clarified_question="Hulp bij bezwaar Wmo", hidden_questions="Schulden")
    services.log_contact(hr, by=supporter, kind="home_visit", minutes=50, note="Keukentafel voorbereid")
    older = f.help_request(org=hr.organisation, client=hr.client, status="closed")
    page = login(supporter).get(url(hr)).content.decode()
    assert "Hulp bij bezwaar Wmo" in page and "Schulden" in page
    assert "Huisbezoek, 50 min." in page and "Keukentafel voorbereid" in page
    assert older.reference in page  # the client's other request, one click away
    assert AuditEvent.objects.filter(object_label=hr.reference, action="read").exists()


def test_quick_log_contact_updates_the_total_and_confirms(login, hr, supporter):
    client = login(supporter)
    response = client.post(url(hr, "contacts"), {"occurred_at": "", "kind": "phone", "minutes": "15"}, follow=True)
    # An empty date falls back to the form's required error; the total is unchanged.
    assert response.status_code == 200 and not Contact.objects.exists()
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(url(hr, "contacts"), {"occurred_at": when, "kind": "phone", "minutes": "15"}, follow=True)
    assert "Contact opgeslagen: 15 minuten" in response.content.decode()
    hr.refresh_from_db()
    assert hr.minutes_spent == 15 and hr.status == "in_progress"
    assert AuditEvent.objects.filter(object_label=hr.reference, action="change").exists()


def test_passing_the_guideline_over_http_asks_for_a_reason_in_dutch(login, hr, supporter):
    profile = ServiceProfile.get()
    profile.guideline_hours = 1
    profile.save()
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    client = login(supporter)
    response = client.post(url(hr, "contacts"), {"occurred_at": when, "kind": "office", "minutes": "90"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "voorbij de richtlijn van 1 uur" in page or "voorbij de richtlijn van 1 uren" in page
    assert 'aria-invalid="true"' in page
    assert not Contact.objects.exists()
    response = client.post(url(hr, "contacts"), {
        "occurred_at": when, "kind": "office", "minutes": "90", "exceedance_reason": "complexity",
        "exceedance_explanation": "Veel partijen betrokken."})
    assert response.status_code == 302 and Contact.objects.count() == 1


def test_bad_input_gets_an_english_message_when_the_user_chose_english(login, hr, supporter):
    client = login(supporter)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post(url(hr, "contacts"), {"occurred_at": "gisteren", "kind": "phone", "minutes": "veel"})
    page = response.content.decode()
    assert "Enter a valid date/time." in page and "Enter a whole number." in page
    assert not Contact.objects.exists()


def test_zrm_page_compares_assessments_with_chart_and_table(login, hr, supporter):
    services.record_assessment(hr, by=supporter, levels={"finances": 1, "housing": 3},
                               assessed_on=timezone.localdate() - timedelta(days=30))
    client = login(supporter)
    data = {"assessed_on": timezone.localdate().isoformat(), "level_finances": "3", "level_housing": "2"}
    assert client.post(url(hr, "zrm"), data).status_code == 302
    page = client.get(url(hr, "zrm")).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "beter op 1 domeinen, slechter op 1" in page
    assert "+2" in page and "-1" in page  # finances up 2, housing down 1
    response = client.post(url(hr, "zrm"), {"assessed_on": timezone.localdate().isoformat()})
    assert "Scoor minstens één domein." in response.content.decode()
    assert hr.assessments.count() == 2


def test_referral_searches_the_social_map_with_typos(login, hr, supporter):
    map_service("Schuldhulp Drenthe", name="Schuldhulpverlening", description="Hulp bij schulden", index=True)
    client = login(supporter)
    page = client.get(url(hr, "referrals") + "?q=schuldhulp").content.decode()
    assert "Schuldhulpverlening (Schuldhulp Drenthe)" in page and 'type="radio"' in page
    page = client.get(url(hr, "referrals") + "?q=xqzw").content.decode()
    assert "Niets op de sociale kaart" in page


def test_referral_with_personal_data_needs_consent_on_the_form(login, hr, supporter):
    service = map_service("GGZ Drenthe")
    client = login(supporter)
    data = {"service": str(service.pk), "kind": "warm", "shares_personal_data": "on"}
    page = client.post(url(hr, "referrals"), data).content.decode()
    assert "toestemming" in page and not Referral.objects.exists()
    assert client.post(url(hr, "referrals"), {"kind": "warm"}).status_code == 200  # no service chosen
    data.update({"consent_given": "on", "consent_form": "written"})
    assert client.post(url(hr, "referrals"), data).status_code == 302
    referral = Referral.objects.get()
    assert referral.consent_form == "written" and referral.consent_given_at and referral.service == service


def test_conflict_of_interest_warning_then_recorded_when_they_proceed(login, hr, supporter):
    supporter.affiliations.create(organisation_name="zorggroep noord", relation="employed")
    service = map_service("Zorggroep Noord")
    client = login(supporter)
    data = {"service": str(service.pk), "kind": "information"}
    page = client.post(url(hr, "referrals"), data).content.decode()
    assert "belangenverstrengeling" in page.lower() and not Referral.objects.exists()
    assert 'name="conflict_confirmed" value="True"' in page or 'name="conflict_confirmed" value="on"' in page
    data["conflict_confirmed"] = "on"
    assert client.post(url(hr, "referrals"), data).status_code == 302
    assert Referral.objects.get().conflict_acknowledged


def test_referral_status_and_waiting_time(login, hr, supporter):
    referral = services.refer(hr, by=supporter, service=map_service("Thuiszorg"), kind="warm", shares_personal_data=False)
    client = login(supporter)
    client.post(url(hr, "referrals"), {"referral": referral.pk, "status": "no_capacity", "waiting_weeks": "8"})
    referral.refresh_from_db()
    assert (referral.status, referral.waiting_weeks) == ("no_capacity", 8)
    response = client.post(url(hr, "referrals"), {"referral": referral.pk, "status": "started", "waiting_weeks": "-3"},
                           follow=True)
    referral.refresh_from_db()
    assert referral.status == "no_capacity" and response.status_code == 200


def test_signal_and_support_action_forms(login, hr, supporter):
    client = login(supporter)
    assert client.post(url(hr, "signals"), {"theme": "digital", "text": "Aanvraag kan alleen met DigiD.",
                                            "shareable": "no"}).status_code == 302
    assert not Signal.objects.get().shareable
    page = client.post(url(hr, "signals"), {"theme": "digital", "text": "", "shareable": "yes"}).content.decode()
    assert "Dit veld is verplicht." in page and Signal.objects.count() == 1
    assert client.post(url(hr, "support"), {"kind": "kitchen_table", "happened_on": timezone.localdate().isoformat(),
                                            "description": "Mee naar gesprek", "outcome": "pending"}).status_code == 302
    assert hr.support_actions.get().get_kind_display()


def test_close_with_a_printable_letter_then_reopen(login, hr, supporter):
    client = login(supporter)
    page = client.get(url(hr, "close")).content.decode()
    assert "geprint" in page or "printen" in page
    response = client.post(url(hr, "close"), {"outcome": "answered", "summary": "Brief uitgelegd.",
                                              "invite_to_survey": "on"})
    page = response.content.decode()
    assert response.status_code == 200 and "Hoe vond u onze hulp?" in page and "<svg" in page
    hr.refresh_from_db()
    assert hr.status == "closed"
    # The letter's code opens the public survey.
    code = page.split('class="naast-letter__code">')[1].split("<")[0].replace(" ", "")
    assert client.get(f"/enquete/{code}/").status_code == 200
    # A closed case file refuses new contacts with a clear message, and can be reopened.
    assert client.post(url(hr, "reopen"), {"reason": ""}).status_code == 200
    assert client.post(url(hr, "reopen"), {"reason": "Nieuwe brief"}).status_code == 302
    hr.refresh_from_db()
    assert hr.status == "in_progress"


def test_document_upload_limits(login, hr, supporter, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploads of this test go to a throw-away folder
    client = login(supporter)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    page = client.post(url(hr, "documents"), {"title": "x", "upload": bad}).content.decode()
    assert "niet toegestaan" in page and not Document.objects.exists()
    fake = SimpleUploadedFile("brief.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert "komt niet overeen" in client.post(url(hr, "documents"), {"upload": fake}).content.decode()
    good = SimpleUploadedFile("besluit.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(url(hr, "documents"), {"title": "Besluit", "upload": good}).status_code == 302
    document = Document.objects.get()
    download = client.get(url(hr, "documents") + f"?download={document.pk}")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", object_label=hr.reference).exists()


# --- need-to-know -----------------------------------------------------------------------------
def test_another_supporter_and_the_desk_cannot_open_the_case_file(login, hr, f, org):
    other = f.user(Role.SUPPORTER, org=org)
    assert login(other).get(url(hr)).status_code == 403
    desk = f.user(Role.DESK, org=org)
    client = login(desk)
    assert client.get(url(hr)).status_code == 403
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    assert client.post(url(hr, "contacts"), {"occurred_at": when, "kind": "phone", "minutes": "5"}).status_code == 403
    assert not Contact.objects.exists()


def test_coordinator_of_another_organisation_cannot_see_it(login, hr, f, other_org):
    assert login(f.user(Role.COORDINATOR, org=other_org)).get(url(hr)).status_code == 403


def test_duo_partner_and_own_coordinator_can(login, hr, f, org, coordinator):
    from naast.registry.models import Assignment

    duo = f.user(Role.SUPPORTER, org=org)
    Assignment.objects.create(help_request=hr, supporter=duo)
    assert login(duo).get(url(hr)).status_code == 200
    assert login(coordinator).get(url(hr)).status_code == 200


def test_query_count_does_not_grow_with_the_number_of_contacts(login, hr, supporter):
    client = login(supporter)
    services.log_contact(hr, by=supporter, kind="phone", minutes=5)
    services.record_assessment(hr, by=supporter, levels={"finances": 2})
    services.refer(hr, by=supporter, service=map_service("A"), kind="warm", shares_personal_data=False)
    client.get(url(hr))  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(hr)).status_code == 200
    for i in range(70):  # more than the timeline shows, so the cut-off path is measured too
        services.log_contact(hr, by=supporter, kind="office", minutes=1, note=f"contact {i}")
    for _ in range(5):
        services.record_assessment(hr, by=supporter, levels={"finances": 3, "housing": 2})
        services.refer(hr, by=supporter, service=map_service("B"), kind="information", shares_personal_data=False)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url(hr)).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    page = client.get(url(hr)).content.decode()
    assert "Bekijk alle 71 contacten" in page and "contact 69" in page and "contact 0<" not in page


# --- caseload and case meeting ----------------------------------------------------------------
def test_supporter_caseload_shows_own_open_requests_and_hours(login, hr, supporter, f, org):
    f.help_request(org=org)  # not theirs
    services.log_contact(hr, by=supporter, kind="phone", minutes=90)
    page = login(supporter).get("/staff/dossier/").content.decode()
    assert hr.reference in page and "1,5" in page


def test_coordinator_marks_requests_for_the_case_meeting_and_prints_the_agenda(login, hr, coordinator):
    client = login(coordinator)
    page = client.get("/staff/dossier/casusoverleg/").content.decode()
    assert "De agenda is leeg" in page and hr.reference in page
    client.post("/staff/dossier/casusoverleg/", {"reference": hr.reference, "question": "Wie pakt de schulden op?"})
    page = client.get("/staff/dossier/casusoverleg/").content.decode()
    assert "Wie pakt de schulden op?" in page
    client.post("/staff/dossier/casusoverleg/", {"reference": hr.reference, "remove": "1"})
    assert "De agenda is leeg" in client.get("/staff/dossier/casusoverleg/").content.decode()


def test_case_meeting_refuses_requests_outside_the_scope(login, f, other_org, coordinator):
    foreign = f.help_request(org=other_org)
    response = login(coordinator).post("/staff/dossier/casusoverleg/", {"reference": foreign.reference})
    assert response.status_code == 403


# --- public survey ----------------------------------------------------------------------------
def _closed_with_code(f, org, supporter):
    hr = f.help_request(org=org, supporter=supporter)
    return services.close_request(hr, by=supporter, outcome="answered", summary="Klaar.").survey_code


def test_survey_answers_once_without_login(client, f, org, supporter):
    code = _closed_with_code(f, org, supporter)
    page = client.get(f"/enquete/{code}/").content.decode()
    assert "Hoe ging het?" in page and "Ik voelde me begrepen." in page
    response = client.post(f"/enquete/{code}/", {"mark": "9", "felt_understood": "5", "felt_seen": "4",
                                                 "fitted_own_question": "5"})
    assert "Bedankt" in response.content.decode()
    again = client.get(f"/enquete/{code}/")
    assert again.status_code == 410 and "U heeft al geantwoord" in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_survey_code_entry_and_unknown_code(client, f, org, supporter):
    code = _closed_with_code(f, org, supporter)
    spaced = f"{code[:4]} {code[4:8]} {code[8:]}".lower()
    response = client.post("/enquete/", {"code": spaced})
    assert response.status_code == 302 and response["Location"] == f"/enquete/{code}/"
    assert client.get("/enquete/ONBEKEND23/").status_code == 404


def test_incomplete_survey_gets_dutch_errors_and_writes_nothing(client, f, org, supporter):
    code = _closed_with_code(f, org, supporter)
    page = client.post(f"/enquete/{code}/", {"mark": "12"}).content.decode()
    assert "Selecteer een geldige keuze" in page and not SurveyResponse.objects.exists()


def test_refer_button_on_the_social_map_leads_to_a_preselected_referral(login, hr, supporter):
    service = map_service("Humanitas", name="Thuisadministratie")
    client = login(supporter)
    page = client.get(f"/staff/dossier/verwijzen/?service={service.pk}").content.decode()
    assert "Thuisadministratie" in page and hr.reference in page
    page = client.get(url(hr, "referrals") + f"?service={service.pk}").content.decode()
    assert f'value="{service.pk}"' in page and "checked" in page
    assert client.post(url(hr, "referrals") + f"?service={service.pk}",
                       {"service": str(service.pk), "kind": "information"}).status_code == 302
    assert Referral.objects.get().service == service
    assert client.get("/staff/dossier/verwijzen/?service=not-a-uuid").status_code == 200


def test_the_registry_page_links_to_the_case_file_for_those_who_may_see_it(login, hr, supporter, f, org):
    assert "Dossier openen" in login(supporter).get(f"/staff/requests/{hr.reference}/").content.decode()
    desk = f.user(Role.DESK, org=org)
    assert "Dossier openen" not in login(desk).get(f"/staff/requests/{hr.reference}/").content.decode()
