"""Staff accounts in the admin, as a functional administrator (not a superuser) sees them."""

import pytest

from naast.accounts.models import SupporterProfile, User
from naast.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer(f):
    return f.user(Role.ADMIN)


def _change_data(user, **extra):
    data = {
        "username": user.username, "is_active": "on", "first_name": "Sanne", "last_name": "de Vries",
        "email": "", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
        "role_grants-TOTAL_FORMS": "0", "role_grants-INITIAL_FORMS": "0",
        "supporter_profile-TOTAL_FORMS": "1", "supporter_profile-INITIAL_FORMS": "1",
        "supporter_profile-0-id": SupporterProfile.objects.get_or_create(user=user)[0].pk,
        "supporter_profile-0-user": user.pk, "supporter_profile-0-contracted_hours_per_week": "24",
        "affiliations-TOTAL_FORMS": "0", "affiliations-INITIAL_FORMS": "0",
    }
    return {**data, **extra}


def _errors(response):
    context = response.context
    return (context["adminform"].form.errors, [fs.formset.errors for fs in context["inline_admin_formsets"]]) if context else ""


def test_languages_are_typed_as_codes_separated_by_commas(f, beheer, login, org):
    sanne = f.user(Role.SUPPORTER, org=org)
    client = login(beheer)
    url = f"/admin/accounts/user/{sanne.pk}/change/"
    response = client.post(url, _change_data(sanne, **{"supporter_profile-0-languages": "nl, AR"}))
    assert response.status_code == 302, _errors(response)
    assert SupporterProfile.objects.get(user=sanne).languages == ["nl", "ar"]
    assert 'value="nl, ar"' in client.get(url).content.decode()


def test_a_wrong_language_code_gets_a_clear_dutch_message(f, beheer, login, org):
    sanne = f.user(Role.SUPPORTER, org=org)
    response = login(beheer).post(f"/admin/accounts/user/{sanne.pk}/change/",
                                  _change_data(sanne, **{"supporter_profile-0-languages": "nl, Arabisch"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vul taalcodes van twee letters in" in page and "arabisch" in page
    assert "Voer een geldige JSON in" not in page


def test_an_administrator_cannot_grant_superuser_or_permissions(f, beheer, login):
    sanne = f.user(Role.SUPPORTER)
    client = login(beheer)
    page = client.get(f"/admin/accounts/user/{sanne.pk}/change/").content.decode()
    for name in ["is_superuser", "user_permissions", "groups", "is_staff"]:
        assert f'name="{name}"' not in page, name
    client.post(f"/admin/accounts/user/{sanne.pk}/change/", _change_data(sanne, is_superuser="on"))
    assert not User.objects.get(pk=sanne.pk).is_superuser


def test_the_add_form_asks_for_name_and_employer_in_dutch(beheer, login, org):
    client = login(beheer)
    page = client.get("/admin/accounts/user/add/").content.decode()
    assert "After you" not in page and "Nadat u de medewerker hebt aangemaakt" in page
    for name in ["first_name", "last_name", "email", "organisation", "municipality"]:
        assert f'name="{name}"' in page, name
    response = client.post("/admin/accounts/user/add/", {
        "username": "nieuw", "usable_password": "true", "password1": "Een-lang-wachtwoord-2026",
        "password2": "Een-lang-wachtwoord-2026", "first_name": "Nina", "last_name": "Nieuw",
        "email": "nina@example.org", "organisation": org.pk, "municipality": ""})
    assert response.status_code == 302, _errors(response)
    nina = User.objects.get(username="nieuw")
    assert (nina.get_full_name(), nina.organisation) == ("Nina Nieuw", org)


def test_the_user_list_shows_roles(f, beheer, login):
    f.user(Role.SUPPORTER, Role.COORDINATOR, username="sanne")
    page = login(beheer).get("/admin/accounts/user/").content.decode()
    assert "Cliëntondersteuner" in page and "Coördinator" in page


def test_users_are_deactivated_not_deleted(f, beheer, login):
    sanne = f.user(Role.SUPPORTER)
    client = login(beheer)
    assert client.get(f"/admin/accounts/user/{sanne.pk}/delete/").status_code == 403
    page = client.get(f"/admin/accounts/user/{sanne.pk}/change/").content.decode()
    assert "Vink dan Actief uit" in page
    assert f"/admin/accounts/user/{sanne.pk}/delete/" not in page


def test_an_administrator_cannot_change_a_superuser(f, beheer, login):
    root = f.user(is_superuser=True)
    assert login(beheer).get(f"/admin/accounts/user/{root.pk}/password/").status_code == 403
