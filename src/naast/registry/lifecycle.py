"""A help request's life: the only code that writes its status, its due times and the moments that
meet them (first contact, appointment, support started), its closing and its reopening.

Intake, case work, corrections, the importer and the demo ask this module to move a request; none
writes those fields itself (`models.LIFECYCLE_FIELDS`, guarded in the model). The states and
transitions are the table in docs/lifecycle.md; the norms behind the due times are docs/domain.md §6.
Every function that moves a saved request expects the caller to hold its row lock
(`select_for_update`) inside a transaction when other writers may race it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.core.workdays import add_working_days, is_working_day
from naast.organisations.models import ServiceProfile

from .choices import OPEN_STATUSES, Outcome, Status, Urgency
from .models import HelpRequest, lifecycle_writes

# Closing with one of these outcomes without an earlier conversation in person means the support
# happened (on the phone, by letter): the request was picked up when it was closed.
PICKUP_OUTCOMES = (Outcome.ANSWERED, Outcome.REFERRED)


class TransitionRefused(ValidationError):
    """The request is not in a state that allows this step; the message says why, for the user."""


# --- the deadline rule (docs/domain.md §6) --------------------------------------------------------
@lru_cache(maxsize=8192)
def _days_to_due(day, rule: str, count: int) -> int:
    """Whole days from a local date to its due date: `count` working days, or `count` calendar days
    moved on to the next working day. Depends only on the date, so it is cached per day."""
    if rule == "working":
        return (add_working_days(day, count) - day).days
    due = day + timedelta(days=count)
    while not is_working_day(due):
        due += timedelta(days=1)
    return (due - day).days


def _due(start: datetime, rule: str, count: int) -> datetime:
    # Counted in local (Amsterdam) days: a request at 23:30 on a Friday is a Friday request, and
    # the due time keeps the wall-clock time of day across a change to or from summer time.
    local = timezone.localtime(start)
    return local + timedelta(days=_days_to_due(local.date(), rule, count))


def first_contact_due(received_at: datetime, urgency: str, profile: ServiceProfile | None = None) -> datetime:
    """When first contact must be made: urgent within N working days, regular within N calendar days
    (a due date on a weekend or public holiday moves to the next working day)."""
    profile = profile or ServiceProfile.get()
    if urgency == Urgency.URGENT:
        return _due(received_at, "working", profile.urgent_first_contact_working_days)
    return _due(received_at, "calendar", profile.regular_first_contact_days)


def appointment_due(first_contact_at: datetime, profile: ServiceProfile | None = None) -> datetime:
    """When an appointment must have been made: N working days after the first contact."""
    profile = profile or ServiceProfile.get()
    return _due(first_contact_at, "working", profile.appointment_working_days)


def pickup_due(received_at: datetime, urgency: str, profile: ServiceProfile | None = None) -> datetime:
    """When the support itself must have started ("handled within"): urgent within N working days,
    regular within N calendar days (moved on to a working day like the first contact)."""
    profile = profile or ServiceProfile.get()
    if urgency == Urgency.URGENT:
        return _due(received_at, "working", profile.pickup_urgent_working_days)
    return _due(received_at, "calendar", profile.pickup_regular_days)


def end_of_next_working_day(now: datetime) -> datetime:
    """The end of the next working day after `now`: 'due within one working day' for reminders."""
    return add_working_days(timezone.localtime(now), 1).replace(hour=23, minute=59, second=59, microsecond=0)


# --- the state of a norm (docs/domain.md §6.5): one rule, for one request and for a report --------
@dataclass(frozen=True)
class Norm:
    key: str
    due: str  # the field with the due time
    done: str  # the field with the moment that met it


NORMS = (
    Norm("first_contact", "first_contact_due", "first_contact_at"),
    Norm("appointment", "appointment_due", "appointment_at"),
    Norm("pickup", "pickup_due", "picked_up_at"),
)


def norm_state(help_request: HelpRequest, norm: Norm, cutoff: datetime | None = None) -> str:
    """on_time / late / none (not measured) / pending for one request at `cutoff` (default now).
    `norm_state_expression` is the same rule in SQL, for reports; a test holds them together."""
    cutoff = cutoff or timezone.now()
    due, done = getattr(help_request, norm.due), getattr(help_request, norm.done)
    closed = help_request.closed_at if help_request.status == Status.CLOSED else None
    if due is None:
        return "none"
    if done is not None:
        return "on_time" if done <= due else "late"
    if closed is not None and closed <= due and closed < cutoff:
        return "none"
    return "late" if due < cutoff else "pending"


def overdue_q(norm: Norm, now: datetime):
    """Open requests whose norm is late at `now` (`norm_state` for a request still open): due, not met."""
    from django.db.models import Q

    return Q(**{f"{norm.due}__lt": now, f"{norm.done}__isnull": True})


NORMS_BY_KEY = {norm.key: norm for norm in NORMS}


@dataclass(frozen=True)
class NormStatus:
    """One norm of one request as a screen shows it."""

    key: str
    label: str
    due: datetime | None
    done: datetime | None
    state: str
    state_label: str


def norm_overview(help_request: HelpRequest, now: datetime | None = None) -> list[NormStatus]:
    """The request's three norms with their state now: for the request page and the case file."""
    labels = {"first_contact": _("First contact"), "appointment": _("Appointment made"),
              "pickup": _("Support started")}
    states = {"on_time": _("on time"), "late": _("late"), "none": _("not measured"), "pending": _("not yet due")}
    rows = []
    for norm in NORMS:
        state = norm_state(help_request, norm, now)
        rows.append(NormStatus(norm.key, labels[norm.key], getattr(help_request, norm.due),
                               getattr(help_request, norm.done), state, states[state]))
    return rows


def norm_state_expression(norm: Norm, cutoff: datetime, closed: str = "closed_eff"):
    """`norm_state` as a database expression over help requests; `closed` names the closing time
    (the reports annotate `closed_eff`, which also covers quick logs)."""
    from django.db.models import Case, F, Value, When

    return Case(
        When(**{f"{norm.due}__isnull": True}, then=Value("none")),
        When(**{f"{norm.done}__isnull": False, f"{norm.done}__lte": F(norm.due)}, then=Value("on_time")),
        When(**{f"{norm.done}__isnull": False}, then=Value("late")),
        When(**{f"{closed}__lte": F(norm.due), f"{closed}__lt": cutoff}, then=Value("none")),
        When(**{f"{norm.due}__lt": cutoff}, then=Value("late")),
        default=Value("pending"),
    )


# --- writing ------------------------------------------------------------------------------------
def _save(help_request: HelpRequest, fields: Iterable[str]) -> None:
    fields = list(dict.fromkeys(fields))
    if not fields:
        return
    with lifecycle_writes():
        help_request.save(update_fields=[*fields, "updated_at"])


def _require(help_request: HelpRequest, allowed: Sequence[str], message: str, code: str) -> None:
    if help_request.status not in allowed:
        raise TransitionRefused(message, code=code)


def require_open(help_request: HelpRequest) -> None:
    """Refuse a step that needs an open request (a contact, an appointment, a referral, closing)."""
    _require(help_request, OPEN_STATUSES, _("This help request is closed. Reopen it first."), "closed")


def _set_due_times(help_request: HelpRequest, profile: ServiceProfile) -> list[str]:
    help_request.first_contact_due = first_contact_due(help_request.received_at, help_request.urgency, profile)
    help_request.pickup_due = pickup_due(help_request.received_at, help_request.urgency, profile)
    fields = ["first_contact_due", "pickup_due"]
    if help_request.first_contact_at is not None:
        help_request.appointment_due = appointment_due(help_request.first_contact_at, profile)
        fields.append("appointment_due")
    return fields


# --- transitions (docs/lifecycle.md) ------------------------------------------------------------
def register(help_request: HelpRequest, *, urgency: str = Urgency.REGULAR,
             profile: ServiceProfile | None = None) -> HelpRequest:
    """A new request (not saved yet) comes in: status received, with its due times; saves it."""
    if urgency not in Urgency.values:
        raise ValidationError(_("Unknown urgency."))
    if not help_request._state.adding:
        raise TransitionRefused(_("This help request is registered already."), code="registered")
    help_request.urgency = urgency
    help_request.status = Status.RECEIVED
    _set_due_times(help_request, profile or ServiceProfile.get())
    with lifecycle_writes():
        help_request.save()
    return help_request


def register_answered(help_request: HelpRequest, *, at: datetime | None = None) -> HelpRequest:
    """A quick question answered on the spot (not saved yet): registered, contacted, picked up and
    closed as answered at one moment; saves it. It meets its first-contact and pickup norms."""
    if not help_request._state.adding:
        raise TransitionRefused(_("This help request is registered already."), code="registered")
    at = at or timezone.now()
    help_request.received_at = at
    help_request.urgency = Urgency.REGULAR
    help_request.first_contact_at = help_request.picked_up_at = help_request.closed_at = at
    help_request.status, help_request.outcome = Status.CLOSED, Outcome.ANSWERED
    _set_due_times(help_request, ServiceProfile.get())
    with lifecycle_writes():
        help_request.save()
    return help_request


def retriage(help_request: HelpRequest, urgency: str) -> list[str]:
    """Change the urgency; the due times that follow from it are computed again. Also used by a
    correction of a closed request, so that its report figures follow the corrected urgency."""
    if urgency not in Urgency.values:
        raise ValidationError(_("Unknown urgency."))
    help_request.urgency = urgency
    fields = ["urgency", *_set_due_times(help_request, ServiceProfile.get())]
    _save(help_request, fields)
    return fields


def assigned(help_request: HelpRequest) -> None:
    """A supporter was assigned: a received request becomes assigned (a duo partner or a new
    supporter on a request in progress leaves the status as it is)."""
    _require(help_request, OPEN_STATUSES, _("This help request is closed."), "closed")
    if help_request.status == Status.RECEIVED:
        help_request.status = Status.ASSIGNED
        _save(help_request, ["status"])


def released(help_request: HelpRequest) -> None:
    """Every supporter left (the resident asked for another one): back to the queue, received."""
    _require(help_request, OPEN_STATUSES, _("This help request is closed."), "closed")
    if help_request.status != Status.RECEIVED:
        help_request.status = Status.RECEIVED
        _save(help_request, ["status"])


def contact_made(help_request: HelpRequest, *, at: datetime, in_person: bool = False) -> None:
    """A contact with the resident was logged. The earliest contact is the first contact (it sets
    the appointment's due time) and puts the request in progress; the earliest conversation in
    person starts the support (pickup)."""
    require_open(help_request)
    if timezone.localdate(at) < timezone.localdate(help_request.received_at):
        raise ValidationError(_("First contact cannot be before the request was received."))
    # A contact typed to the minute may read a few seconds before the receipt of that minute.
    at = max(at, help_request.received_at)
    fields = []
    if help_request.first_contact_at is None or at < help_request.first_contact_at:
        help_request.first_contact_at = at
        help_request.appointment_due = appointment_due(at)
        fields += ["first_contact_at", "appointment_due"]
    if in_person and (help_request.picked_up_at is None or at < help_request.picked_up_at):
        help_request.picked_up_at = at
        fields.append("picked_up_at")
    if help_request.status != Status.IN_PROGRESS:
        help_request.status = Status.IN_PROGRESS
        fields.append("status")
    _save(help_request, fields)


def appointment_made(help_request: HelpRequest, *, at: datetime | None = None) -> None:
    """An appointment was planned. The norm is about making one soon, so the first one made meets it."""
    require_open(help_request)
    if help_request.appointment_at is None:
        help_request.appointment_at = at or timezone.now()
        _save(help_request, ["appointment_at"])


def close(help_request: HelpRequest, *, outcome: str, summary: str, at: datetime | None = None) -> None:
    """Close with an outcome. An answer or a referral without an earlier conversation in person
    means the support happened: the request counts as picked up at its closing."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome from the list.")})
    require_open(help_request)
    at = at or timezone.now()
    help_request.status, help_request.closed_at = Status.CLOSED, at
    help_request.outcome, help_request.closing_summary = outcome, summary
    fields = ["status", "closed_at", "outcome", "closing_summary"]
    if help_request.picked_up_at is None and outcome in PICKUP_OUTCOMES:
        help_request.picked_up_at = at
        fields.append("picked_up_at")
    _save(help_request, fields)


def reopen(help_request: HelpRequest, *, has_supporters: bool) -> None:
    """A closed request opens again: in progress with its supporters, or back in the queue without.
    What was met before (first contact, appointment, pickup) stays met; earlier closings are kept
    by the caller's records."""
    _require(help_request, (Status.CLOSED,), _("Only a closed help request can be reopened."), "not_closed")
    help_request.status = Status.IN_PROGRESS if has_supporters else Status.RECEIVED
    help_request.closed_at, help_request.outcome, help_request.closing_summary = None, "", ""
    _save(help_request, ["status", "closed_at", "outcome", "closing_summary"])


def contacts_corrected(help_request: HelpRequest, *, first_contact_at: datetime | None,
                       picked_up_at: datetime | None) -> list[str]:
    """After a contact was corrected or withdrawn: the first contact and the pickup are the
    earliest of the contacts that remain (a pickup by closing stays while the request is closed)."""
    if picked_up_at is None and help_request.status == Status.CLOSED and help_request.outcome in PICKUP_OUTCOMES:
        picked_up_at = help_request.closed_at
    fields = []
    if first_contact_at != help_request.first_contact_at:
        help_request.first_contact_at = first_contact_at
        help_request.appointment_due = appointment_due(first_contact_at) if first_contact_at else None
        fields += ["first_contact_at", "appointment_due"]
    if picked_up_at != help_request.picked_up_at:
        help_request.picked_up_at = picked_up_at
        fields.append("picked_up_at")
    _save(help_request, fields)
    return fields


# --- history: imports and demo data -------------------------------------------------------------
@dataclass
class History:
    """What happened to a request, as another system or the demo knows it. `replay` turns it into
    the life fields by the same rules as live work. A source that does not record appointments or
    the start of support leaves those norms unmeasured (no due time) rather than counting them late."""

    received_at: datetime
    urgency: str = Urgency.REGULAR
    first_contact_at: datetime | None = None
    appointment_at: datetime | None = None
    picked_up_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str = ""
    closing_summary: str = ""
    assigned: bool = False
    quick_log: bool = False
    records_appointments: bool = True
    records_pickup: bool = True


def replay(history: History, profile: ServiceProfile | None = None) -> dict:
    """The life fields of a request with this history: its state and due times as live work sets them."""
    profile = profile or ServiceProfile.get()
    h = history
    for moment in (h.first_contact_at, h.appointment_at, h.picked_up_at, h.closed_at):
        if moment is not None and moment < h.received_at:
            raise ValidationError(_("Nothing can happen to a help request before it was received."))
    if h.outcome and h.closed_at is None:
        raise ValidationError(_("An outcome needs a closing date."))
    if h.outcome and h.outcome not in Outcome.values:
        raise ValidationError(_("Unknown outcome."))
    picked_up = h.picked_up_at
    if h.quick_log:
        picked_up = h.received_at
    elif picked_up is None and h.closed_at is not None and h.outcome in PICKUP_OUTCOMES and h.records_pickup:
        picked_up = h.closed_at
    if h.closed_at is not None:
        status = Status.CLOSED
    elif h.first_contact_at is not None:
        status = Status.IN_PROGRESS
    elif h.assigned:
        status = Status.ASSIGNED
    else:
        status = Status.RECEIVED
    measured_appointment = h.records_appointments and h.first_contact_at is not None
    return {
        "status": status,
        "urgency": h.urgency,
        "first_contact_due": first_contact_due(h.received_at, h.urgency, profile),
        "first_contact_at": h.first_contact_at,
        "appointment_due": appointment_due(h.first_contact_at, profile) if measured_appointment else None,
        "appointment_at": h.appointment_at if h.records_appointments else None,
        "pickup_due": pickup_due(h.received_at, h.urgency, profile) if h.records_pickup or h.quick_log else None,
        "picked_up_at": picked_up if h.records_pickup or h.quick_log else None,
        "closed_at": h.closed_at,
        "outcome": h.outcome,
        "closing_summary": h.closing_summary,
    }


def write_histories(pairs: Sequence[tuple[HelpRequest, History]], *, create: bool = False,
                    other_fields: Sequence[str] = (), batch_size: int = 1000) -> list[HelpRequest]:
    """Set each request's life from its history and save them together: new ones (`create`) or
    existing ones, with `other_fields` (e.g. a corrected receipt time) saved alongside."""
    profile = ServiceProfile.get()
    requests = []
    for help_request, history in pairs:
        if history.received_at != help_request.received_at:
            raise ValueError("a history starts when its request was received")
        for name, value in replay(history, profile).items():
            setattr(help_request, name, value)
        requests.append(help_request)
    with lifecycle_writes():
        if create:
            for help_request in requests:
                help_request.save()
        elif requests:
            fields = sorted({*replay(pairs[0][1], profile), *other_fields, "updated_at"})
            now = timezone.now()
            for help_request in requests:
                help_request.updated_at = now
            HelpRequest.objects.bulk_update(requests, fields, batch_size=batch_size)
    return requests


def forget_closing_summaries(queryset) -> int:
    """Blank the closing summaries of these requests (retention and erasure, `naast.privacy.retention`):
    the summary is the supporter's words about the resident; the outcome and the closing time stay."""
    with lifecycle_writes():
        return queryset.exclude(closing_summary="").update(closing_summary="", updated_at=timezone.now())


@contextmanager
def arbitrary_state() -> Iterator[None]:
    """For test data and benchmarks only: create requests in any state, with due times chosen by
    hand. A test fails when a module under src/ other than this one uses it."""
    with lifecycle_writes():
        yield
