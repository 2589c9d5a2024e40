"""The demo's case files agree with the registry: minutes add up, closings match closed requests."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum

from naast.casework.models import CaseFile, Closing, Contact, SurveyInvitation, SurveyResponse
from naast.registry.models import HelpRequest

pytestmark = pytest.mark.django_db


def test_demo_case_files_are_consistent_with_the_registry(capsys):
    call_command("demo-data", "--requests", "80", "--quiet")
    assert CaseFile.objects.exists() and Contact.objects.exists()
    with_contacts = HelpRequest.objects.filter(contacts__isnull=False).annotate(total=Sum("contacts__staff_minutes"))
    assert all(hr.minutes_spent == hr.total for hr in with_contacts)
    assert all(hr.first_contact_at is not None for hr in with_contacts)
    # Every request with a closing is closed with the same outcome as its latest closing.
    for closing in Closing.objects.select_related("help_request").order_by("help_request", "closed_at"):
        assert closing.help_request.status == "closed"
    assert not HelpRequest.objects.annotate(n=Count("closings")).filter(~Q(status="closed"), n__gt=0).exists()
    assert SurveyResponse.objects.count() == SurveyInvitation.objects.filter(answered_at__isnull=False).count()


def test_demo_signals_are_partly_approved_and_partly_waiting_with_a_flagged_one(capsys):
    from naast.casework import services
    from naast.casework.models import Signal

    call_command("demo-data", "--quiet")
    statuses = dict(Signal.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses.get("approved") and statuses.get("pending") and statuses.get("internal")
    approved = Signal.objects.filter(status="approved")
    assert all(s.approved_text and s.reviewed_by_id and s.reviewed_at for s in approved)
    assert not any(services.personal_data_in(s, s.approved_text) for s in approved)
    waiting = Signal.objects.filter(status="pending").select_related("help_request__client")
    assert any(services.personal_data_in(s, s.text) for s in waiting)  # the review page has something to flag
