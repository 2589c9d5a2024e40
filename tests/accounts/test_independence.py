"""An indicatiesteller (who decides on provisions) can never be a client supporter."""

import pytest
from django.core.exceptions import ValidationError

from naast.accounts.models import RoleGrant
from naast.accounts.roles import Role
from naast.accounts.services import grant_role, mark_indicatiesteller

pytestmark = pytest.mark.django_db


def test_service_refuses_supporter_role_for_indicatiesteller(f, muni):
    consultant = f.user(muni=muni, is_indicatiesteller=True)
    with pytest.raises(ValidationError) as excinfo:
        grant_role(consultant, Role.SUPPORTER)
    assert "indicatiesteller" in str(excinfo.value)
    assert not consultant.role_grants.exists()


def test_model_refuses_supporter_grant_on_any_path(f, muni):
    consultant = f.user(muni=muni, is_indicatiesteller=True)
    with pytest.raises(ValidationError):
        RoleGrant.objects.create(user=consultant, role=Role.SUPPORTER)
    assert not RoleGrant.objects.filter(user=consultant).exists()


def test_supporter_cannot_be_flagged_indicatiesteller(f, org):
    supporter = f.user(Role.SUPPORTER, org=org)
    with pytest.raises(ValidationError):
        mark_indicatiesteller(supporter)
    supporter.is_indicatiesteller = True
    with pytest.raises(ValidationError):
        supporter.save()
    supporter.refresh_from_db()
    assert supporter.is_indicatiesteller is False


def test_indicatiesteller_may_hold_other_roles(f, muni):
    consultant = f.user(muni=muni, is_indicatiesteller=True)
    grant_role(consultant, Role.FUNDER)
    assert consultant.has_role(Role.FUNDER)


def test_admin_form_shows_the_rule(f, login, muni):
    admin = f.user(Role.ADMIN, is_staff=True)
    consultant = f.user(muni=muni, is_indicatiesteller=True)
    client = login(admin)
    url = f"/admin/accounts/user/{consultant.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "username": consultant.username, "is_active": "on", "is_indicatiesteller": "on",
        "municipality": muni.pk, "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
        "role_grants-TOTAL_FORMS": "1", "role_grants-INITIAL_FORMS": "0",
        "role_grants-0-role": Role.SUPPORTER, "role_grants-0-user": consultant.pk,
        "supporter_profile-TOTAL_FORMS": "0", "supporter_profile-INITIAL_FORMS": "0",
        "affiliations-TOTAL_FORMS": "0", "affiliations-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the form is shown again with the error
    assert "indicatiesteller" in response.content.decode()
    assert not RoleGrant.objects.filter(user=consultant).exists()
