"""What each role is offered must be what that role may do: the social map's "refer" button, the
two-step login page's text, and the audit log's reasons in words."""

import csv
import io

import pytest
from django.utils import timezone

from naast.accounts.roles import Role
from naast.privacy.models import AuditEvent
from tests.socialmap import factories as map_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return map_factories.service("Voedselbank Diever", description="Voedselpakketten")


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


@pytest.mark.parametrize("role", [Role.DESK, Role.SUPPORTER, Role.COORDINATOR])
def test_two_step_page_tells_casework_roles_they_see_personal_data(f, login, org, role):
    html = login(f.user(role, org=org)).get("/staff/account/two-step/").content.decode()
    assert "U ziet persoonlijke gegevens van inwoners." in html


@pytest.mark.parametrize("role", [Role.FUNDER, Role.AUDITOR, Role.ADMIN, Role.PRIVACY_OFFICER])
def test_two_step_page_does_not_claim_personal_data_for_other_roles(f, login, muni, role):
    html = login(f.user(role, muni=muni if role == Role.FUNDER else None)).get("/staff/account/two-step/")
    html = html.content.decode()
    assert "persoonlijke gegevens van inwoners" not in html
    assert "Bescherm uw account met een code uit een authenticator-app op uw telefoon" in html


def _event(reason: str, label: str) -> None:
    AuditEvent.objects.create(at=timezone.now(), username="lotte", roles="coordinator", action="read",
                              object_type="registry.helprequest", object_id="1", object_label=label, reason=reason)


def test_audit_log_shows_reasons_in_words_and_keeps_unknown_reasons(f, login):
    reasons = {"HV-1": "list", "HV-2": "queue", "HV-3": "client look-up", "HV-4": "case meeting",
               "HV-5": "caseload", "HV-6": "possible duplicate", "HV-7": "link returning client",
               "HV-8": "Inwoner kwam terug met dezelfde vraag."}
    for label, reason in reasons.items():
        _event(reason, label)
    officer = login(f.user(Role.PRIVACY_OFFICER))
    html = officer.get("/staff/privacy/audit/").content.decode()
    for words in ("Lijst van hulpvragen", "Wachtrij", "Inwoner opzoeken", "Casusoverleg", "Caseload",
                  "Mogelijk dubbel bij aanmelden", "Terugkerende inwoner koppelen",
                  "Inwoner kwam terug met dezelfde vraag."):
        assert f"<td>{words}</td>" in html
    for code in ("list", "queue", "client look-up", "case meeting", "caseload", "possible duplicate",
                 "link returning client"):
        assert f"<td>{code}</td>" not in html

    officer.post("/i18n/setlang/", {"language": "en", "next": "/staff/"})
    english = officer.get("/staff/privacy/audit/").content.decode()
    assert "<td>Client look-up</td>" in english and "<td>Linking a returning resident</td>" in english


def test_audit_export_keeps_the_reason_code_and_adds_its_label(f, login):
    _event("client look-up", "HV-9")
    _event("een eigen reden", "HV-10")
    officer = login(f.user(Role.PRIVACY_OFFICER))
    response = officer.get("/staff/privacy/audit/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_object = {row["object"]: row for row in rows}
    assert (by_object["HV-9"]["reason"], by_object["HV-9"]["reason_label"]) == ("client look-up", "Inwoner opzoeken")
    assert (by_object["HV-10"]["reason"], by_object["HV-10"]["reason_label"]) == ("een eigen reden", "een eigen reden")
