"""The deadline rule (naast.registry.lifecycle): first contact, appointment and the start of support in
Dutch working days, with the service's norms (docs/domain.md §6)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from naast.organisations.models import ServiceProfile
from naast.registry import lifecycle as deadlines

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def at(y, m, d, h=10, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=AMS)


@pytest.mark.parametrize(
    ("received", "due", "why"),
    [
        (at(2026, 11, 18), at(2026, 11, 23), "Wednesday + 3 working days skips the weekend"),
        (at(2026, 11, 20, 16, 30), at(2026, 11, 25, 16, 30), "Friday afternoon is due Wednesday afternoon"),
        (at(2026, 11, 21), at(2026, 11, 25), "a Saturday request counts from Monday"),
        (at(2026, 4, 24), at(2026, 4, 30), "King's Day (Monday 27 April) is not a working day"),
        (at(2026, 4, 2), at(2026, 4, 9), "Good Friday and Easter Monday are skipped"),
        (at(2026, 12, 23), at(2026, 12, 29), "Christmas Day is skipped"),
        (at(2026, 12, 30), at(2027, 1, 5), "over the year end, New Year's Day is skipped"),
    ],
)
def test_urgent_requests_are_due_in_three_working_days(received, due, why):
    assert deadlines.first_contact_due(received, "urgent") == due, why


@pytest.mark.parametrize(
    ("received", "due", "why"),
    [
        (at(2026, 11, 2), at(2026, 11, 16), "two weeks later, a Monday"),
        (at(2026, 4, 13), at(2026, 4, 28), "two weeks lands on King's Day: moved to the next working day"),
        (at(2026, 12, 11), at(2026, 12, 28), "two weeks lands on Christmas Day: moved past the weekend"),
        (at(2026, 12, 18), at(2027, 1, 4), "two weeks lands on New Year's Day (a Friday): moved to Monday"),
    ],
)
def test_regular_requests_get_contact_within_two_weeks(received, due, why):
    assert deadlines.first_contact_due(received, "regular") == due, why


def test_appointment_is_due_two_working_days_after_first_contact():
    assert deadlines.appointment_due(at(2026, 4, 24)) == at(2026, 4, 29)  # over King's Day
    assert deadlines.appointment_due(at(2026, 12, 31)) == at(2027, 1, 5)  # over New Year's Day


def test_norms_are_configurable_per_service():
    profile = ServiceProfile.get()
    profile.urgent_first_contact_working_days = 1
    profile.regular_first_contact_days = 28
    profile.save()
    assert deadlines.first_contact_due(at(2026, 11, 20), "urgent") == at(2026, 11, 23)
    assert deadlines.first_contact_due(at(2026, 11, 2), "regular") == at(2026, 11, 30)


def test_deadline_is_counted_in_dutch_local_time():
    # 23:30 UTC on Friday is already Saturday in Amsterdam: counting starts on Monday.
    received = datetime(2026, 11, 20, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert deadlines.first_contact_due(received, "urgent").date().isoformat() == "2026-11-25"


@pytest.mark.parametrize(
    ("received", "urgency", "due", "why"),
    [
        (at(2026, 11, 2), "regular", at(2026, 11, 30), "28 days later, a Monday"),
        (at(2026, 3, 28), "regular", at(2026, 4, 28), "28 days is Saturday 25 April; Monday is King's Day: Tuesday"),
        (at(2026, 11, 20, 16, 30), "urgent", at(2026, 11, 25, 16, 30), "urgent: three working days, like first contact"),
    ],
)
def test_support_must_start_within_28_days_or_three_working_days_when_urgent(received, urgency, due, why):
    assert deadlines.pickup_due(received, urgency) == due, why
