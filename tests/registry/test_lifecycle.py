"""The help request's life (docs/lifecycle.md): every allowed and every refused transition, and the
guarantee that nothing but `naast.registry.lifecycle` writes a status or a due time."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from naast.registry import lifecycle
from naast.registry.choices import Status
from naast.registry.models import HelpRequest, LifecycleViolation

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src" / "naast"


def _request(f, status=Status.RECEIVED, **fields):
    return f.help_request(status=status, **fields)


# --- allowed ------------------------------------------------------------------------------------
def test_register_makes_a_received_request_with_its_due_times(f):
    hr = HelpRequest(client=f.client(), channel="phone", received_at=timezone.now())
    lifecycle.register(hr, urgency="urgent")
    hr.refresh_from_db()
    assert hr.status == Status.RECEIVED and hr.urgency == "urgent"
    assert hr.first_contact_due == lifecycle.first_contact_due(hr.received_at, "urgent")
    assert hr.pickup_due == lifecycle.pickup_due(hr.received_at, "urgent")
    assert hr.appointment_due is None  # counted from the first contact, which has not happened


def test_a_quick_question_is_registered_closed_and_on_time(f):
    hr = HelpRequest(client=f.client(), channel="desk", is_quick_log=True)
    lifecycle.register_answered(hr)
    assert hr.status == Status.CLOSED and hr.outcome == "answered"
    assert hr.first_contact_at == hr.picked_up_at == hr.closed_at == hr.received_at
    assert hr.first_contact_at <= hr.first_contact_due and hr.picked_up_at <= hr.pickup_due


@pytest.mark.parametrize(("before", "after"), [
    (Status.RECEIVED, Status.ASSIGNED),
    (Status.ASSIGNED, Status.ASSIGNED),  # the second supporter of a duo
    (Status.IN_PROGRESS, Status.IN_PROGRESS),  # a new supporter on a request in progress
])
def test_assigning_a_supporter(f, before, after):
    hr = _request(f, before)
    lifecycle.assigned(hr)
    hr.refresh_from_db()
    assert hr.status == after


@pytest.mark.parametrize("before", [Status.ASSIGNED, Status.IN_PROGRESS])
def test_releasing_every_supporter_puts_the_request_back_in_the_queue(f, before):
    hr = _request(f, before)
    lifecycle.released(hr)
    hr.refresh_from_db()
    assert hr.status == Status.RECEIVED


@pytest.mark.parametrize("before", [Status.RECEIVED, Status.ASSIGNED])
def test_first_contact_puts_the_request_in_progress_and_sets_the_appointment_due(f, before):
    hr = _request(f, before, received_at=timezone.now() - timedelta(days=2))
    at = timezone.now() - timedelta(hours=1)
    lifecycle.contact_made(hr, at=at)
    hr.refresh_from_db()
    assert hr.status == Status.IN_PROGRESS and hr.first_contact_at == at
    assert hr.appointment_due == lifecycle.appointment_due(at)
    assert hr.picked_up_at is None  # a call is not yet the support itself


def test_an_earlier_contact_logged_later_becomes_the_first_contact(f):
    hr = _request(f, Status.IN_PROGRESS, received_at=timezone.now() - timedelta(days=5))
    later, earlier = timezone.now() - timedelta(days=1), timezone.now() - timedelta(days=3)
    lifecycle.contact_made(hr, at=later)
    lifecycle.contact_made(hr, at=earlier, in_person=True)
    hr.refresh_from_db()
    assert hr.first_contact_at == earlier and hr.appointment_due == lifecycle.appointment_due(earlier)
    assert hr.picked_up_at == earlier


def test_the_first_appointment_made_meets_the_appointment_norm_once(f):
    hr = _request(f, Status.IN_PROGRESS)
    lifecycle.appointment_made(hr)
    first = hr.appointment_at
    lifecycle.appointment_made(hr, at=timezone.now() + timedelta(hours=2))
    hr.refresh_from_db()
    assert first is not None and hr.appointment_at == first and hr.status == Status.IN_PROGRESS


@pytest.mark.parametrize("before", [Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS])
def test_closing_an_open_request(f, before):
    hr = _request(f, before)
    lifecycle.close(hr, outcome="withdrawn", summary="Inwoner trekt de vraag in.")
    hr.refresh_from_db()
    assert hr.status == Status.CLOSED and hr.outcome == "withdrawn" and hr.closed_at is not None
    assert hr.picked_up_at is None  # withdrawn: the support never started


def test_closing_as_answered_without_a_meeting_counts_as_picked_up_at_closing(f):
    hr = _request(f, Status.IN_PROGRESS)
    lifecycle.close(hr, outcome="answered", summary="Telefonisch beantwoord.")
    assert hr.picked_up_at == hr.closed_at


@pytest.mark.parametrize(("has_supporters", "after"), [(True, Status.IN_PROGRESS), (False, Status.RECEIVED)])
def test_reopening_a_closed_request(f, has_supporters, after):
    hr = _request(f, Status.CLOSED, closed_at=timezone.now(), outcome="answered", closing_summary="Klaar.")
    lifecycle.reopen(hr, has_supporters=has_supporters)
    hr.refresh_from_db()
    assert hr.status == after and hr.closed_at is None and hr.outcome == "" and hr.closing_summary == ""


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.CLOSED])
def test_retriage_moves_the_due_times_also_of_a_closed_request(f, status):
    hr = _request(f, status, urgency="regular")
    lifecycle.retriage(hr, "urgent")
    hr.refresh_from_db()
    assert hr.status == status and hr.urgency == "urgent"
    assert hr.first_contact_due == lifecycle.first_contact_due(hr.received_at, "urgent")
    assert hr.pickup_due == lifecycle.pickup_due(hr.received_at, "urgent")


# --- refused ------------------------------------------------------------------------------------
def test_a_registered_request_cannot_be_registered_again(f):
    hr = _request(f)
    with pytest.raises(lifecycle.TransitionRefused):
        lifecycle.register(hr)


@pytest.mark.parametrize("step", [
    pytest.param(lambda hr: lifecycle.assigned(hr), id="assign"),
    pytest.param(lambda hr: lifecycle.released(hr), id="release"),
    pytest.param(lambda hr: lifecycle.contact_made(hr, at=timezone.now()), id="contact"),
    pytest.param(lambda hr: lifecycle.appointment_made(hr), id="appointment"),
    pytest.param(lambda hr: lifecycle.close(hr, outcome="answered", summary="Nog eens."), id="close"),
])
def test_a_closed_request_refuses(f, step):
    hr = _request(f, Status.CLOSED, closed_at=timezone.now(), outcome="answered")
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        step(hr)
    assert refused.value.code == "closed"
    hr.refresh_from_db()
    assert hr.status == Status.CLOSED and hr.outcome == "answered"


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS])
def test_an_open_request_cannot_be_reopened(f, status):
    hr = _request(f, status)
    with pytest.raises(lifecycle.TransitionRefused):
        lifecycle.reopen(hr, has_supporters=True)
    hr.refresh_from_db()
    assert hr.status == status


def test_a_contact_before_the_day_of_receipt_is_refused(f):
    hr = _request(f, received_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError):
        lifecycle.contact_made(hr, at=timezone.now() - timedelta(days=3))
    hr.refresh_from_db()
    assert hr.first_contact_at is None and hr.status == Status.RECEIVED


def test_an_unknown_urgency_or_outcome_is_refused(f):
    hr = _request(f)
    with pytest.raises(ValidationError):
        lifecycle.retriage(hr, "whenever")
    with pytest.raises(ValidationError):
        lifecycle.close(hr, outcome="vanished", summary="?")


# --- one writer ----------------------------------------------------------------------------------
def test_writing_a_status_or_due_time_outside_the_lifecycle_is_refused(f):
    hr = _request(f)
    hr.status = Status.CLOSED
    with pytest.raises(LifecycleViolation):
        hr.save()
    with pytest.raises(LifecycleViolation):
        HelpRequest.objects.filter(pk=hr.pk).update(first_contact_due=timezone.now())
    with pytest.raises(LifecycleViolation):
        HelpRequest.objects.bulk_update([hr], ["status"])
    with pytest.raises(LifecycleViolation):
        HelpRequest.objects.create(client=hr.client, channel="phone")
    hr.refresh_from_db()
    assert hr.status == Status.RECEIVED
    hr.question = "Een andere vraag"  # other fields are anyone's
    hr.save()


def test_only_the_lifecycle_module_opens_the_guard():
    """The guard's key (`lifecycle_writes`) and the test-data door (`arbitrary_state`) are used by
    `registry/lifecycle.py` alone among the modules of the application."""
    users = []
    for path in SRC.rglob("*.py"):
        if path in (SRC / "registry" / "lifecycle.py", SRC / "registry" / "models.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
            n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        if names & {"lifecycle_writes", "arbitrary_state", "_lifecycle_writer"}:
            users.append(str(path.relative_to(SRC)))
    assert users == []
