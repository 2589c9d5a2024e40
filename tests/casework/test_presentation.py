"""What a supporter reads on the caseload and the case file: times, dates and order in plain Dutch."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from naast.casework import charts, selectors, services

pytestmark = pytest.mark.django_db


def _rows(page: str, caption: str) -> str:
    """The HTML of the table with this (hidden) caption."""
    return page.split(f'<caption class="naast-visually-hidden">{caption}</caption>', 1)[1].split("</table>", 1)[0]


def test_caseload_shows_time_spent_in_minutes_under_a_matching_header(login, hr, supporter):
    services.log_contact(hr, by=supporter, kind="phone", minutes=90)
    page = login(supporter).get("/staff/dossier/").content.decode()
    table = _rows(page, "Mijn open hulpvragen")
    assert '<th scope="col">Bestede tijd</th>' in table and "Uren" not in table
    assert '<td class="naast-nowrap">90 min.</td>' in table


def test_coordinator_sees_requests_waiting_for_first_contact_first_overdue_on_top(login, f, org, coordinator, supporter):
    now = timezone.now()
    contacted = f.help_request(org=org, supporter=supporter, first_contact_due=now - timedelta(days=9), first_contact_at=now - timedelta(days=10))
    later = f.help_request(org=org, supporter=supporter, first_contact_due=now + timedelta(days=5))
    overdue = f.help_request(org=org, supporter=supporter, first_contact_due=now - timedelta(days=1))
    soon = f.help_request(org=org, supporter=supporter, first_contact_due=now + timedelta(days=1))
    page = login(coordinator).get("/staff/dossier/").content.decode()
    table = _rows(page, "Open hulpvragen van de organisatie")
    shown = list(dict.fromkeys(re.findall(r"HV-[A-Z0-9]{4}-[A-Z0-9]{4}", table)))
    assert shown == [overdue.reference, soon.reference, later.reference, contacted.reference]
    assert "Open hulpvragen van de organisatie, op volgorde van termijn" in page


DAYS_NL = ["ma", "di", "wo", "do", "vr", "za", "zo"]
MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
             "november", "december"]


def test_timeline_shows_appointment_dates_like_the_rest_of_the_page(login, hr, supporter):
    starts = (timezone.localtime() + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    services.plan_appointment(hr, by=supporter, starts_at=starts)
    page = login(supporter).get(f"/staff/dossier/{hr.reference}/").content.decode()
    year = f" {starts.year}" if starts.year != timezone.localdate().year else ""
    expected = f"Afspraak gepland op {DAYS_NL[starts.weekday()]} {starts.day} {MONTHS_NL[starts.month - 1]}{year} 09:00"
    assert expected in page
    assert starts.strftime("%d-%m-%Y") not in page


def test_timeline_dates_leave_out_this_year_only():
    now = timezone.localtime().replace(hour=14, minute=30, second=0, microsecond=0)
    later = now.replace(year=now.year + 1, day=1)
    with translation.override("nl"):
        assert selectors._when(now) == f"{DAYS_NL[now.weekday()]} {now.day} {MONTHS_NL[now.month - 1]} 14:30"
        assert selectors._when(later).endswith(f"1 {MONTHS_NL[later.month - 1]} {later.year} 14:30")
    with translation.override("en"):
        assert selectors._when(now).endswith(f"{now.day} {now.strftime('%B')} 14:30")


def test_zrm_chart_title_is_dutch_on_dutch_pages():
    comparison = selectors.zrm_comparison([])
    with translation.override("nl"):
        svg = charts.zrm_chart(comparison)
    assert "Zelfredzaamheid per domein: eerste en laatste score" in svg


def test_guideline_meter_turns_to_its_over_state_past_the_guideline(login, hr, supporter):
    page = selectors.case_file_page(hr)
    hr.minutes_spent = page.guideline_minutes + 75
    hr.save(update_fields=["minutes_spent"])
    meter = selectors.case_file_page(hr).guideline_meter
    assert meter["value"] > meter["high"] and meter["max"] == meter["value"]  # past `high`: the browser shows red
    html = login(supporter).get(f"/staff/dossier/{hr.reference}/").content.decode()
    assert f'high="{meter["high"]}" optimum="0" value="{meter["value"]}"' in html
