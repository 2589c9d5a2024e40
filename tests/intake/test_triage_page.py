"""The triage page: the coordinator assigns from suggestions, changes urgency, records a request
for another supporter; forged or malformed input changes nothing."""

import pytest

from naast.accounts.models import User
from naast.accounts.roles import Role
from naast.intake.models import UrgencyChange

from .factories import supporter, web_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(f, org):
    return f.user(Role.COORDINATOR, org=org)


def url(hr):
    return f"/staff/queue/{hr.reference}/"


def test_coordinator_assigns_from_suggestions(org, coordinator, login):
    s = supporter(org, first_name="Lotte")
    hr = web_request()
    client = login(coordinator)
    page = client.get(url(hr)).content.decode()
    assert "Lotte" in page and "Voorgestelde ondersteuners" in page
    response = client.post(url(hr), {"action": "assign", "assign-supporters": [s.pk]}, follow=True)
    assert "Toegewezen" in response.content.decode()
    assert hr.assignments.get().supporter == s


def test_forged_supporter_ids_are_refused(f, org, coordinator, login):
    decider = f.user(Role.SUPPORTER, org=org)
    User.objects.filter(pk=decider.pk).update(is_indicatiesteller=True)  # an account from before the rule
    hr = web_request()
    client = login(coordinator)
    for value in [decider.pk, "abc", 999999]:
        response = client.post(url(hr), {"action": "assign", "assign-supporters": [value]})
        assert response.status_code == 200 and "geldige keuze" in response.content.decode()
    assert not hr.assignments.exists()


def test_chosen_supporters_stay_ticked_after_an_error(org, f, login):
    a, b, c = (supporter(org, first_name=n) for n in ("Anouk", "Lotte", "Sem"))
    hr = web_request()
    client = login(f.user(Role.COORDINATOR, org=org))
    page = client.post(f"/staff/queue/{hr.reference}/", {"action": "assign",
                                                         "assign-supporters": [a.pk, b.pk, c.pk]}).content.decode()
    assert "hoogstens twee" in page
    for s in (a, b, c):
        assert f'value="{s.pk}" id="sup-{s.pk}" checked' in page


def test_urgency_change_needs_a_reason(coordinator, login):
    hr = web_request()
    client = login(coordinator)
    response = client.post(url(hr), {"action": "urgency", "urgency-urgency": "urgent", "urgency-reason": ""})
    assert "Dit veld is verplicht" in response.content.decode() and not UrgencyChange.objects.exists()
    client.post(url(hr), {"action": "urgency", "urgency-urgency": "urgent", "urgency-reason": "Brief met termijn"})
    hr.refresh_from_db()
    assert hr.urgency == "urgent"


def test_staff_records_another_supporter_request(org, coordinator, login):
    s = supporter(org)
    hr = web_request()
    client = login(coordinator)
    client.post(url(hr), {"action": "assign", "assign-supporters": [s.pk]})
    client.post(url(hr), {"action": "another", "other-reason": "Klikt niet"})
    hr.refresh_from_db()
    assert hr.status == "received" and not hr.assignments.filter(ended_at__isnull=True).exists()
    assert "Wil andere ondersteuner" in client.get("/staff/queue/").content.decode()


def test_the_staff_form_for_another_supporter_speaks_to_staff(org, f, login):
    from naast.intake import services

    hr = web_request()
    coordinator = f.user(Role.COORDINATOR, org=org)
    services.assign(hr, [supporter(org, first_name="Anouk")], by=coordinator)
    page = login(coordinator).get(f"/staff/queue/{hr.reference}/").content.decode()
    assert "Waarom wil de inwoner een andere ondersteuner?" in page
    assert "Waarom wilt u een andere ondersteuner?" not in page


def test_supporter_sees_the_request_but_cannot_triage(org, login):
    s = supporter(org)
    hr = web_request()
    hr.organisation = org
    hr.save()
    from naast.registry.models import Assignment

    Assignment.objects.create(help_request=hr, supporter=s)
    client = login(s)
    assert "Alleen een coördinator" in client.get(url(hr)).content.decode()
    assert client.post(url(hr), {"action": "urgency", "urgency-urgency": "urgent", "urgency-reason": "x"}).status_code == 403


def test_the_coordinator_sees_a_confirmation_the_mail_server_refused(coordinator, login):
    from django.utils import timezone

    from naast.core.models import OutgoingMail

    hr, other = web_request(), web_request()
    client = login(coordinator)
    assert "mailserver" not in client.get(url(hr)).content.decode()
    OutgoingMail.objects.create(kind="confirmation", reference=hr.reference, to="anna@example.org", subject="s",
                                body="b", attempts=2)
    page = client.get(url(hr)).content.decode()
    assert "De mailserver heeft de bevestiging aan de inwoner (anna@example.org) nog niet aangenomen" in page
    OutgoingMail.objects.update(failed_at=timezone.now(), body="")
    page = client.get(url(hr)).content.decode()
    assert "niet versturen, ook niet na een dag proberen" in page
    assert "anna@example.org" not in client.get(url(other)).content.decode()  # only on its own request
