"""The front door's demo data: real deadlines, a queue with overdue and due-today requests."""

import pytest
from django.core.management import call_command

from naast.accounts.models import User
from naast.intake import selectors
from naast.intake.models import AnotherSupporterRequest, IntakeDetails, SupporterExclusion
from naast.registry import lifecycle
from naast.registry.models import HelpRequest

pytestmark = pytest.mark.django_db


def test_demo_has_working_day_deadlines_and_a_living_queue(capsys):
    call_command("demo-data", "--requests", "80", "--quiet")
    sample = HelpRequest.objects.filter(is_quick_log=False).order_by("pk")[:40]
    for hr in sample:
        assert hr.first_contact_due == lifecycle.first_contact_due(hr.received_at, hr.urgency), hr.reference
        assert hr.pickup_due == lifecycle.pickup_due(hr.received_at, hr.urgency), hr.reference
    coordinator = User.objects.get(username="coordinator")
    rows, counts = selectors.queue(coordinator)
    assert counts["overdue"] >= 1
    assert AnotherSupporterRequest.objects.exists() and SupporterExclusion.objects.exists()
    assert IntakeDetails.objects.exists()
    assert HelpRequest.objects.count() == 80  # updates what is there; adds no requests
