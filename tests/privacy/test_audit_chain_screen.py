"""The privacy officer's audit screen shows the chain's state from the last stored check (opening it
never walks the chain) and checks it now on request; nobody else may."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from naast.accounts.roles import Role
from naast.privacy import chain, views
from naast.privacy.models import AuditEvent, AuditVerification

pytestmark = pytest.mark.django_db
PAGE, VERIFY = "/staff/privacy/audit/", "/staff/privacy/audit/verify/"


def write(n: int, at=None) -> None:
    chain.append([{"at": at or timezone.now(), "username": "lotte", "roles": "coordinator", "action": "read",
                   "object_type": "registry.helprequest", "object_id": str(i), "object_label": f"HV-{i}",
                   "reason": "list"} for i in range(n)])


def test_the_officer_sees_an_unchecked_chain_checks_it_and_sees_the_result(f, login):
    write(5)
    officer = login(f.user(Role.PRIVACY_OFFICER, username="ahmed"))
    page = officer.get(PAGE).content.decode()
    assert "De hashketen van het logboek is nog niet gecontroleerd." in page
    assert "Nu controleren" in page and "Nog nooit" in page

    response = officer.post(VERIFY, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    html = response.content.decode()
    assert "De keten is intact: 5 regels gecontroleerd." in html
    assert "De keten was intact bij de laatste controle: 5 regels gecontroleerd op" in html and "(ahmed)" in html
    assert f"#5:{AuditEvent.objects.get(seq=5).hash}" in html
    write(2)
    assert "Sindsdien zijn 2 regels toegevoegd." in officer.get(PAGE).content.decode()


def test_the_officer_sees_the_first_broken_row(f, login):
    write(6)
    target = AuditEvent.objects.get(seq=4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_auditevent WHERE id = %s", [target.pk])
    after = AuditEvent.objects.get(seq=5)
    officer = login(f.user(Role.PRIVACY_OFFICER))
    html = officer.post(VERIFY, follow=True).content.decode()
    assert "De hashketen van het logboek is verbroken" in html
    assert "De keten is verbroken." in html
    assert f"Eerste verbroken regel: regel {after.pk} (nummer 5, geschreven" in html
    assert "Er ontbreken regels vóór deze regel." in html and "Nummer 4 werd daar verwacht." in html


def test_opening_the_screen_shows_the_stored_result_without_walking_the_chain(f, login, django_assert_max_num_queries):
    write(30)
    chain.save_result(chain.verify(), by="naast verify-audit")
    officer = login(f.user(Role.PRIVACY_OFFICER))
    officer.get(PAGE)
    with connection.cursor() as cursor:  # a change after the stored check: the page does not re-check
        cursor.execute("UPDATE privacy_auditevent SET reason = 'x' WHERE seq = 3")
    with django_assert_max_num_queries(12):
        html = officer.get(PAGE).content.decode()
    assert "De keten was intact bij de laatste controle: 30 regels" in html and "(naast verify-audit)" in html


def test_the_check_on_the_page_stops_at_its_time_limit_and_says_so(f, login, monkeypatch):
    write(12)
    monkeypatch.setattr(views, "VERIFY_SECONDS", 0)
    monkeypatch.setattr(views, "VERIFY_CHUNK", 5)
    officer = login(f.user(Role.PRIVACY_OFFICER))
    html = officer.post(VERIFY, follow=True).content.decode()
    assert "Geen breuk in de eerste 5 regels" in html
    stored = AuditVerification.objects.get()
    assert (stored.ok, stored.complete, stored.rows) == (True, False, 5)


def test_the_screen_shows_the_last_checkpoint(f, login):
    now = timezone.now()
    write(3, now - timedelta(days=8 * 365))
    write(2, now)
    chain.prune(years=7, by="naast prune-audit (beheer)")
    html = login(f.user(Role.PRIVACY_OFFICER)).get(PAGE).content.decode()
    assert "Tot en met nummer 3: 3 regels ouder dan" in html and "(naast prune-audit (beheer))" in html
    assert "Bewaartermijn" in html and "7 jaar" in html
    assert "2 (nummers 4–5)" in html


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.SUPPORTER, Role.DESK, Role.FUNDER, Role.AUDITOR, Role.ADMIN])
def test_only_the_privacy_officer_may_check(f, login, role, org):
    write(2)
    client = login(f.user(role, org=org if role in (Role.COORDINATOR, Role.SUPPORTER, Role.DESK) else None))
    assert client.post(VERIFY).status_code == 403
    assert client.get(PAGE).status_code == 403
    assert not AuditVerification.objects.exists()


def test_anonymous_visitors_go_to_the_login_page_and_a_get_is_refused(client, f, login):
    response = client.post(VERIFY)
    assert response.status_code == 302 and "login" in response["Location"]
    assert login(f.user(Role.PRIVACY_OFFICER)).get(VERIFY).status_code == 405
    assert not AuditVerification.objects.exists()


def test_a_broken_chain_is_the_first_thing_on_the_officers_overview(f, login):
    write(3)
    officer = login(f.user(Role.PRIVACY_OFFICER))
    chain.save_result(chain.verify(), by="naast verify-audit")
    assert "De hashketen van het logboek is verbroken" not in officer.get("/staff/").content.decode()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_auditevent WHERE seq = 2")
    chain.save_result(chain.verify(), by="naast verify-audit")
    html = officer.get("/staff/").content.decode()
    assert "De hashketen van het logboek is verbroken" in html and "/staff/privacy/audit/#chain-heading" in html
