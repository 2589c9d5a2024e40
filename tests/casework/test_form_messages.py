"""The case file's forms put each message on the field that needs it, and the error summary links
to that field; a field the guideline hours may require is not called optional."""

import pytest
from django.utils import timezone

from naast.casework import services
from naast.casework.models import Contact
from naast.organisations.models import ServiceProfile
from tests.casework.factories import map_service

pytestmark = pytest.mark.django_db


def url(hr, name=""):
    return f"/staff/dossier/{hr.reference}/{name + '/' if name else ''}"


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_guideline_fields_are_not_called_optional_and_each_says_what_is_missing(login, hr, supporter):
    profile = ServiceProfile.get()
    profile.guideline_hours = 1
    profile.save()
    client = login(supporter)
    page = client.get(url(hr, "contacts")).content.decode()
    label = page.split('for="id_exceedance_explanation"')[1].split("</label>")[0]
    assert "niet verplicht" not in label
    page = client.post(url(hr, "contacts"), {"occurred_at": local(timezone.now()), "kind": "office", "minutes": "90",
                                            "exceedance_reason": "complexity"}).content.decode()
    error = page.split('id="id_exceedance_explanation_error"')[1].split("</div>")[0]
    assert "Leg uit waarom" in error and not Contact.objects.exists()


def test_consent_without_how_it_was_given_is_asked_on_that_field(login, hr, supporter):
    service = map_service("GGZ Drenthe")
    page = login(supporter).post(url(hr, "referrals"), {
        "service": str(service.pk), "kind": "warm", "shares_personal_data": "on", "consent_given": "on",
    }).content.decode()
    error = page.split('id="id_consent_form_error"')[1].split("</div>")[0]
    assert "hoe de inwoner toestemming gaf" in error


def test_error_summary_links_a_radio_group_to_its_first_option(client, f, org, supporter):
    hr = f.help_request(org=org, supporter=supporter)
    code = services.close_request(hr, by=supporter, outcome="answered", summary="Klaar.").survey_code
    page = client.post(f"/enquete/{code}/", {"mark": "8"}).content.decode()
    assert 'href="#id_felt_understood_0"' in page and "Kies een antwoord." in page
