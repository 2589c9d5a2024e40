"""The awareness pages: readers of reports see the report (suppressed for funders and auditors),
coordinators and administrators keep the waves and the targets."""

from datetime import date

import pytest
from django.urls import reverse

from naast.accounts.roles import Role
from naast.awareness.models import Response, Target, Wave

pytestmark = pytest.mark.django_db
READERS = {Role.FUNDER, Role.AUDITOR, Role.COORDINATOR, Role.ADMIN}
EDITORS = {Role.COORDINATOR, Role.ADMIN}


@pytest.fixture
def wave():
    wave = Wave.objects.create(name="Inwoners 2019", held_on=date(2019, 11, 15), audience="residents")
    Response.objects.bulk_create([Response(wave=wave, respondent=str(i), aware=i < 3, informed_via="krant")
                                  for i in range(40)])
    return wave


def user_with(f, role):
    org = f.organisation("MEE Test") if role in (Role.DESK, Role.SUPPORTER, Role.COORDINATOR) else None
    muni = f.municipality("GM1701", "Westerveld") if role == Role.FUNDER else None
    return f.user(role, org=org, muni=muni)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_what_it_may(role, f, client, wave):
    client.force_login(user_with(f, role))
    for name, args, allowed in [("awareness:report", [], READERS), ("awareness:download", ["csv"], READERS),
                                ("awareness:waves", [], EDITORS), ("awareness:wave_edit", [wave.pk], EDITORS),
                                ("awareness:targets", [], EDITORS)]:
        status = client.get(reverse(name, args=args)).status_code
        assert status == (200 if role in allowed else 403), (name, role, status)


def test_funders_see_small_counts_suppressed_coordinators_see_them(f, client, wave):
    client.force_login(user_with(f, Role.FUNDER))
    page = client.get(reverse("awareness:report")).content.decode()
    assert "Inwoners 2019" in page and "&lt;5" in page
    client.force_login(user_with(f, Role.COORDINATOR))
    page = client.get(reverse("awareness:report")).content.decode()
    assert "&lt;5" not in page and "7,5 %" in page  # 3 of 40
    assert "30 %" in page or "30,0 %" in page  # the seeded target of 2019


def test_a_wave_with_counts_and_a_target(f, client):
    client.force_login(user_with(f, Role.COORDINATOR))
    bad = {"name": "Vindplaatsen 2020", "held_on": "2020-11-01", "audience": "referrers", "sample": "",
           "entered_respondents": "60", "entered_aware": "61"}
    response = client.post(reverse("awareness:waves"), bad)
    assert "Er kennen meer mensen het dan er antwoordden." in response.content.decode()
    assert not Wave.objects.exists()
    response = client.post(reverse("awareness:waves"), {**bad, "entered_aware": "48"}, follow=True)
    assert "Peiling “Vindplaatsen 2020” toegevoegd." in response.content.decode()
    page = client.get(reverse("awareness:report")).content.decode()
    assert "80 %" in page or "80,0 %" in page  # 48 of 60, against the 70 % of 2020
    response = client.post(reverse("awareness:targets"), {"audience": "referrers", "from_date": "2020-01-01",
                                                          "share": "75"})
    assert response.status_code == 200 and Target.objects.get(audience="referrers", from_date="2020-01-01").share == 70
    client.post(reverse("awareness:targets"), {"audience": "referrers", "from_date": "2020-06-01", "share": "85"})
    page = client.get(reverse("awareness:report")).content.decode()
    assert "85 %" in page or "85,0 %" in page


def test_deleting_a_wave_asks_first(f, client, wave):
    client.force_login(user_with(f, Role.ADMIN))
    response = client.post(reverse("awareness:wave_edit", args=[wave.pk]), {"delete": "1"})
    assert "40 antwoorden verwijderen?" in response.content.decode() and Wave.objects.exists()
    client.post(reverse("awareness:wave_edit", args=[wave.pk]), {"delete": "1", "confirm": "1"})
    assert not Wave.objects.exists() and not Response.objects.exists()
