"""Independence of client support (Wmo 2015): nobody who works for a municipality or decides on
provisions (indicatiesteller) holds a role that sees client data: desk, supporter or coordinator.
One rule (`naast.accounts.independence`) that every writer asks; the need-to-know policy asks it
again, and `naast check` names accounts that are wrong anyway."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from naast.accounts.models import RoleGrant, User
from naast.accounts.roles import CASEWORK_ROLES, Role
from naast.accounts.services import grant_role, mark_indicatiesteller
from naast.intake import services as intake_services
from naast.privacy import policy

pytestmark = pytest.mark.django_db

CLIENT_DATA_ROLES = sorted(CASEWORK_ROLES)


@pytest.fixture
def consultant(f, muni):
    """A Wmo consultant of the municipality: decides on provisions."""
    return f.user(muni=muni, is_indicatiesteller=True, username="wmo.consulent", first_name="Petra",
                  last_name="Visser")


@pytest.fixture
def policy_officer(f, muni):
    """Municipal staff without the flag: a funder (a policy officer of the municipality)."""
    return f.user(Role.FUNDER, muni=muni, username="beleid.gemeente", first_name="Joost", last_name="Kramer")


@pytest.mark.parametrize("role", CLIENT_DATA_ROLES)
def test_service_refuses_every_client_data_role_to_an_indicatiesteller(consultant, role):
    with pytest.raises(ValidationError) as excinfo:
        grant_role(consultant, role)
    assert "Wmo 2015" in str(excinfo.value) and "indicatiesteller" in str(excinfo.value)
    assert not consultant.role_grants.exists()


@pytest.mark.parametrize("role", CLIENT_DATA_ROLES)
def test_service_refuses_every_client_data_role_to_municipal_staff(policy_officer, role):
    with pytest.raises(ValidationError, match="onafhankelijk"):
        grant_role(policy_officer, role)
    assert set(policy_officer.role_grants.values_list("role", flat=True)) == {Role.FUNDER}


@pytest.mark.parametrize("role", CLIENT_DATA_ROLES)
def test_model_refuses_the_grant_on_any_path(consultant, role):
    with pytest.raises(ValidationError):
        RoleGrant.objects.create(user=consultant, role=role)
    assert not RoleGrant.objects.filter(user=consultant).exists()


def test_the_stored_account_counts_not_only_the_callers_copy(f, org, muni):
    colleague = f.user(org=org)
    User.objects.filter(pk=colleague.pk).update(organisation=None, municipality=muni)  # moved meanwhile
    with pytest.raises(ValidationError):
        grant_role(colleague, Role.COORDINATOR)
    assert not colleague.role_grants.exists()


@pytest.mark.parametrize("role", CLIENT_DATA_ROLES)
def test_a_holder_of_a_client_data_role_cannot_become_municipal_staff(f, org, muni, role):
    member = f.user(role, org=org)
    with pytest.raises(ValidationError):
        mark_indicatiesteller(member)
    member.refresh_from_db()
    assert member.is_indicatiesteller is False
    member.organisation, member.municipality = None, muni
    with pytest.raises(ValidationError):
        member.save()
    member.refresh_from_db()
    assert member.municipality_id is None


def test_municipal_staff_may_hold_the_other_roles(consultant):
    for role in (Role.FUNDER, Role.AUDITOR, Role.PRIVACY_OFFICER, Role.ADMIN):
        grant_role(consultant, role)
    consultant = User.objects.get(pk=consultant.pk)
    assert consultant.has_role(Role.FUNDER) and not policy.sees_client_data(consultant)


def test_municipal_staff_are_never_assignable(f, org, muni):
    regular = f.user(Role.SUPPORTER, org=org)
    moved = f.user(Role.SUPPORTER, org=org)
    User.objects.filter(pk=moved.pk).update(organisation=None, municipality=muni)  # past the rules
    assert list(intake_services.assignable_supporters()) == [regular]


# --- the admin -------------------------------------------------------------------------------------
def _admin_data(user, **extra):
    data = {
        "username": user.username, "is_active": "on", "first_name": user.first_name, "last_name": user.last_name,
        "email": "", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
        "municipality": user.municipality_id or "", "organisation": user.organisation_id or "",
        "role_grants-TOTAL_FORMS": "0", "role_grants-INITIAL_FORMS": "0",
        "supporter_profile-TOTAL_FORMS": "0", "supporter_profile-INITIAL_FORMS": "0",
        "affiliations-TOTAL_FORMS": "0", "affiliations-INITIAL_FORMS": "0",
    }
    if user.is_indicatiesteller:
        data["is_indicatiesteller"] = "on"
    return {**data, **extra}


def _grants(user):
    grants = list(user.role_grants.order_by("pk"))
    data = {"role_grants-TOTAL_FORMS": str(len(grants)), "role_grants-INITIAL_FORMS": str(len(grants))}
    for i, grant in enumerate(grants):
        data.update({f"role_grants-{i}-id": grant.pk, f"role_grants-{i}-user": user.pk,
                     f"role_grants-{i}-role": grant.role})
    return data


@pytest.fixture
def beheer(f):
    return f.user(Role.ADMIN)


@pytest.mark.parametrize("role", CLIENT_DATA_ROLES)
def test_admin_refuses_a_client_data_role_for_municipal_staff_and_says_why(beheer, login, consultant,
                                                                           policy_officer, role):
    client = login(beheer)
    for person in (consultant, policy_officer):
        grants = _grants(person)
        n = int(grants["role_grants-TOTAL_FORMS"])
        grants.update({"role_grants-TOTAL_FORMS": str(n + 1), f"role_grants-{n}-role": role,
                       f"role_grants-{n}-user": person.pk})
        data = _admin_data(person, **grants)
        response = client.post(f"/admin/accounts/user/{person.pk}/change/", data)
        page = response.content.decode()
        assert response.status_code == 200  # the form again, with the reason
        assert "Cliëntondersteuning moet onafhankelijk zijn van de gemeente (Wmo 2015)" in page
        assert not RoleGrant.objects.filter(user=person, role=role).exists()


def test_admin_refuses_to_make_a_coordinator_municipal_staff(beheer, login, f, org, muni):
    coordinator = f.user(Role.COORDINATOR, org=org)
    client = login(beheer)
    url = f"/admin/accounts/user/{coordinator.pk}/change/"
    response = client.post(url, _admin_data(coordinator, **_grants(coordinator), organisation="",
                                            municipality=muni.pk))
    assert response.status_code == 200 and "Wmo 2015" in response.content.decode()
    response = client.post(url, _admin_data(coordinator, **_grants(coordinator), is_indicatiesteller="on"))
    assert response.status_code == 200 and "Wmo 2015" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.municipality_id is None and not coordinator.is_indicatiesteller


# --- an account that is wrong anyway ---------------------------------------------------------------
@pytest.fixture
def wrong_coordinator(f, muni):
    """A coordinator who is (also) a Wmo consultant: written past every rule, as an old database or a
    queryset update would have it."""
    user = f.user(muni=muni, username="wmo.coordinator", first_name="Petra", last_name="Visser",
                  email="petra@gemeente.example")
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in CLIENT_DATA_ROLES])
    User.objects.filter(pk=user.pk).update(is_indicatiesteller=True)
    return User.objects.get(pk=user.pk)


def test_naast_check_names_the_wrong_account_without_personal_data(wrong_coordinator, f, org):
    f.user(Role.COORDINATOR, org=org, username="goede.coordinator")
    out, err = StringIO(), StringIO()
    call_command("check", stdout=out, stderr=err)
    report = out.getvalue() + err.getvalue()
    assert "accounts.W001" in report and "'wmo.coordinator'" in report
    assert "HINT" in report and "/admin/" in report
    assert "goede.coordinator" not in report
    for personal in ("Petra", "Visser", "petra@gemeente.example"):
        assert personal not in report


def test_the_wrong_account_sees_no_client_data(wrong_coordinator, login, f, org, muni):
    hr = f.help_request(municipality=muni, supporter=wrong_coordinator, status="assigned")
    resident = hr.client
    client = login(wrong_coordinator)
    for url in ("/staff/queue/", f"/staff/queue/{hr.reference}/", "/staff/intake/",
                f"/staff/intake/?q={resident.display_name}", f"/staff/dossier/{hr.reference}/",
                f"/staff/requests/{hr.reference}/", "/staff/requests/", "/staff/dossier/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert resident.display_name not in response.content.decode(), url
    assert not policy.visible_help_requests(wrong_coordinator).exists()
    assert not policy.visible_clients(wrong_coordinator).exists()


def test_the_wrong_account_can_be_corrected_in_the_admin(wrong_coordinator, beheer, login):
    data = _admin_data(wrong_coordinator, **_grants(wrong_coordinator))
    for i in range(len(CLIENT_DATA_ROLES)):
        data[f"role_grants-{i}-DELETE"] = "on"
    response = login(beheer).post(f"/admin/accounts/user/{wrong_coordinator.pk}/change/", data)
    assert response.status_code == 302
    assert not wrong_coordinator.role_grants.exists()
    out, err = StringIO(), StringIO()
    call_command("check", stdout=out, stderr=err)
    assert "accounts.W001" not in out.getvalue() + err.getvalue()
