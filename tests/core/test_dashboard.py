"""The staff overview: per role what to do today, as numbers that link to the page they come from.

Only numbers and links (never a name or a question), counted over the requests the user may see."""

import datetime as dt
import html as html_lib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from naast.accounts.roles import Role
from naast.casework.models import Appointment
from naast.privacy import chain
from naast.registry.choices import Status
from tests.socialmap import factories as map_factories

pytestmark = pytest.mark.django_db


def today_section(page: str) -> str:
    """The "Vandaag" part of the overview (up to the menu cards), as HTML."""
    start = page.index(">Vandaag</h2>")
    end = page.find("Ook in uw menu", start)
    return page[start:] if end == -1 else page[start:end]


def links(fragment: str) -> list[tuple[str, str]]:
    """(href, visible text) of every link in `fragment`."""
    found = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', fragment, flags=re.S)
    return [(html_lib.unescape(href), " ".join(re.sub(r"<[^>]+>", "", text).split())) for href, text in found]


def today_end() -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.max))


def later_today() -> dt.datetime:
    now = timezone.now()
    return now + (today_end() - now) / 2


def test_coordinator_sees_the_queue_figures_of_their_organisation(f, login, org, other_org):
    coordinator = f.user(Role.COORDINATOR, org=org, first_name="Carla")
    now = timezone.now()
    for name in ("Anna Aardig", "Bert Bakker"):  # overdue, not assigned
        f.help_request(org=org, client=f.client(name), first_contact_due=now - dt.timedelta(hours=2),
                       question="Schulden bij de energieleverancier")
    f.help_request(client=f.client("Cor Cornelis"), first_contact_due=later_today())  # shared queue, due today
    supporter = f.user(Role.SUPPORTER, org=org)
    f.help_request(org=org, supporter=supporter, status=Status.ASSIGNED, first_contact_at=now,
                   first_contact_due=now - dt.timedelta(days=1))  # assigned and contacted: not in the queue
    f.help_request(org=other_org, first_contact_due=now - dt.timedelta(hours=2))  # not theirs: not counted

    page = login(coordinator).get("/staff/").content.decode()
    today = links(today_section(page))
    assert ("/staff/queue/", "2 hulpvragen te laat") in today
    assert ("/staff/queue/", "1 vandaag") in today
    assert ("/staff/queue/", "3 nog niet toegewezen") in today
    assert ("/staff/kaart-controleren/", "0 diensten op de sociale kaart te controleren") in today
    for private in ("Anna Aardig", "Bert Bakker", "Cor Cornelis", "energieleverancier"):
        assert private not in page
    # The queue is a figure now, not a card as well; the other menu items stay as cards.
    cards = links(page[page.index("Ook in uw menu"):])
    assert ("/staff/queue/", "Wachtrij") not in cards
    assert ("/staff/requests/", "Hulpvragen") in cards


def test_supporter_sees_their_own_caseload_appointments_and_late_contacts(f, login, org):
    supporter = f.user(Role.SUPPORTER, org=org)
    colleague = f.user(Role.SUPPORTER, org=org)
    now = timezone.now()
    late = f.help_request(org=org, supporter=supporter, status=Status.ASSIGNED,
                          first_contact_due=now - dt.timedelta(hours=1))
    f.help_request(org=org, supporter=supporter, status=Status.IN_PROGRESS, first_contact_at=now)
    f.help_request(org=org, supporter=supporter, status=Status.ASSIGNED, first_contact_due=now + dt.timedelta(days=1))
    f.help_request(org=org, supporter=supporter, status=Status.CLOSED)  # closed: not open
    f.help_request(org=org, supporter=colleague, status=Status.ASSIGNED,
                   first_contact_due=now - dt.timedelta(hours=1))  # a colleague's
    week_end = now + dt.timedelta(days=7)  # "this week" is the next seven days
    this_week = now + (week_end - now) / 2
    for starts, cancelled in ((this_week, None), (this_week, None), (this_week, now), (week_end + dt.timedelta(days=1), None)):
        appointment = Appointment.objects.create(help_request=late, starts_at=starts, cancelled_at=cancelled)
        appointment.supporters.add(supporter)

    today_links = links(today_section(login(supporter).get("/staff/").content.decode()))
    assert ("/staff/dossier/", "3 open hulpvragen") in today_links
    assert ("/staff/dossier/", "2 afspraken in de komende 7 dagen") in today_links
    assert ("/staff/dossier/", "1 eerste contact te laat") in today_links
    assert not any("wachtrij" in text.lower() or "toegewezen" in text for _href, text in today_links)


def test_desk_gets_the_register_link_and_the_requests_received_today(f, login, org, other_org):
    desk = f.user(Role.DESK, org=org)
    f.help_request(org=org)
    f.help_request()  # the shared front-door queue
    f.help_request(org=org, received_at=timezone.now() - dt.timedelta(days=1))  # yesterday
    f.help_request(org=other_org)  # another organisation's

    today_links = links(today_section(login(desk).get("/staff/").content.decode()))
    assert ("/staff/intake/", "Hulpvraag aanmelden") in today_links
    assert ("/staff/requests/", "2 hulpvragen vandaag binnengekomen") in today_links
    assert not any("te laat" in text for _href, text in today_links)  # triage is the coordinator's


@pytest.mark.parametrize("role", [Role.FUNDER, Role.AUDITOR])
def test_funders_and_auditors_get_only_the_reports_link(f, login, org, muni, role):
    f.help_request(org=org, first_contact_due=timezone.now() - dt.timedelta(hours=1))
    user = f.user(role, muni=muni if role == Role.FUNDER else None)
    page = login(user).get("/staff/").content.decode()
    section = today_section(page)
    assert links(section) == [("/staff/rapportages/", "Naar de rapportages")]
    assert not re.search(r"\d", re.sub(r"<[^>]+>", "", section))  # no numbers at all
    assert "/staff/queue/" not in page and "/staff/dossier/" not in page and "/admin/" not in page


def test_privacy_officer_sees_todays_events_linking_to_the_filtered_log(f, login):
    officer = f.user(Role.PRIVACY_OFFICER)
    for at in (timezone.now(), timezone.now(), timezone.now() - dt.timedelta(days=1)):
        chain.append([dict(at=at, username="lotte", action="read", object_type="registry.helprequest",
                                  object_id="1", object_label="HV-1", reason="queue")])
    today = timezone.localdate().isoformat()
    today_links = links(today_section(login(officer).get("/staff/").content.decode()))
    assert (f"/staff/privacy/audit/?date_from={today}&date_to={today}", "2 gebeurtenissen vandaag") in today_links
    assert ("/staff/privacy/audit/", "Naar het logboek") in today_links


def test_functional_administrator_gets_the_admin_and_the_map_to_check(f, login):
    map_factories.service("Oude dienst")  # never checked: due for a check
    admin = f.user(Role.ADMIN, is_staff=True)
    page = login(admin).get("/staff/").content.decode()
    today_links = links(today_section(page))
    assert ("/admin/", "Naar het beheer") in today_links
    assert ("/staff/kaart-controleren/", "1 dienst op de sociale kaart te controleren") in today_links
    nav = page[page.index('<nav class="naast-nav"'):page.index("</nav>")]
    assert ("/admin/", "Beheer") in links(nav)  # in the menu on every staff page as well
    assert "/staff/queue/" not in page and "/staff/dossier/" not in page


def test_the_admin_link_is_only_for_those_the_admin_lets_in(f, login, org):
    from naast.core.menu import can_use_admin

    admin = f.user(Role.ADMIN, is_staff=True)
    assert can_use_admin(admin) and 'href="/admin/"' in login(admin).get("/staff/").content.decode()
    coordinator = f.user(Role.COORDINATOR, org=org, is_staff=True)
    assert not can_use_admin(coordinator)
    assert 'href="/admin/"' not in login(coordinator).get("/staff/").content.decode()


def test_the_overview_costs_the_same_number_of_queries_whatever_the_amount_of_data(f, login, org):
    user = f.user(Role.COORDINATOR, Role.SUPPORTER, Role.DESK, Role.PRIVACY_OFFICER, org=org, is_staff=True)
    client = login(user)
    f.help_request(org=org, supporter=user, status=Status.ASSIGNED)
    client.get("/staff/")  # warm the per-process caches (service profile, menu)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/staff/").status_code == 200
        return len(captured)

    before = queries()
    now = timezone.now()
    for i in range(6):
        hr = f.help_request(org=org, supporter=user if i % 2 else None, first_contact_due=now - dt.timedelta(hours=i))
        appointment = Appointment.objects.create(help_request=hr, starts_at=now + dt.timedelta(minutes=5))
        appointment.supporters.add(user)
        map_factories.service()
    assert queries() == before
    assert before <= 15
