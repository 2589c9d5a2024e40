"""Suggestions and assignment keep independence: never an indicatiesteller, never a supporter
the resident asked to replace; one or two supporters; the supporter hears about it by e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from naast.accounts.models import User
from naast.accounts.roles import Role
from naast.intake import selectors, services
from naast.intake.models import AnotherSupporterRequest, SupporterExclusion
from naast.registry.models import Assignment
from naast.taxonomies.models import LifeDomain, TargetGroup

from .factories import supporter, web_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing():
    return LifeDomain.objects.get(code="housing")


@pytest.fixture
def coordinator(f, org):
    return f.user(Role.COORDINATOR, org=org)


def test_suggestions_rank_by_fit_and_say_why(f, org, other_org, housing):
    district = f.district("Diever")
    group = TargetGroup.objects.first()
    expert = supporter(org, domains=[housing], groups=[group], districts=[district], languages=["nl", "ar"],
                       first_name="Expert")
    generalist = supporter(other_org, first_name="Generalist")
    hr = web_request(life_domains=[housing], target_group=group, resident=services.ResidentDetails(preferred_language="ar"))
    hr.district = district
    hr.save()
    ranked = selectors.suggest_supporters(hr)
    assert [s.supporter for s in ranked] == [expert, generalist]
    reasons = " ".join(ranked[0].reasons)
    assert "Kent wonen" in reasons and "Diever" in reasons and "(Arabisch)" in reasons and "ruimte" in reasons


def test_absent_and_fully_booked_supporters_sink_with_a_warning(f, org):
    available = supporter(org, hours=16, first_name="Beschikbaar")
    absent = supporter(org, hours=36, first_name="Afwezig")
    profile = absent.supporter_profile
    profile.absent_from = timezone.localdate() - timedelta(days=1)
    profile.absent_until = timezone.localdate() + timedelta(days=14)
    profile.save()
    busy = supporter(org, hours=4, first_name="Vol")
    for _ in range(3):
        Assignment.objects.create(help_request=f.help_request(org=org), supporter=busy)
    ranked = selectors.suggest_supporters(web_request())
    assert ranked[0].supporter == available
    by_user = {s.supporter: s for s in ranked}
    assert any("Afwezig tot" in w for w in by_user[absent].warnings)
    assert any("Volle caseload" in w for w in by_user[busy].warnings)


def test_an_indicatiesteller_is_never_suggested_or_assignable(f, org, coordinator):
    # No writer makes such an account any more (accounts.independence); one from before, or written
    # past the rules, is still never suggested nor assignable.
    decider = f.user(Role.COORDINATOR, Role.SUPPORTER, org=org, first_name="Wmo")
    User.objects.filter(pk=decider.pk).update(is_indicatiesteller=True)
    decider.refresh_from_db()
    regular = supporter(org)
    hr = web_request()
    assert decider not in [s.supporter for s in selectors.suggest_supporters(hr)]
    assert regular in [s.supporter for s in selectors.suggest_supporters(hr)]
    with pytest.raises(ValidationError, match="indicatiesteller"):
        services.assign(hr, [decider], by=coordinator)
    assert not Assignment.objects.filter(help_request=hr).exists()


def test_a_non_supporter_cannot_be_assigned(f, org, coordinator):
    desk = f.user(Role.DESK, org=org)
    with pytest.raises(ValidationError, match="geen cliëntondersteuner"):
        services.assign(web_request(), [desk], by=coordinator)


def test_assign_a_duo_sets_organisation_status_and_emails_both(org, coordinator, django_capture_on_commit_callbacks,
                                                                 settings):
    settings.SITE_URL = "https://naast.example.nl"
    a, b = supporter(org, email="a@example.org"), supporter(org, email="b@example.org")
    hr = web_request()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(hr, [a, b], by=coordinator)
    hr.refresh_from_db()
    assert hr.status == "assigned" and hr.organisation == org
    assert set(hr.assignments.filter(ended_at__isnull=True).values_list("supporter", flat=True)) == {a.pk, b.pk}
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert hr.reference in mail.outbox[0].subject
    assert hr.client.display_name not in mail.outbox[0].body  # no client data in e-mail
    assert f"https://naast.example.nl/staff/requests/{hr.reference}/" in mail.outbox[0].body  # a link that opens


def test_at_most_two_supporters_and_nothing_ends_silently(org, coordinator):
    a, b, c = supporter(org), supporter(org), supporter(org)
    hr = web_request()
    services.assign(hr, [a, b], by=coordinator)
    with pytest.raises(ValidationError, match="hoogstens twee"):
        services.assign(hr, [c], by=coordinator)
    assert hr.assignments.filter(ended_at__isnull=True).count() == 2


def test_after_another_supporter_please_the_previous_one_is_never_suggested_again(org, coordinator):
    first, second = supporter(org, first_name="Eerste"), supporter(org, first_name="Tweede")
    hr = web_request()
    services.assign(hr, [first], by=coordinator)
    services.request_another_supporter(hr, reason="Ik voel me niet gehoord.", source="public")
    hr.refresh_from_db()
    assert hr.status == "received"
    assert not hr.assignments.filter(ended_at__isnull=True).exists()
    assert SupporterExclusion.objects.filter(help_request=hr, supporter=first).exists()
    assert first not in [s.supporter for s in selectors.suggest_supporters(hr)]
    with pytest.raises(ValidationError, match="andere ondersteuner"):
        services.assign(hr, [first], by=coordinator)
    # Flagged in the queue until someone new is assigned; then still never the first one.
    rows, counts = selectors.queue(coordinator)
    rows = selectors.mark_deadlines(list(rows), counts)
    assert [r.wants_other_supporter for r in rows if r.pk == hr.pk] == [True]
    services.assign(hr, [second], by=coordinator)
    assert AnotherSupporterRequest.objects.get().resolved_at is not None
    services.request_another_supporter(hr, reason="Weer niet goed.", source="staff", by=coordinator)
    assert [s.supporter for s in selectors.suggest_supporters(hr)] == []


def test_another_supporter_needs_a_reason(org, coordinator):
    hr = web_request()
    with pytest.raises(ValidationError):
        services.request_another_supporter(hr, reason="   ", source="public")
    assert not AnotherSupporterRequest.objects.exists()


def test_change_urgency_needs_a_reason_and_moves_the_deadline(coordinator):
    hr = web_request()
    regular_due = hr.first_contact_due
    with pytest.raises(ValidationError):
        services.change_urgency(hr, "urgent", by=coordinator, reason="")
    services.change_urgency(hr, "urgent", by=coordinator, reason="Huisuitzetting dreigt")
    hr.refresh_from_db()
    assert hr.urgency == "urgent" and hr.first_contact_due < regular_due
    assert hr.urgency_changes.get().reason == "Huisuitzetting dreigt"


def test_first_contact_is_stored_with_the_appointment_target():
    hr = web_request()
    services.record_first_contact(hr)
    hr.refresh_from_db()
    assert hr.first_contact_at is not None and hr.appointment_due > hr.first_contact_at
    assert hr.status == "in_progress"


def test_contracted_hours_are_written_the_dutch_way(org):
    supporter(org, first_name="Deeltijd", hours="24.5")
    supporter(org, first_name="Voltijd", hours="32")
    ranked = selectors.suggest_supporters(web_request())
    reasons = {str(s.supporter.first_name): " ".join(s.reasons) for s in ranked}
    assert "24,5 uur per week" in reasons["Deeltijd"] and "32 uur per week" in reasons["Voltijd"]
