"""The service profile and postcode areas as an administrator edits them in the admin."""

from decimal import Decimal

import pytest

from naast.accounts.roles import Role
from naast.organisations.models import PostcodeDistrict, ServiceProfile

pytestmark = pytest.mark.django_db

URL = "/admin/organisations/serviceprofile/1/change/"


@pytest.fixture
def admin_client(f, login):
    return login(f.user(Role.ADMIN))


def _profile_data(**changes):
    data = {"name": "Cliëntondersteuning", "phone": "0522 123 456", "email": "", "website": "",
            "urgent_first_contact_working_days": "3", "regular_first_contact_days": "14",
            "appointment_working_days": "2", "pickup_regular_days": "28", "pickup_urgent_working_days": "3", "guideline_hours": "10",
            "hourly_tariff_eur": "65,00", "stale_after_months": "12"}
    return {**data, **changes}


def test_tariff_takes_a_decimal_comma_and_shows_one(admin_client):
    ServiceProfile.get()
    response = admin_client.post(URL, _profile_data(hourly_tariff_eur="65,50"))
    assert response.status_code == 302
    assert ServiceProfile.objects.get().hourly_tariff_eur == Decimal("65.50")
    page = admin_client.get(URL).content.decode()
    assert 'value="65,50"' in page
    assert "Gewone hulpvraag: de inwoner wordt binnen dit aantal kalenderdagen" in page  # what a norm means


@pytest.mark.parametrize("field, value, message", [
    ("phone", "abc", "Vul een geldig telefoonnummer in"),
    ("regular_first_contact_days", "0", "minstens 1"),
    ("stale_after_months", "0", "minstens 1"),
])
def test_nonsense_is_refused(admin_client, field, value, message):
    ServiceProfile.get()
    response = admin_client.post(URL, _profile_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert getattr(ServiceProfile.objects.get(), field) != value


def test_a_postcode_typed_with_a_space_and_lower_case_is_stored_normalised(f, admin_client):
    district = f.district()
    response = admin_client.post("/admin/organisations/postcodedistrict/add/",
                                 {"postcode": "7971 ab", "district": district.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PostcodeDistrict.objects.get().postcode == "7971AB"
    response = admin_client.post("/admin/organisations/postcodedistrict/add/",
                                 {"postcode": "hallo", "district": district.pk})
    assert "Vul een Nederlandse postcode in" in response.content.decode()
