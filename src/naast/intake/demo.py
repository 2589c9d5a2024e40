"""Demo data for the front door: a queue with overdue and due-today requests, a few requests for
another supporter, intake details, and a partner API key.

Runs after the registry's demo and changes no counts: it updates the requests that are there.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from naast.core.demodata import DemoContext
from naast.core.workdays import is_working_day
from naast.organisations.models import ServiceProfile
from naast.registry import lifecycle
from naast.registry.choices import Channel, Status, Urgency
from naast.registry.models import Assignment, HelpRequest

from . import services
from .models import AnotherSupporterRequest, ContactWay, IntakeDetails

REASONS = [
    "Ik voel me niet begrepen door mijn ondersteuner.",
    "De ondersteuner werkt ook bij de zorgaanbieder waar ik mee in conflict ben.",
    "Ik wil liever een vrouw als ondersteuner.",
]


def _working_days_before(day, count: int):
    current = day
    while count:
        current -= timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def _queue_at_risk(ctx: DemoContext, profile: ServiceProfile) -> None:
    """Make the queue worth looking at: a few requests due today and a few overdue."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    open_requests = HelpRequest.objects.filter(
        status__in=[Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS], is_quick_log=False
    ).exclude(another_supporter_requests__isnull=False)
    # Half of the open requests at most (a small demo keeps some in progress), eight at most.
    candidates = list(open_requests.order_by("-received_at")[: min(8, max(1, open_requests.count() // 2))])
    # Back to the shared front-door queue, waiting for triage.
    Assignment.objects.filter(help_request__in=candidates, ended_at__isnull=True).delete()
    histories = []
    for i, hr in enumerate(candidates):
        if i % 2 == 0 and is_working_day(today):
            # Urgent, received three working days ago late in the afternoon: due today.
            urgency = Urgency.URGENT
            hr.received_at = datetime.combine(
                _working_days_before(today, profile.urgent_first_contact_working_days), time(17, 30), tzinfo=tz
            )
        else:
            urgency = Urgency.REGULAR
            hr.received_at = timezone.now() - timedelta(days=profile.regular_first_contact_days + ctx.rng.randint(2, 9))
        hr.organisation, hr.minutes_spent = None, 0
        histories.append((hr, lifecycle.History(hr.received_at, urgency)))  # waiting for triage, nothing done yet
    lifecycle.write_histories(histories, other_fields=["received_at", "organisation", "minutes_spent"])
    ctx.log(f"  {len(candidates)} requests due today or overdue in the queue")


def _another_supporter(ctx: DemoContext) -> None:
    """Residents who asked for another supporter this year: most got a new one a few days later
    (handled, as the report counts them), the latest wait in the queue, flagged."""
    rng = ctx.rng
    assigned = list(
        HelpRequest.objects.filter(status__in=[Status.ASSIGNED, Status.IN_PROGRESS], assignments__ended_at__isnull=True,
                                   organisation__isnull=False)
        .order_by("-received_at")
        .distinct()[:8]
    )
    handled = 0
    for i, hr in enumerate(assigned):
        previous = set(hr.assignments.filter(ended_at__isnull=True).values_list("supporter_id", flat=True))
        asked = services.request_another_supporter(
            hr, reason=REASONS[i % len(REASONS)],
            source=AnotherSupporterRequest.Source.PUBLIC if i % 2 == 0 else AnotherSupporterRequest.Source.STAFF,
        )
        asked_at = max(hr.received_at, timezone.now() - timedelta(days=rng.randint(5, 60)))
        replacement = (services.assignable_supporters().filter(organisation_id=hr.organisation_id)
                       .exclude(pk__in=previous).order_by("pk").first())
        if i < 3 or replacement is None:  # the latest ones still wait
            AnotherSupporterRequest.objects.filter(pk=asked.pk).update(created_at=asked_at)
            continue
        # Written directly (demo data, like the registry's assignments): `services.assign` would also
        # e-mail the supporter, and the request's move goes through the lifecycle as it does there.
        new_at = asked_at + timedelta(days=rng.uniform(0.5, 6))
        Assignment.objects.create(help_request=hr, supporter=replacement, assigned_at=new_at)
        lifecycle.assigned(hr)
        AnotherSupporterRequest.objects.filter(pk=asked.pk).update(created_at=asked_at, resolved_at=new_at)
        handled += 1
    ctx.log(f"  {len(assigned)} requests for another supporter ({handled} with a new supporter)")


def _intake_details(ctx: DemoContext) -> None:
    since = timezone.now() - timedelta(days=365)
    rows = HelpRequest.objects.filter(received_at__gte=since, channel__in=[Channel.WEB, Channel.PARTNER, Channel.EMAIL])
    ways = [ContactWay.PHONE, ContactWay.PHONE, ContactWay.EMAIL, ContactWay.LETTER, ContactWay.VISIT]
    languages = ["nl"] * 8 + ["ar", "tr", "uk", "pl"]
    details = []
    for pk, channel in rows.exclude(intake__isnull=False).values_list("pk", "channel").iterator(chunk_size=5000):
        on_behalf = ctx.rng.random() < 0.2
        details.append(IntakeDetails(
            help_request_id=pk,
            contact_way=ContactWay.EMAIL if channel == Channel.EMAIL else ctx.rng.choice(ways),
            on_behalf=on_behalf,
            asker_relation=ctx.rng.choice(["dochter", "zoon", "buurvrouw", "partner"]) if on_behalf else "",
            preferred_language=ctx.rng.choice(languages),
        ))
    IntakeDetails.objects.bulk_create(details, batch_size=5000)
    ctx.log(f"  intake details for {len(details)} requests of the last year")


def build(ctx: DemoContext) -> None:
    profile = ServiceProfile.get()
    _queue_at_risk(ctx, profile)  # first: it takes the newest open requests back to the shared queue
    _another_supporter(ctx)
    _intake_details(ctx)
    _key, key = services.create_partner_key("Huisartsenpraktijk De Linde (demo)", referrer="gp")
    ctx.log(f"  partner API key (demo): {key}")


