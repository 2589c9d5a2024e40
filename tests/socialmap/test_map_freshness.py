"""Issue 18: a map that stays true — a service nobody checked for too long leaves the public map
(never the staff map) and is listed for follow-up; a provider's confirmation (HSDS
assured_date) counts as a check; the public page says when it was checked."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from naast.accounts.roles import Role
from naast.socialmap.models import Service
from naast.socialmap.search import search_services

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(settings):
    settings.NAAST = {**settings.NAAST, "MAP_HIDE_UNCHECKED_AFTER_MONTHS": 6}
    today = timezone.localdate()
    old = factories.service("Klussendienst Oud", description="Kleine klusjes in huis.")
    fresh = factories.service("Klussendienst Vers", description="Kleine klusjes in huis.")
    assured = factories.service("Klussendienst Bevestigd", description="Kleine klusjes in huis.")
    Service.objects.filter(pk=old.pk).update(last_verified_on=today - dt.timedelta(days=400))
    Service.objects.filter(pk=fresh.pk).update(last_verified_on=today - dt.timedelta(days=20))
    Service.objects.filter(pk=assured.pk).update(last_verified_on=today - dt.timedelta(days=400),
                                                 assured_date=today - dt.timedelta(days=10))
    return old, fresh, assured


def test_a_service_long_unchecked_is_hidden_from_residents_but_not_from_staff(client, services):
    old, fresh, assured = services
    public = [s.name for s in search_services("klusjes").services]
    assert "Klussendienst Oud" not in public
    assert {"Klussendienst Vers", "Klussendienst Bevestigd"} <= set(public)
    assert client.get(reverse("socialmap:detail", args=[old.pk])).status_code == 404
    assert "Klussendienst Oud" in [s.name for s in search_services("klusjes", audience="staff").services]


def test_hiding_can_be_turned_off(settings, services):
    settings.NAAST = {**settings.NAAST, "MAP_HIDE_UNCHECKED_AFTER_MONTHS": 0}
    assert "Klussendienst Oud" in [s.name for s in search_services("klusjes").services]


def test_the_hidden_service_is_listed_for_follow_up(login, f, org, services):
    client = login(f.user(Role.COORDINATOR, org=org))
    html = client.get(reverse("socialmap:todo")).content.decode()
    assert "Klussendienst Oud" in html
    assert "Klussendienst Bevestigd" not in html  # the provider's confirmation counts as a check
    row = html.split("Klussendienst Oud")[1].split("</tr>")[0]
    assert "Verborgen voor inwoners" in row


def test_the_public_page_says_when_it_was_checked(client, services):
    _old, _fresh, assured = services
    html = client.get(reverse("socialmap:detail", args=[assured.pk])).content.decode()
    checked = date_format(timezone.localdate() - dt.timedelta(days=10), "j F Y")  # the provider's confirmation
    assert f"Deze informatie is voor het laatst gecontroleerd op {checked}." in html
