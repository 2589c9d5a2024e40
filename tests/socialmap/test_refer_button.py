"""The professional map's "Verwijs door" (refer) button: offered to the roles that refer, where it
works, and to no other role, for whom it would end in a 403."""

import pytest

from naast.accounts.roles import Role

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return factories.service("Voedselbank Diever", description="Voedselpakketten")


@pytest.mark.parametrize("role", [Role.SUPPORTER, Role.COORDINATOR])
def test_those_who_refer_see_the_refer_button_and_it_works(f, login, org, service, role):
    client = login(f.user(role, org=org))
    html = client.get(f"/staff/kaart/{service.pk}/").content.decode()
    assert f'href="/staff/dossier/verwijzen/?service={service.pk}">Verwijs door</a>' in html
    assert client.get(f"/staff/dossier/verwijzen/?service={service.pk}").status_code == 200


@pytest.mark.parametrize("role", [Role.DESK, Role.FUNDER, Role.AUDITOR, Role.PRIVACY_OFFICER, Role.ADMIN])
def test_others_do_not_get_a_refer_button_that_ends_in_403(f, login, org, muni, service, role):
    user = f.user(role, org=org if role == Role.DESK else None, muni=muni if role == Role.FUNDER else None,
                  is_staff=role == Role.ADMIN)
    html = login(user).get(f"/staff/kaart/{service.pk}/").content.decode()
    assert "Voedselbank Diever" in html
    assert "Verwijs door" not in html and "/staff/dossier/verwijzen/" not in html
