"""`naast import-requests` and `naast import-funding`: all or nothing, line-numbered, idempotent."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from naast.registry.models import Client, HelpRequest
from naast.reports.importing import client_key_hash
from naast.reports.models import FundingAgreement

pytestmark = pytest.mark.django_db

HEADER = ("reference,client_key,municipality_code,organisation,received_on,channel,referrer,urgency,life_domains,"
          "target_group,first_contact_on,closed_on,outcome,minutes_spent\n")


@pytest.fixture
def places(f):
    return f.municipality("GM1701", "Westerveld"), f.organisation("MEE Drenthe")


def write(tmp_path, text, name="requests.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_valid_file_is_imported_with_hashed_client_keys(places, tmp_path, capsys):
    path = write(tmp_path, HEADER
                 + 'OLD-1,K-001,GM1701,MEE Drenthe,2019-03-04,phone,gp,urgent,"housing;care",,2019-03-05,2019-04-01,answered,90\n'
                 + "OLD-2,K-001,gm1701,mee drenthe,15-06-2019,,,,,,,,,\n"
                 + "OLD-3,K-002,GM1701,MEE Drenthe,2019-07-01,web,self,regular,wellbeing,,,2019-07-01,no_contact,0\n")
    call_command("import-requests", path)
    assert "3 created" in capsys.readouterr().out or HelpRequest.objects.count() == 3
    first = HelpRequest.objects.get(reference="OLD-1")
    assert first.status == "closed" and first.minutes_spent == 90 and first.urgency == "urgent"
    assert sorted(first.life_domains.values_list("code", flat=True)) == ["care", "housing"]
    assert first.first_contact_at <= first.first_contact_due  # contact the next day: on time
    second = HelpRequest.objects.get(reference="OLD-2")
    assert second.client_id == first.client_id and second.status == "received"
    assert Client.objects.count() == 2
    client = Client.objects.get(pk=first.client_id)
    assert client.external_key_hash == client_key_hash("K-001") and "K-001" not in client.display_name


def test_importing_the_same_file_twice_changes_nothing(places, tmp_path):
    path = write(tmp_path, HEADER + "OLD-1,K-001,GM1701,MEE Drenthe,2019-03-04,phone,,,housing,,,,,30\n")
    call_command("import-requests", path)
    call_command("import-requests", path)
    assert HelpRequest.objects.count() == 1 and Client.objects.count() == 1
    write(tmp_path, HEADER + "OLD-1,K-001,GM1701,MEE Drenthe,2019-03-04,phone,,,housing;care,,,,,45\n")
    call_command("import-requests", path)
    hr = HelpRequest.objects.get()
    assert hr.minutes_spent == 45 and hr.life_domains.count() == 2


def test_a_malformed_file_is_rejected_with_line_numbers_and_writes_nothing(places, tmp_path):
    path = write(tmp_path, HEADER
                 + "OLD-1,K-001,GM1701,MEE Drenthe,2019-03-04,phone,,,,,,,,\n"
                 + "OLD-2,K-002,GM1701,MEE Drenthe,2019-13-45,phone,,,,,,,,\n"
                 + "OLD-3,K-003,GM9999,MEE Drenthe,2019-03-04,phone,,,,,,,,\n"
                 + "OLD-1,K-004,GM1701,MEE Drenthe,2019-03-05,phone,,,,,,,,\n"
                 + "OLD-5,K-005,GM1701,MEE Drenthe,2019-03-05,fax,,,,,,,,\n")
    with pytest.raises(CommandError) as error:
        call_command("import-requests", path)
    message = str(error.value)
    assert "Regel 3" in message and "received_on" in message  # bad date
    assert "Regel 4" in message and "GM9999" in message  # unknown municipality
    assert "Regel 5" in message and "regel 2" in message  # duplicate reference
    assert "Regel 6" in message and "fax" in message  # unknown channel code
    assert not HelpRequest.objects.exists() and not Client.objects.exists()


def test_xlsx_files_are_read_too(places, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["reference", "client_key", "municipality_code", "organisation", "received_on"])
    from datetime import datetime
    sheet.append(["X-1", "abc", "GM1701", "MEE Drenthe", datetime(2018, 5, 1)])
    path = tmp_path / "old.xlsx"
    workbook.save(path)
    call_command("import-requests", str(path))
    assert HelpRequest.objects.get(reference="X-1").received_at.year == 2018


def test_missing_required_columns_are_named(places, tmp_path):
    path = write(tmp_path, "reference,municipality_code\nA,GM1701\n")
    with pytest.raises(CommandError, match="client_key"):
        call_command("import-requests", path)


def test_funding_import_creates_and_updates(places, tmp_path):
    header = ("municipality_code,organisation,year,amount_eur,target_unique_clients,target_answered_requests,"
              "target_satisfaction,execution_hours,coordination_hours\n")
    path = write(tmp_path, header + "GM1701,MEE Drenthe,2024,\"125.000,50\",1200,5000,\"7,0\",800,300\n", "f.csv")
    call_command("import-funding", path)
    agreement = FundingAgreement.objects.get()
    assert agreement.amount_eur == Decimal("125000.50") and agreement.target_satisfaction == Decimal("7.0")
    assert (agreement.execution_hours, agreement.coordination_hours) == (800, 300)
    write(tmp_path, header + "GM1701,MEE Drenthe,2024,130000,1200,5000,7,800,300\n", "f.csv")
    call_command("import-funding", path)
    assert FundingAgreement.objects.get().amount_eur == Decimal("130000")


def test_funding_import_rejects_bad_rows(places, tmp_path):
    header = "municipality_code,organisation,year,amount_eur,target_satisfaction\n"
    path = write(tmp_path, header + "GM1701,MEE Drenthe,24,1000,\nGM1701,Onbekend,2024,1000,\n"
                 "GM1701,MEE Drenthe,2025,-5,\nGM1701,MEE Drenthe,2026,1000,12\n", "f.csv")
    with pytest.raises(CommandError) as error:
        call_command("import-funding", path)
    message = str(error.value)
    for line in ("Regel 2", "Regel 3", "Regel 4", "Regel 5"):
        assert line in message
    assert not FundingAgreement.objects.exists()


@pytest.mark.parametrize("day", ["2026-11-20", "2026-04-05", "2025-12-31"],
                         ids=["a Friday", "the day before Easter Monday", "31 December"])
@pytest.mark.parametrize("urgency", ["urgent", "regular"])
def test_imported_history_gets_the_deadlines_of_live_work(places, tmp_path, day, urgency):
    """One deadline rule: a request imported as received on a day is due when the same request
    registered at the desk at that moment is due (first contact, pickup and appointment)."""
    from datetime import date, datetime, time
    from zoneinfo import ZoneInfo

    from naast.intake.services import register_request
    from naast.registry import lifecycle

    path = write(tmp_path, "reference,client_key,municipality_code,organisation,received_on,urgency,first_contact_on,"
                 "appointment_on,support_started_on\n"
                 f"OLD-9,K-9,GM1701,MEE Drenthe,{day},{urgency},{day},,\n")
    call_command("import-requests", path)
    imported = HelpRequest.objects.get(reference="OLD-9")
    received = datetime.combine(date.fromisoformat(day), time.min, tzinfo=ZoneInfo("Europe/Amsterdam"))
    live = register_request(channel="phone", urgency=urgency, received_at=received,
                            municipality=places[0]).help_request
    lifecycle.contact_made(live, at=received)
    live.refresh_from_db()
    assert imported.received_at == live.received_at
    assert imported.first_contact_due == live.first_contact_due
    assert imported.pickup_due == live.pickup_due
    assert imported.appointment_due == live.appointment_due
    assert imported.status == live.status == "in_progress"
    due_day = timezone.localdate(imported.first_contact_due)
    if day == "2025-12-31" and urgency == "regular":
        assert due_day == date(2026, 1, 14)  # two weeks over New Year's Day, a Wednesday
    if day == "2026-04-05" and urgency == "urgent":
        assert due_day == date(2026, 4, 9)  # counting starts after Easter Monday: Tue, Wed, Thu


def test_a_file_without_appointment_or_support_columns_leaves_those_norms_unmeasured(places, tmp_path):
    path = write(tmp_path, HEADER + "OLD-1,K-001,GM1701,MEE Drenthe,2019-03-04,phone,,,,,2019-03-05,2019-04-01,answered,30\n")
    call_command("import-requests", path)
    hr = HelpRequest.objects.get()
    assert hr.first_contact_due is not None
    assert hr.appointment_due is None and hr.pickup_due is None and hr.picked_up_at is None
    path = write(tmp_path, "reference,client_key,municipality_code,organisation,received_on,first_contact_on,"
                 "appointment_on,support_started_on,closed_on,outcome\n"
                 "OLD-1,K-001,GM1701,MEE Drenthe,2019-03-04,2019-03-05,2019-03-06,2019-03-12,2019-04-01,answered\n")
    call_command("import-requests", path)
    hr.refresh_from_db()
    assert timezone.localdate(hr.appointment_at).isoformat() == "2019-03-06" and hr.appointment_at <= hr.appointment_due
    assert timezone.localdate(hr.picked_up_at).isoformat() == "2019-03-12" and hr.picked_up_at <= hr.pickup_due
