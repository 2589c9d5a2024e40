"""The request page shows supporters what the resident told the front door: how to reach them,
their language, who asked on their behalf, their messages and requests for another supporter."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from naast.accounts.roles import Role
from naast.intake.models import AnotherSupporterRequest, FollowUpMessage, IntakeDetails

pytestmark = pytest.mark.django_db


def _request_with_intake(f, org, supporter, **details):
    resident = f.client("Noor A.", phone="06-12 34 56 78", email="noor@example.org", preferred_language="nl")
    hr = f.help_request(org=org, supporter=supporter, client=resident)
    IntakeDetails.objects.create(help_request=hr, **details)
    return hr


def _page(client, hr) -> str:
    response = client.get(f"/staff/requests/{hr.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def test_supporter_sees_how_to_reach_the_resident_and_their_language(f, org, login):
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = _request_with_intake(f, org, supporter, contact_way="phone", preferred_language="ar")
    page = _page(login(supporter), hr)
    assert "Aanmelding" in page
    assert "Bereikbaar via" in page and "Telefonisch: 06-12 34 56 78" in page
    assert "Voorkeurstaal" in page and "Arabisch" in page
    assert "العربية" not in page and ">ar<" not in page  # the name staff read, not the code
    assert "De inwoner neemt zelf contact op" not in page


def test_a_letter_or_a_visit_shows_the_address(f, org, login):
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = _request_with_intake(f, org, supporter, contact_way="visit", address="Dorpsstraat 1, Diever")
    assert "Een bezoek: Dorpsstraat 1, Diever" in _page(login(supporter), hr)


def test_no_way_to_reach_means_the_resident_will_contact_us(f, org, login):
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = _request_with_intake(f, org, supporter, contact_way="")
    page = _page(login(supporter), hr)
    assert "<strong>De inwoner neemt zelf contact op</strong>" in page
    assert "Nederlands" in page  # no language on the form: the client's own preference


def test_supporter_sees_who_asked_on_the_residents_behalf(f, org, login):
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = _request_with_intake(
        f, org, supporter, contact_way="email", on_behalf=True, asker_name="Sanne de Vries",
        asker_relation="Dochter", asker_phone="06-98 76 54 32", asker_email="sanne@example.org",
    )
    page = _page(login(supporter), hr)
    assert "Per e-mail: noor@example.org" in page
    for text in ["Naam van de vragensteller", "Sanne de Vries", "Relatie tot de inwoner", "Dochter",
                 "Telefoon van de vragensteller", "06-98 76 54 32", "E-mail van de vragensteller", "sanne@example.org"]:
        assert text in page, text


def test_no_asker_no_asker_rows(f, org, login):
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = _request_with_intake(f, org, supporter, contact_way="phone")
    assert "vragensteller" not in _page(login(supporter), hr)


def test_supporter_sees_the_residents_messages_and_requests_for_another_supporter(f, org, login):
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = _request_with_intake(f, org, supporter, contact_way="phone")
    FollowUpMessage.objects.create(help_request=hr, source="public", text="Ik heb nu ook een brief van de\nbelasting.")
    FollowUpMessage.objects.create(help_request=hr, source="email", text="Bel liever na 14 uur.")
    AnotherSupporterRequest.objects.create(help_request=hr, source="public", reason="Ik ken hem van de buurt.")
    AnotherSupporterRequest.objects.create(
        help_request=hr, source="staff", reason="Eerder verzoek.", resolved_at=timezone.now(),
        created_at=timezone.now() - timedelta(days=30),
    )
    page = _page(login(supporter), hr)
    assert "Berichten van de inwoner" in page
    assert "(Volglink): Ik heb nu ook een brief van de<br>belasting." in page
    assert "(E-mail): Bel liever na 14 uur." in page
    assert "Verzoeken om een andere cliëntondersteuner" in page
    assert "(Via de volglink): Ik ken hem van de buurt." in page
    assert "(Vastgelegd door een medewerker): Eerder verzoek." in page
    assert page.count("naast-badge--warning") == 1  # only the open request is flagged
    assert page.index("Eerder verzoek.") < page.index("Ik ken hem van de buurt.")  # oldest first


def test_without_messages_or_requests_those_headings_are_left_out(f, org, login):
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = _request_with_intake(f, org, supporter, contact_way="phone")
    page = _page(login(supporter), hr)
    assert "Berichten van de inwoner" not in page and "Verzoeken om een andere" not in page


def test_a_request_without_intake_details_still_shows_the_language(f, org, login):
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = f.help_request(org=org, supporter=supporter, client=f.client("Piet", preferred_language="tr"))
    page = _page(login(supporter), hr)
    assert "Aanmelding" in page and "Turks" in page and "Bereikbaar via" not in page


def test_the_section_is_shown_in_english_too(f, org, login, settings):
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = _request_with_intake(f, org, supporter, contact_way="", preferred_language="ar")
    client = login(supporter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _page(client, hr)
    assert "Intake" in page and "The resident will contact us" in page and "Arabic" in page


def test_who_may_not_see_the_request_sees_none_of_it(f, org, other_org, login):
    assigned = f.user(Role.SUPPORTER, org=org)
    hr = _request_with_intake(f, org, assigned, contact_way="phone", on_behalf=True, asker_name="Sanne de Vries")
    FollowUpMessage.objects.create(help_request=hr, source="public", text="Geheim bericht")
    for outsider in [f.user(Role.SUPPORTER, org=org), f.user(Role.COORDINATOR, org=other_org),
                     f.user(Role.DESK, org=other_org)]:
        response = login(outsider).get(f"/staff/requests/{hr.reference}/")
        assert response.status_code == 403
        body = response.content.decode()
        assert "Sanne de Vries" not in body and "Geheim bericht" not in body and "06-12 34 56 78" not in body


def test_the_page_is_still_audited(f, org, login):
    from naast.privacy.models import AuditEvent

    supporter = f.user(Role.SUPPORTER, org=org)
    hr = _request_with_intake(f, org, supporter, contact_way="phone")
    _page(login(supporter), hr)
    assert AuditEvent.objects.filter(user=supporter, object_label=hr.reference, action="read").exists()


def test_the_query_count_does_not_grow_with_the_history(f, org, login):
    supporter = f.user(Role.SUPPORTER, org=org)
    short = _request_with_intake(f, org, supporter, contact_way="phone")
    long = _request_with_intake(f, org, supporter, contact_way="phone", on_behalf=True, asker_name="Sanne")
    for i in range(6):
        FollowUpMessage.objects.create(help_request=long, source="public", text=f"Bericht {i}")
        AnotherSupporterRequest.objects.create(help_request=long, source="public", reason=f"Reden {i}")
    client = login(supporter)
    _page(client, short)  # warm up the session and the caches
    counts = []
    for hr in (short, long):
        with CaptureQueriesContext(connection) as queries:
            _page(client, hr)
        counts.append(len(queries))
    assert counts[0] == counts[1]
