"""The supporter's day, as the issue found it: overlapping appointments accepted without a word,
"0 appointments this week" on a Sunday with three on Wednesday, a cancellation dated by the
appointment's creation, and a "Queue" link that opens an empty queue."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from naast.casework import services
from naast.casework.models import Appointment

pytestmark = pytest.mark.django_db


def _at(days: float, hour: int) -> timezone.datetime:
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def test_an_overlapping_appointment_is_refused_until_confirmed(f, org, muni, hr, supporter):
    other_resident = f.help_request(org=org, supporter=supporter, municipality=muni, status="assigned",
                                    client=f.client("Bert C."))
    services.plan_appointment(hr, by=supporter, starts_at=_at(2, 10), minutes=60)
    with pytest.raises(ValidationError) as caught:  # 10:30 at another resident's, same supporter
        services.plan_appointment(other_resident, by=supporter, starts_at=_at(2, 10).replace(minute=30))
    assert "overlapt" in " ".join(caught.value.messages) or "overlaps" in " ".join(caught.value.messages)
    assert "Bert" not in " ".join(caught.value.messages) and "Anna" not in " ".join(caught.value.messages)
    services.plan_appointment(other_resident, by=supporter, starts_at=_at(2, 10).replace(minute=30),
                              allow_overlap=True)
    services.plan_appointment(hr, by=supporter, starts_at=_at(2, 11).replace(minute=30), minutes=30)  # right after
    assert Appointment.objects.count() == 3


def test_the_appointments_page_warns_and_plans_after_the_confirm(hr, supporter, login):
    services.plan_appointment(hr, by=supporter, starts_at=_at(3, 10))
    client = login(supporter)
    url = reverse("casework:appointments", args=[hr.reference])
    data = {"starts_at": _at(3, 10).strftime("%Y-%m-%dT%H:%M").replace("T10:00", "T10:30"), "minutes": 60,
            "location": "Bibliotheek"}
    page = client.post(url, data).content.decode()
    assert "overlapt" in page and 'name="confirm_overlap"' in page and "Bibliotheek" in page
    assert Appointment.objects.count() == 1
    response = client.post(url, {**data, "confirm_overlap": "on"})
    assert response.status_code == 302 and Appointment.objects.count() == 2


def test_this_week_on_the_overview_means_the_next_seven_days(hr, supporter, login):
    for days in (0.5, 3, 6.8):
        Appointment.objects.create(help_request=hr, starts_at=timezone.now() + timedelta(days=days),
                                   created_by=supporter).supporters.set([supporter])
    Appointment.objects.create(help_request=hr, starts_at=timezone.now() + timedelta(days=8),
                               created_by=supporter).supporters.set([supporter])
    page = login(supporter).get(reverse("core:dashboard")).content.decode()
    assert "3 afspraken in de komende 7 dagen" in page


def test_the_timeline_dates_a_cancellation_by_when_it_was_cancelled(hr, supporter, login):
    appointment = Appointment.objects.create(help_request=hr, starts_at=timezone.now() + timedelta(days=20),
                                             created_by=supporter, created_at=timezone.now() - timedelta(days=18))
    appointment.supporters.set([supporter])
    services.cancel_appointment(appointment)
    page = login(supporter).get(reverse("casework:case_file", args=[hr.reference])).content.decode()
    cancelled = page.split("Afspraak afgezegd")[0].rsplit("<time", 1)[1]
    today = timezone.localdate()
    assert f'datetime="{today.isoformat()}' in cancelled
    assert "Afspraak gepland" in page  # planning it stays on its own day


def test_the_queue_link_is_not_in_a_supporters_menu_and_the_queue_points_to_their_caseload(supporter, coordinator,
                                                                                          login):
    client = login(supporter)
    overview = client.get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("intake:queue")}"' not in overview
    page = client.get(reverse("intake:queue")).content.decode()
    assert reverse("casework:caseload") in page
    assert f'href="{reverse("intake:queue")}"' in login(coordinator).get(reverse("core:dashboard")).content.decode()


def _response(org, month, mark, comment):
    from naast.casework.models import SurveyResponse

    return SurveyResponse.objects.create(organisation=org, answered_in=month, mark=mark, felt_understood=4,
                                         felt_seen=4, fitted_own_question=4, comment=comment)


def test_survey_comments_are_readable_by_coordinators_per_month_and_anonymous(f, org, other_org, coordinator,
                                                                             supporter, login):
    from datetime import date

    _response(org, date(2026, 11, 1), 9, "Fijn dat iemand meeging naar de gemeente.")
    _response(org, date(2026, 10, 1), 4, "Lang moeten wachten.")
    _response(org, date(2026, 11, 1), 8, "")
    _response(other_org, date(2026, 11, 1), 7, "Over een andere organisatie.")
    url = reverse("casework:survey_comments")
    client = login(coordinator)
    page = client.get(url).content.decode()
    assert "Fijn dat iemand meeging" in page and "Cijfer 9" in page
    assert "Lang moeten wachten" not in page and "andere organisatie" not in page
    assert "Lang moeten wachten" in client.get(url, {"maand": "2026-10"}).content.decode()
    assert client.get(url, {"maand": "<script>"}).status_code == 200
    assert url in client.get(reverse("core:dashboard")).content.decode()  # in the coordinator's menu
    assert login(supporter).get(url).status_code == 403


def test_personal_reminders_on_the_overview_and_in_the_feed_without_personal_data(hr, supporter, login, client):
    from icalendar import Calendar

    url = reverse("casework:reminders", args=[hr.reference])
    browser = login(supporter)
    today = timezone.localdate()
    # Bad input: a date in the past and no note get clear messages, and nothing is saved.
    page = browser.post(url, {"due_on": (today - timedelta(days=2)).isoformat(), "note": ""}).content.decode()
    assert "Kies vandaag of een latere datum" in page or "verplicht" in page
    response = browser.post(url, {"due_on": today.isoformat(), "note": "Anna terugbellen over de brief"})
    assert response.status_code == 302
    browser.post(url, {"due_on": (today + timedelta(days=3)).isoformat(), "note": "Vragen naar de beschikking"})
    overview = browser.get(reverse("core:dashboard")).content.decode()
    assert "1 herinnering voor vandaag" in overview  # only the one due today
    caseload = browser.get(reverse("casework:caseload")).content.decode()
    assert "Anna terugbellen over de brief" in caseload and "Vragen naar de beschikking" in caseload
    feed = client.get(f"/ical/{services.new_calendar_feed(supporter)}.ics").content
    events = [e for e in Calendar.from_ical(feed).walk("VEVENT") if str(e["UID"]).startswith("reminder-")]
    assert len(events) == 2 and all(hr.reference in str(e["SUMMARY"]) for e in events)
    assert events[0].decoded("DTSTART") == today
    assert b"terugbellen" not in feed and b"Anna" not in feed and b"beschikking" not in feed
    # Done: off the overview and out of the feed.
    from naast.casework.models import FollowUpReminder

    first = FollowUpReminder.objects.get(due_on=today)
    assert browser.post(url, {"done": first.pk}).status_code == 302
    assert "0 herinneringen voor vandaag" in browser.get(reverse("core:dashboard")).content.decode()
    feed = client.get(f"/ical/{services.new_calendar_feed(supporter)}.ics").content
    assert len([e for e in Calendar.from_ical(feed).walk("VEVENT") if str(e["UID"]).startswith("reminder-")]) == 1


def test_a_colleague_cannot_tick_off_someone_elses_reminder(hr, supporter, colleague, login):
    from naast.casework.models import FollowUpReminder
    from naast.registry.models import Assignment

    reminder = services.add_reminder(hr, by=supporter, due_on=timezone.localdate(), note="Terugbellen")
    Assignment.objects.create(help_request=hr, supporter=colleague)
    response = login(colleague).post(reverse("casework:reminders", args=[hr.reference]), {"done": reminder.pk})
    assert response.status_code == 404
    assert FollowUpReminder.objects.get(pk=reminder.pk).done_at is None
