"""Who may read and fill in a self-test, per role (docs/domain.md §2; the lines of
`naast.conf.access` for the self-test): readers as for the reports, funders their own municipality
only; filled in by the municipality's funders or the functional administrator. Live figures are
suppressed for funders and auditors, exact for coordinators and administrators."""

from datetime import date

import pytest
from django.core.files.base import ContentFile

from naast.accounts.roles import Role
from naast.casework.models import SurveyResponse
from naast.selftest.models import Answer, EvidenceDocument

from .helpers import fill

pytestmark = pytest.mark.django_db

READ = "/staff/zelftest/rapport/?gemeente=GM1701&jaar=2025"
EDIT = "/staff/zelftest/invullen/?gemeente=GM1701&jaar=2025"
DOWNLOAD = "/staff/zelftest/download/json/?gemeente=GM1701&jaar=2025"


@pytest.fixture
def world(f, org, muni, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    other = f.municipality("GM0114", "Emmen")
    fill(muni, 2025, {"policy_plan.describes_support": "yes"})
    answer = Answer.objects.get(question="policy_plan.describes_support")
    document = EvidenceDocument.objects.create(answer=answer, title="Beleidsplan", content_type="text/plain", size=5,
                                               file=ContentFile(b"plan.", name="plan.txt"))
    users = {
        "funder": f.user(Role.FUNDER, muni=muni),
        "indicatiesteller": f.user(Role.FUNDER, muni=muni, is_indicatiesteller=True),
        "funder_other_municipality": f.user(Role.FUNDER, muni=other),
        "funder_without_municipality": f.user(Role.FUNDER),
        "auditor": f.user(Role.AUDITOR),
        "coordinator": f.user(Role.COORDINATOR, org=org),
        "admin": f.user(Role.ADMIN),
        "desk": f.user(Role.DESK, org=org),
        "supporter": f.user(Role.SUPPORTER, org=org),
        "privacy_officer": f.user(Role.PRIVACY_OFFICER),
    }
    return {"users": users, "document": document}


# who: (read the report, download, open the document, fill in)
EXPECTED = {
    "funder": (200, 200, 200, 200),
    "indicatiesteller": (200, 200, 200, 200),
    "funder_other_municipality": (403, 403, 403, 403),
    "funder_without_municipality": (403, 403, 403, 403),
    "auditor": (200, 200, 200, 403),
    "coordinator": (200, 200, 200, 403),
    "admin": (200, 200, 200, 200),
    "desk": (403, 403, 403, 403),
    "supporter": (403, 403, 403, 403),
    "privacy_officer": (403, 403, 403, 403),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_role_gets_what_the_rules_say(who, world, client):
    client.force_login(world["users"][who])
    document = f"/staff/zelftest/document/{world['document'].pk}/"
    got = tuple(client.get(url).status_code for url in (READ, DOWNLOAD, document, EDIT))
    assert got == EXPECTED[who]


def test_anonymous_visitors_are_sent_to_the_login(world, client):
    for url in (READ, EDIT, DOWNLOAD, f"/staff/zelftest/document/{world['document'].pk}/", "/staff/zelftest/"):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"], url


def test_only_those_who_may_fill_in_can_save(world, client):
    for who in ("auditor", "coordinator", "funder_other_municipality"):
        client.force_login(world["users"][who])
        assert client.post(EDIT, {}).status_code == 403
    assert Answer.objects.get(question="policy_plan.describes_support").answer == "yes"


def test_a_funder_sees_only_their_own_municipality_in_the_list(world, client, f):
    fill(f.municipality("GM0114", "Emmen"), 2025, {"policy_plan.describes_support": "no"})
    client.force_login(world["users"]["funder"])
    page = client.get("/staff/zelftest/").content.decode()
    assert "Rapport Westerveld 2025" in page and "Emmen" not in page
    # Without a municipality in the address a funder gets their own.
    assert "Westerveld" in client.get("/staff/zelftest/rapport/?jaar=2025").content.decode()
    client.force_login(world["users"]["auditor"])
    page = client.get("/staff/zelftest/").content.decode()
    assert "Rapport Westerveld 2025" in page and "Rapport Emmen 2025" in page


def test_a_document_of_another_municipality_is_refused_and_an_unknown_one_is_404(world, client):
    client.force_login(world["users"]["funder_other_municipality"])
    assert client.get(f"/staff/zelftest/document/{world['document'].pk}/").status_code == 403
    client.force_login(world["users"]["auditor"])
    assert client.get("/staff/zelftest/document/999999/").status_code == 404
    assert client.get("/staff/zelftest/rapport/?gemeente=GM9999&jaar=2025").status_code == 404
    assert client.get("/staff/zelftest/download/exe/?gemeente=GM1701&jaar=2025").status_code == 403


def test_live_figures_are_suppressed_for_funders_and_exact_for_coordinators(world, client, muni):
    for mark in (7, 8, 9):
        SurveyResponse.objects.create(municipality=muni, answered_in=date(2025, 5, 1), mark=mark, felt_understood=4,
                                      felt_seen=4, fitted_own_question=4)

    def responses(who):
        client.force_login(world["users"][who])
        doc = client.get(DOWNLOAD).json()
        section = next(s for s in doc["sections"] if s["key"] == "evidence_satisfaction")
        return section["figures"]["survey_responses"]["value"], section["figures"]["satisfaction_mean_mark"]["value"]

    assert responses("funder") == ("<5", "×")
    assert responses("auditor") == ("<5", "×")
    assert responses("coordinator") == (3, 8.0)
    assert responses("admin") == (3, 8.0)


def test_pages_are_not_cached(world, client):
    client.force_login(world["users"]["funder"])
    assert "no-store" in client.get(READ)["Cache-Control"]
