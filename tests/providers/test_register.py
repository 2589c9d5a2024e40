"""The register's one writer keeps a history; the overview as of a past date is rebuilt from it;
`naast report --kind providers` shows the same."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from naast.accounts.roles import Role
from naast.providers import services
from naast.providers.models import Provision, ProvisionChange, Region
from naast.providers.selectors import overview

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=AMS)


@pytest.fixture
def region(f):
    region = Region.objects.create(name="Drenthe")
    for code, name in [("GM0119", "Meppel"), ("GM0106", "Assen"), ("GM1680", "Aa en Hunze")]:
        services.register_municipality(code, name, region=region)
    return region


def test_a_change_is_recorded_with_who_when_and_what(f, region):
    user = f.user(Role.COORDINATOR, org=f.organisation(), username="coord")
    meppel = region.municipalities.get(code="GM0119")
    assert services.upsert(meppel, {"provider": "MEE", "provider_type": "client_support", "parent_group": "",
                                    "parent_provides_care": False, "phone": "0522 123 456"}, by=user) == "created"
    provision = Provision.objects.get()
    provision.provider_type = "care_provider"
    assert services.save_provision(provision, by=user) == "updated"
    assert services.save_provision(provision, by=user) == "unchanged"
    change = ProvisionChange.objects.first()
    assert (change.action, change.changed_by_name) == ("changed", "coord")
    assert "Zorgaanbieder" in change.summary or "Care provider" in change.summary
    services.remove_provision(provision, by=user)
    assert not Provision.objects.exists()
    assert list(ProvisionChange.objects.values_list("action", flat=True)) == ["removed", "changed", "added"]


def test_the_overview_as_of_a_past_date(f, region):
    meppel = region.municipalities.get(code="GM0119")
    assen = region.municipalities.get(code="GM0106")
    base = {"parent_group": "", "parent_provides_care": False, "phone": ""}
    services.upsert(meppel, {**base, "provider": "MEE", "provider_type": "client_support"}, at=at("2025-01-10 09:00"))
    services.upsert(assen, {**base, "provider": "MEE", "provider_type": "client_support"}, at=at("2025-01-10 09:00"))
    services.upsert(meppel, {**base, "provider": "Noorderboog", "provider_type": "care_provider"},
                    at=at("2025-03-01 12:00"))
    services.remove_provision(Provision.objects.get(provider="Noorderboog"), at=at("2025-06-01 08:00"))

    def flags(day):
        return {r.name: (r.flagged, [e.provider for _pk, e in r.entries]) for r in overview(region, as_of=day)}

    assert flags(date(2025, 1, 9)) == {"Aa en Hunze": (False, []), "Assen": (False, []), "Meppel": (False, [])}
    assert flags(date(2025, 3, 1))["Meppel"] == (True, ["MEE", "Noorderboog"])  # the day itself counts
    assert flags(date(2025, 2, 28))["Meppel"] == (False, ["MEE"])
    assert flags(date(2025, 6, 1))["Meppel"] == (False, ["MEE"])
    assert flags(None)["Meppel"] == (False, ["MEE"])


def test_report_kind_providers_as_json_csv_and_pdf(f, region, tmp_path):
    meppel = region.municipalities.get(code="GM0119")
    services.upsert(meppel, {"provider": "Noorderboog", "provider_type": "care_provider", "parent_group": "",
                             "parent_provides_care": False, "phone": "0522 123 456"}, at=at("2025-03-01 12:00"))
    services.upsert(meppel, {"provider": "MEE", "provider_type": "client_support", "parent_group": "",
                             "parent_provides_care": False, "phone": "0522 123 456"}, at=at("2025-03-01 12:00"))
    out = tmp_path / "p.json"
    call_command("report", kind="providers", period="2025-03-01..2025-03-31", format="json", output=str(out))
    data = json.loads(out.read_text())
    assert data["kind"] == "providers"
    register = data["sections"][0]
    assert register["figures"]["flagged_municipalities"]["value"] == 1
    assert register["figures"]["as_of"]["value"] == "2025-03-31"
    (row,) = register["tables"]["municipalities"]["rows"]
    assert (row["code"], row["providers"], row["access_routes"], row["flagged"]) == ("GM0119", 2, 1, True)
    assert "Noorderboog is een zorgaanbieder" in row["explanation"]
    providers = register["tables"]["providers"]["rows"]
    assert [(p["provider"], bool(p["flag_reasons"])) for p in providers] == [("MEE", False), ("Noorderboog", True)]
    f.municipality("GM0119", "Meppel")  # a municipality the service serves: --municipality narrows to it
    call_command("report", kind="providers", period="2025-03-01..2025-03-31", municipality="GM0119", format="json",
                 output=str(out))
    assert [r["code"] for r in json.loads(out.read_text())["sections"][0]["tables"]["municipalities"]["rows"]] == [
        "GM0119"]
    call_command("report", kind="providers", period="2024", format="json", output=str(out))
    assert json.loads(out.read_text())["sections"][0]["figures"]["municipalities"]["value"] == 0  # before it existed
    for fmt in ("csv", "pdf", "html", "xlsx"):
        path = tmp_path / f"p.{fmt}"
        call_command("report", kind="providers", period="2025", format=fmt, output=str(path))
        assert path.stat().st_size > 100
    assert "Noorderboog" in (tmp_path / "p.csv").read_text(encoding="utf-8-sig")
    from pypdf import PdfReader

    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(tmp_path / "p.pdf").pages)
    assert "Register van aanbieders van cliëntondersteuning" in text and "Noorderboog is een zorgaanbieder" in text
