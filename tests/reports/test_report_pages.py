"""The staff report page and its downloads: who may see what, in which scope."""

import io
import json

import pytest
from openpyxl import load_workbook

from naast.accounts.models import User
from naast.accounts.roles import Role
from naast.registry.choices import Channel, Outcome, Status

from .factories import at

pytestmark = pytest.mark.django_db
URL = "/staff/rapportages/"


@pytest.fixture
def world(f):
    a = f.municipality("GM0001", "Aadorp")
    b = f.municipality("GM0002", "Beekdal")
    org = f.organisation("MEE Test")
    for i in range(7):
        f.help_request(client=f.client(f"C{i}"), municipality=a, org=org, received_at=at(f"2024-02-{i + 1:02d} 10:00"),
                       channel=Channel.PHONE if i else Channel.WEB, status=Status.CLOSED,
                       closed_at=at(f"2024-03-{i + 1:02d} 10:00"), outcome=Outcome.ANSWERED)
    for i in range(3):
        f.help_request(client=f.client(f"B{i}"), municipality=b, org=org, received_at=at(f"2024-04-{i + 1:02d} 10:00"))
    return {"a": a, "b": b, "org": org}


def figure(page: str, key: str) -> str:
    marker = f'data-key="{key}">'
    return page.split(marker, 1)[1].split("<", 1)[0]


def test_funder_sees_their_own_municipality_with_small_numbers_hidden(f, login, world):
    client = login(f.user(Role.FUNDER, muni=world["a"]))
    page = client.get(URL, {"period": "2024"}).content.decode()
    assert "Aadorp" in page
    assert figure(page, "received") == "7"
    assert "&lt;5" in page  # the single web request
    # without choosing, the funder still gets their municipality, never the whole service
    page = client.get(URL, {"period": "2024", "municipality": ""}).content.decode()
    assert figure(page, "received") == "7"


def test_funder_gets_403_on_another_municipality_and_its_downloads(f, login, world):
    client = login(f.user(Role.FUNDER, muni=world["a"]))
    assert client.get(URL, {"period": "2024", "municipality": "GM0002"}).status_code == 403
    for fmt in ("csv", "xlsx", "pdf", "json"):
        response = client.get(f"{URL}download/{fmt}/", {"period": "2024", "municipality": "GM0002"})
        assert response.status_code == 403, fmt


def test_funder_without_a_municipality_sees_nothing(f, login, world):
    assert login(f.user(Role.FUNDER)).get(URL, {"period": "2024"}).status_code == 403


def test_auditor_sees_the_whole_service_suppressed(f, login, world):
    page = login(f.user(Role.AUDITOR)).get(URL, {"period": "2024"}).content.decode()
    assert figure(page, "received") == "10"
    assert "&lt;5" in page


def test_coordinator_sees_exact_numbers(f, login, world, org):
    page = login(f.user(Role.COORDINATOR, org=org)).get(URL, {"period": "2024", "municipality": "GM0002"})
    assert figure(page.content.decode(), "received") == "3"


def test_municipal_staff_never_see_exact_numbers_whatever_role_an_account_holds(f, login, world, org):
    # A coordinator of the municipality, written past the independence rule (accounts.independence).
    wrong = f.user(Role.COORDINATOR, org=org)
    User.objects.filter(pk=wrong.pk).update(organisation=None, municipality=world["b"])
    page = login(wrong).get(URL, {"period": "2024", "municipality": "GM0002"}).content.decode()
    assert figure(page, "received") == "&lt;5"


@pytest.mark.parametrize("role", [Role.SUPPORTER, Role.DESK, Role.PRIVACY_OFFICER])
def test_client_workers_and_privacy_officer_have_no_reports(f, login, world, role, org):
    assert login(f.user(role, org=org)).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_a_wrong_period_is_explained_in_dutch(f, login, world):
    response = login(f.user(Role.AUDITOR)).get(URL, {"period": "2024-Q5"})
    assert response.status_code == 200
    assert "Q1 tot en met Q4" in response.content.decode()


def test_downloads_hold_every_table(f, login, world):
    client = login(f.user(Role.FUNDER, muni=world["a"]))
    query = {"period": "2024", "municipality": "GM0001"}
    data = json.loads(client.get(f"{URL}download/json/", query).content)
    summary = next(s for s in data["sections"] if s["key"] == "summary")
    assert summary["figures"]["received"]["value"] == 7 and data["suppressed"] is True
    channels = {r["code"]: r["requests"] for s in data["sections"] for k, t in s["tables"].items()
                if k == "by_channel" for r in t["rows"]}
    assert channels["web"] == "<5" and channels["phone"] == "×"
    csv_text = client.get(f"{URL}download/csv/", query).content.decode("utf-8-sig")
    assert "by_channel,web,Website-formulier,requests,<5" in csv_text or "by_channel,web," in csv_text
    one = client.get(f"{URL}download/csv/", {**query, "table": "by_urgency"}).content.decode("utf-8-sig")
    assert {line.split(",")[0] for line in one.strip().splitlines()[1:]} == {"by_urgency"}
    workbook = load_workbook(io.BytesIO(client.get(f"{URL}download/xlsx/", query).content))
    assert {"by_channel", "by_life_domain", "timeliness", "hours", "targets"} <= set(workbook.sheetnames)
    pdf = client.get(f"{URL}download/pdf/", query)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_page_has_charts_with_text_alternatives(f, login, world):
    page = login(f.user(Role.AUDITOR)).get(URL, {"period": "2024"}).content.decode()
    assert 'role="img"' in page and "<desc id=" in page and "<table" in page


def test_the_signalling_report_explains_what_it_waits_for(f, login, world):
    page = login(f.user(Role.AUDITOR)).get(URL, {"period": "2024", "kind": "signals"}).content.decode()
    assert "Signaleringsrapportage 2024" in page and "casework" not in page


def test_the_first_visit_explains_what_to_do_before_any_report(f, login, world):
    client = login(f.user(Role.COORDINATOR, org=world["org"]))
    page = client.get("/staff/rapportages/").content.decode()
    assert "Kies een rapportage en een periode" in page and "naast-figure" not in page
    shown = client.get("/staff/rapportages/", {"kind": "monitor", "period": "2024"}).content.decode()
    assert "Kies een rapportage en een periode" not in shown and "naast-figure" in shown
