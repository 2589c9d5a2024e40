"""The Django admin as a functional administrator (role "Beheerder") sees it."""

import pytest
from django.utils import translation

from naast.accounts.roles import Role
from naast.organisations.models import Municipality
from naast.taxonomies.models import LifeDomain

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer(f):
    return f.user(Role.ADMIN, username="beheer-test")  # no "staff status": the role is enough


def test_the_admin_role_alone_opens_the_admin(beheer, login):
    assert not beheer.is_staff
    page = login(beheer).get("/admin/")
    assert page.status_code == 200
    assert "Wijzigen" in page.content.decode()  # Django's own word, not "Verandering"


@pytest.mark.parametrize("fields", [{"is_staff": True}, {"is_staff": True, "is_active": False}])
def test_staff_status_without_the_role_does_not(f, client, fields):
    client.force_login(f.user(Role.COORDINATOR, **fields))
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_inactive_administrator_is_kept_out(f, client):
    client.force_login(f.user(Role.ADMIN, is_active=False))
    assert client.get("/admin/").status_code == 302


def test_the_admin_login_page_accepts_the_role_not_staff_status(f, client):
    f.user(Role.ADMIN, username="wim")
    response = client.post("/admin/login/?next=/admin/", {"username": "wim", "password": "Test-password-1234"})
    assert response.status_code == 302
    f.user(Role.SUPPORTER, username="sanne", is_staff=True)
    client.logout()
    response = client.post("/admin/login/?next=/admin/", {"username": "sanne", "password": "Test-password-1234"})
    assert response.status_code == 200 and "Deze pagina is voor beheerders" in response.content.decode()


def test_change_is_wijzigen_in_the_admin_and_verandering_for_a_score():
    with translation.override("nl"):
        assert translation.gettext("Change") == "Wijzigen"
        assert translation.pgettext("difference", "Change") == "Verandering"


def test_delete_pages_never_name_clients_or_help_requests(f, beheer, login, org, muni):
    hr = f.help_request(org=org, municipality=muni, client=f.client("Karin V.", municipality=muni))
    client = login(beheer)
    for url in [f"/admin/organisations/municipality/{muni.pk}/delete/",
                f"/admin/organisations/memberorganisation/{org.pk}/delete/"]:
        page = client.get(url).content.decode()
        assert "Karin" not in page and hr.reference not in page, url
    page = client.get(f"/admin/organisations/memberorganisation/{org.pk}/delete/").content.decode()
    assert "Hulpvragen: 1" in page  # how many, by kind


def test_delete_confirmation_shows_a_summary_of_counts(f, beheer, login):
    muni = Municipality.objects.create(code="GM0001", name="Nergenshuizen")
    page = login(beheer).get(f"/admin/organisations/municipality/{muni.pk}/delete/")
    assert page.status_code == 200
    assert "Samenvatting" in page.content.decode()
    response = login(beheer).post(f"/admin/organisations/municipality/{muni.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Municipality.objects.filter(pk=muni.pk).exists()


def test_reference_data_in_use_cannot_be_deleted_but_renamed(f, beheer, login, org):
    domain = LifeDomain.objects.create(code="test-wonen", name_nl="Wonen (test)", name_en="Housing (test)")
    f.help_request(org=org).life_domains.add(domain)
    client = login(beheer)
    change = client.get(f"/admin/taxonomies/lifedomain/{domain.pk}/change/").content.decode()
    assert f"/admin/taxonomies/lifedomain/{domain.pk}/delete/" not in change  # no delete button
    assert "Nog in gebruik (Hulpvragen: 1)" in change and "Wijzig dan de naam" in change
    assert client.get(f"/admin/taxonomies/lifedomain/{domain.pk}/delete/").status_code == 403
    # Nor through "delete selected" on the list.
    response = client.post("/admin/taxonomies/lifedomain/", {
        "action": "delete_selected", "_selected_action": [domain.pk], "post": "yes"})
    assert LifeDomain.objects.filter(pk=domain.pk).exists()
    assert "nog in gebruik" in response.content.decode()


def test_a_district_in_use_cannot_be_deleted_nor_its_municipality(f, beheer, login, org, muni):
    district = f.district("Diever", muni)
    f.help_request(org=org, district=district)
    client = login(beheer)
    assert client.get(f"/admin/organisations/district/{district.pk}/delete/").status_code == 403
    assert client.get(f"/admin/organisations/municipality/{muni.pk}/delete/").status_code == 403
    unused = f.district("Vledder", muni)
    assert client.get(f"/admin/organisations/district/{unused.pk}/delete/").status_code == 200


def test_partner_keys_two_factor_devices_and_lockouts_are_open_to_the_role(f, beheer, login):
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    colleague = f.user(Role.SUPPORTER)
    device = TOTPDevice.objects.create(user=colleague, name="telefoon", confirmed=True)
    attempt = AccessAttempt.objects.create(username=colleague.username, ip_address="127.0.0.1", user_agent="test",
                                           failures_since_start=5, get_data="", post_data="", http_accept="",
                                           path_info="/staff/login/")
    client = login(beheer)
    assert client.get("/admin/intake/partnerapikey/").status_code == 200
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 200
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200 and device.key not in page.content.decode()  # the secret stays hidden
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    assert client.get("/admin/axes/accessattempt/").status_code == 200
    assert client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_others_get_no_help_desk_admins(f, client):
    client.force_login(f.user(Role.COORDINATOR, is_staff=True))
    for url in ["/admin/otp_totp/totpdevice/", "/admin/axes/accessattempt/", "/admin/intake/partnerapikey/"]:
        assert client.get(url).status_code == 302, url
