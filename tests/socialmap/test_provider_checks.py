"""Issue 18: providers keep the map true — a batch of check e-mails through the outbox, a
personal link without an account, confirmations as HSDS assured_date, corrections that wait
for a coordinator and then land in the service history."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from naast.accounts.roles import Role
from naast.core.models import OutgoingMail
from naast.socialmap import verification
from naast.socialmap.models import Organization, ProviderCheck, Service, ServiceChange, ServiceCorrection
from naast.socialmap.search import search_services

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    org = Organization.objects.create(name="Stichting Klus", email="info@klus.example")
    old = timezone.localdate() - dt.timedelta(days=500)
    a = factories.service("Klussendienst", description="Kleine klusjes in huis.")
    b = factories.service("Tuinhulp", description="Hulp in de tuin.")
    Service.objects.filter(pk__in=[a.pk, b.pk]).update(organization=org, last_verified_on=old)
    Organization.objects.create(name="Zonder e-mail")
    return org, a, b


def _link(mail) -> str:
    return re.search(r"https?://\S+/kaart/controleren/\S+/", mail.body).group(0)


def test_each_organisation_due_gets_one_mail_with_a_personal_link(provider, capsys):
    call_command("request-map-checks")
    mails = list(OutgoingMail.objects.filter(kind="map_check"))
    assert [m.to for m in mails] == ["info@klus.example"]
    assert "Klussendienst" in mails[0].body and "Tuinhulp" in mails[0].body
    token = _link(mails[0]).rstrip("/").rsplit("/", 1)[1]
    assert not ProviderCheck.objects.filter(token_digest=token).exists()  # only its digest is kept
    call_command("request-map-checks")  # not again while the first is open
    assert OutgoingMail.objects.filter(kind="map_check").count() == 1


def test_the_provider_confirms_one_and_corrects_another_without_an_account(provider, client, login, f, org):
    _org, klus, tuin = provider
    verification.request_checks()
    path = "/" + _link(OutgoingMail.objects.get(kind="map_check")).split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200 and "Tuinhulp" in page.content.decode()
    data = {}
    for s in (klus, tuin):
        for field in ServiceCorrection.FIELDS:
            data[f"{s.pk.hex}-{field}"] = getattr(s, field)
    data[f"{tuin.pk.hex}-description"] = "Hulp in de tuin, ook snoeien van bomen."
    done = client.post(path, data)
    assert done.status_code == 200
    klus.refresh_from_db()
    assert klus.assured_date == timezone.localdate() and klus.assurer_email == "info@klus.example"
    assert ServiceChange.objects.filter(service=klus, kind="verified").exists()
    tuin.refresh_from_db()
    assert tuin.description == "Hulp in de tuin."  # waits for approval
    assert client.get(path).status_code == 404  # the link is used up

    coordinator = login(f.user(Role.COORDINATOR, org=org))
    listing = coordinator.get(reverse("socialmap:corrections")).content.decode()
    assert "ook snoeien van bomen" in listing
    assert "persoonlijke link" in listing and "request-map-checks" not in listing  # no operator command for a coordinator
    correction = ServiceCorrection.objects.get(service=tuin)
    coordinator.post(reverse("socialmap:corrections"), {"correction": correction.pk, "action": "approve"})
    tuin.refresh_from_db()
    assert tuin.description == "Hulp in de tuin, ook snoeien van bomen."
    assert ServiceChange.objects.filter(service=tuin, kind="updated").exists()
    assert "Tuinhulp" in [s.name for s in search_services("snoeien").services]


def test_a_wrong_or_expired_link_shows_nothing(provider, client):
    assert client.get("/kaart/controleren/verkeerd/").status_code == 404
    verification.request_checks()
    path = "/" + _link(OutgoingMail.objects.get(kind="map_check")).split("/", 3)[3]
    ProviderCheck.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert client.get(path).status_code == 404


def test_an_invalid_correction_is_answered_and_nothing_is_written(provider, client):
    _org, klus, tuin = provider
    verification.request_checks()
    path = "/" + _link(OutgoingMail.objects.get(kind="map_check")).split("/", 3)[3]
    data = {f"{s.pk.hex}-{field}": getattr(s, field) for s in (klus, tuin) for field in ServiceCorrection.FIELDS}
    data[f"{klus.pk.hex}-email"] = "geen e-mailadres"
    response = client.post(path, data)
    assert response.status_code == 200
    assert ServiceCorrection.objects.count() == 0
    assert Service.objects.get(pk=klus.pk).assured_date is None
    assert ProviderCheck.objects.get().answered_at is None


def test_a_coordinator_rejects_a_correction_and_odd_posts_get_no_error(provider, login, f, org):
    _org, klus, _tuin = provider
    correction = ServiceCorrection.objects.create(service=klus, proposed={"name": "Klussendienst XL"})
    coordinator = login(f.user(Role.COORDINATOR, org=org))
    assert coordinator.post(reverse("socialmap:corrections"), {"correction": "abc", "action": "approve"}).status_code == 404
    coordinator.post(reverse("socialmap:corrections"), {"correction": correction.pk, "action": "reject"})
    correction.refresh_from_db()
    assert correction.state == "rejected"
    assert Service.objects.get(pk=klus.pk).name == "Klussendienst"
    supporter = login(f.user(Role.SUPPORTER, org=org))
    assert supporter.get(reverse("socialmap:corrections")).status_code == 403


def test_a_note_with_only_confirmations_reaches_the_coordinator(provider, client, login, f, org):
    """A provider confirms every service and writes "we move in March": the note is not lost."""
    _org, klus, tuin = provider
    verification.request_checks()
    path = "/" + _link(OutgoingMail.objects.get(kind="map_check")).split("/", 3)[3]
    data = {f"{s.pk.hex}-{field}": getattr(s, field) for s in (klus, tuin) for field in ServiceCorrection.FIELDS}
    client.post(path, {**data, "note": "Per 1 maart verhuizen we naar de Dorpsstraat 4."})
    assert {s.assured_date for s in Service.objects.filter(pk__in=[klus.pk, tuin.pk])} == {timezone.localdate()}

    coordinator = login(f.user(Role.COORDINATOR, org=org))
    listing = coordinator.get(reverse("socialmap:corrections")).content.decode()
    assert "Per 1 maart verhuizen we naar de Dorpsstraat 4." in listing
    assert "Geen wijzigingen voorgesteld" in listing and "Gelezen, van de lijst halen" in listing
    note = ServiceCorrection.objects.get()
    done = coordinator.post(reverse("socialmap:corrections"), {"correction": note.pk, "action": "approve"}, follow=True)
    assert "De opmerking is van de lijst gehaald." in done.content.decode()
    assert "Dorpsstraat" not in coordinator.get(reverse("socialmap:corrections")).content.decode()
    assert Service.objects.get(pk=klus.pk).name == "Klussendienst"  # nothing changed on the map
    assert not ServiceChange.objects.filter(kind="updated").exists()  # and no empty change in the history


def test_confirming_without_a_note_leaves_nothing_to_read(provider, client):
    _org, klus, tuin = provider
    verification.request_checks()
    path = "/" + _link(OutgoingMail.objects.get(kind="map_check")).split("/", 3)[3]
    data = {f"{s.pk.hex}-{field}": getattr(s, field) for s in (klus, tuin) for field in ServiceCorrection.FIELDS}
    client.post(path, {**data, "note": "   "})
    assert not ServiceCorrection.objects.exists()
