"""Reads for the case-file screens: a fixed number of queries per page, whatever the file's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from naast.accounts.models import SupporterProfile, User
from naast.organisations.models import ServiceProfile
from naast.privacy import policy
from naast.registry import corrections, lifecycle
from naast.registry.choices import OPEN_STATUSES
from naast.registry.models import Assignment, HelpRequest

from .choices import ZrmDomain
from .models import (
    Appointment,
    CaseFile,
    Closing,
    Contact,
    DomainScore,
    Reopening,
    SelfSufficiencyAssessment,
)

TIMELINE_LIMIT = 60


def active_supporters(help_request: HelpRequest) -> QuerySet:
    return User.objects.filter(
        assignments__help_request=help_request, assignments__ended_at__isnull=True
    ).order_by("first_name", "last_name")


def colleagues_on(help_request: HelpRequest, user: User) -> QuerySet:
    """The other supporters of a duo, who may be named on a contact or appointment."""
    return active_supporters(help_request).exclude(pk=user.pk)


def own_appointments(user: User) -> QuerySet:
    """The appointments `user` is named on, of the requests they are still actively assigned to
    (`policy.assigned_help_requests`): their calendar feed, their caseload's next appointments.
    Cancelled ones included (the feed marks them cancelled); nothing of a request once the
    supporter's assignment to it ended."""
    return Appointment.objects.filter(
        supporters=user, help_request__in=policy.assigned_help_requests(user).values("pk")
    )


@dataclass
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    text: str = ""
    who: str = ""
    anchor: str = ""


def _at(value) -> datetime:
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time(12, 0)))


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _when(value: datetime) -> str:
    """A moment as the templates show it, in the active language: "di 1 december 09:00";
    with the year when it is not this year."""
    local = timezone.localtime(value)
    fmt = "D j F H:i" if local.year == timezone.localdate().year else "D j F Y H:i"
    return date_format(local, fmt)


@dataclass
class ZrmComparison:
    assessments: list
    rows: list  # [{"code", "label", "levels": [int|None per assessment], "first", "last", "change"}]
    improved: int = 0
    worsened: int = 0
    unchanged: int = 0


def zrm_comparison(assessments: list[SelfSufficiencyAssessment]) -> ZrmComparison:
    """Side-by-side levels per domain with the change from the first to the latest score."""
    by_assessment = [a.levels() for a in assessments]
    rows, improved, worsened, unchanged = [], 0, 0, 0
    for code, label in ZrmDomain.choices:
        levels = [levels.get(code) for levels in by_assessment]
        scored = [lvl for lvl in levels if lvl is not None]
        first = scored[0] if scored else None
        last = scored[-1] if scored else None
        change = (last - first) if len(scored) >= 2 else None
        if change is not None:
            improved += change > 0
            worsened += change < 0
            unchanged += change == 0
        rows.append({"code": code, "label": label, "levels": levels, "first": first, "last": last, "change": change})
    return ZrmComparison(assessments, rows, improved, worsened, unchanged)


@dataclass
class CaseFilePage:
    help_request: HelpRequest
    case_file: CaseFile | None
    life_domains: list
    assignments: list
    contacts: list
    assessments: list
    appointments: list
    support_actions: list
    referrals: list
    signals: list
    closings: list
    reopenings: list
    other_helpers: list
    documents: list
    exceedances: list
    other_requests: list
    corrections: list
    guideline_minutes: int
    timeline: list[TimelineEntry] = field(default_factory=list)
    timeline_total: int = 0
    contact_count: int = 0

    @property
    def over_guideline(self) -> bool:
        return self.help_request.minutes_spent > self.guideline_minutes

    @property
    def guideline_percent(self) -> int:
        return min(100, round(100 * self.help_request.minutes_spent / max(self.guideline_minutes, 1)))

    @property
    def guideline_meter(self) -> dict:
        """The <meter> of time spent in minutes: amber from 80% of the guideline, red past it
        (the scale grows with the time spent, so a value past the guideline is not cut off)."""
        spent, guideline = self.help_request.minutes_spent, self.guideline_minutes
        return {"value": spent, "max": max(spent, guideline, 1), "low": round(guideline * 0.8), "high": guideline}

    @property
    def upcoming_appointments(self) -> list:
        now = timezone.now()
        return [a for a in self.appointments if a.cancelled_at is None and a.ends_at >= now]

    @property
    def zrm(self) -> ZrmComparison:
        return zrm_comparison(self.assessments)

    @property
    def norms(self) -> list:
        return lifecycle.norm_overview(self.help_request)

    @property
    def reasons_for_passing(self) -> list:
        return [e for e in self.exceedances if e.withdrawn_at is None]


def case_file_page(help_request: HelpRequest) -> CaseFilePage:
    """Everything the case-file page shows, in a fixed number of queries (prefetched)."""
    hr = help_request
    users = User.objects.only("id", "username", "first_name", "last_name")
    # The timeline shows the latest events; all contacts are on the (paginated) contacts page.
    contacts = list(
        Contact.objects.filter(help_request=hr)
        .only("id", "help_request_id", "occurred_at", "kind", "minutes", "note", "withdrawn_at")
        .prefetch_related(Prefetch("supporters", queryset=users))
        .order_by("-occurred_at", "-id")[:TIMELINE_LIMIT]
    )
    assessments = list(
        SelfSufficiencyAssessment.objects.filter(help_request=hr, withdrawn_at__isnull=True).select_related("assessed_by")
        .prefetch_related(Prefetch("scores", queryset=DomainScore.objects.all()))
    )
    appointments = list(
        Appointment.objects.filter(help_request=hr).prefetch_related(Prefetch("supporters", queryset=users))
    )
    other_requests = []
    if hr.client_id:
        other_requests = list(
            HelpRequest.objects.filter(client_id=hr.client_id).exclude(pk=hr.pk)
            .only("id", "reference", "received_at", "status", "outcome", "question").order_by("-received_at")
        )
    page = CaseFilePage(
        help_request=hr,
        case_file=CaseFile.objects.filter(help_request=hr).first(),
        life_domains=list(hr.life_domains.all()),
        assignments=list(hr.assignments.filter(ended_at__isnull=True).select_related("supporter")),
        contacts=contacts,
        assessments=assessments,
        appointments=appointments,
        support_actions=list(hr.support_actions.select_related("recorded_by")),
        referrals=list(hr.referrals.select_related("referred_by")),
        signals=list(hr.signals.select_related("recorded_by")),
        closings=list(Closing.objects.filter(help_request=hr).select_related("closed_by")),
        reopenings=list(Reopening.objects.filter(help_request=hr).select_related("reopened_by")),
        other_helpers=list(hr.other_helpers.all()),
        documents=list(hr.documents.select_related("uploaded_by")),
        exceedances=list(hr.guideline_exceedances.select_related("recorded_by")),
        other_requests=other_requests,
        corrections=list(corrections.history(hr)),
        guideline_minutes=ServiceProfile.get().guideline_hours * 60,
    )
    page.contact_count = Contact.objects.filter(help_request=hr).count()
    entries = build_timeline(page)
    page.timeline_total = len(entries) - len(contacts) + page.contact_count
    page.timeline = entries[:TIMELINE_LIMIT]
    return page


def build_timeline(page: CaseFilePage) -> list[TimelineEntry]:
    """Everything that happened, newest first, derived from the records themselves."""
    hr = page.help_request
    entries = [TimelineEntry(hr.received_at, "received", _("Help request received"),
                             hr.get_channel_display(), anchor="question")]
    for c in page.contacts:
        who = ", ".join(_name(u) for u in c.supporters.all())
        title = _("%(kind)s, %(minutes)s min.") % {"kind": c.get_kind_display(), "minutes": c.minutes}
        if c.withdrawn_at:
            title = _("%(contact)s (withdrawn)") % {"contact": title}
        entries.append(TimelineEntry(c.occurred_at, "contact", title, c.note, who))
    for c in page.corrections:
        verb = _("Withdrawn") if c.withdrawn else _("Corrected")
        title = _("%(verb)s: %(what)s") % {"verb": verb, "what": c.field_label}
        text = _("Was: %(old)s. Now: %(new)s. Why: %(reason)s") % {"old": c.old_value, "new": c.new_value,
                                                                  "reason": c.reason}
        entries.append(TimelineEntry(c.corrected_at, "correction", title, text, _name(c.corrected_by)))
    for a in page.assessments:
        entries.append(TimelineEntry(_at(a.assessed_on), "assessment", _("Self-sufficiency assessment (ZRM)"),
                                     a.note, _name(a.assessed_by), anchor="zrm"))
    for a in page.appointments:
        when = _when(a.starts_at)
        # Each event on the day it happened: planning it when it was made, a cancellation when it
        # was cancelled (not when the appointment had been made).
        entries.append(TimelineEntry(a.created_at, "appointment",
                                     _("Appointment planned for %(when)s") % {"when": when}, a.location))
        if a.cancelled_at:
            entries.append(TimelineEntry(a.cancelled_at, "appointment",
                                         _("Appointment cancelled (%(when)s)") % {"when": when}, a.location))
    for s in page.support_actions:
        entries.append(TimelineEntry(_at(s.happened_on), "action", s.get_kind_display(),
                                     f"{s.description} — {s.get_outcome_display()}", _name(s.recorded_by)))
    for r in page.referrals:
        entries.append(TimelineEntry(r.referred_at, "referral",
                                     _("Referred to %(name)s") % {"name": r.service_name or r.organisation_name},
                                     f"{r.get_kind_display()} — {r.get_status_display()}", _name(r.referred_by)))
    for s in page.signals:
        entries.append(TimelineEntry(s.recorded_at, "signal", _("Signal: %(theme)s") % {"theme": s.get_theme_display()},
                                     s.text, _name(s.recorded_by)))
    for e in page.reasons_for_passing:
        entries.append(TimelineEntry(e.recorded_at, "guideline", _("Guideline hours passed: %(reason)s")
                                     % {"reason": e.get_reason_display()}, e.explanation, _name(e.recorded_by)))
    for c in page.closings:
        entries.append(TimelineEntry(c.closed_at, "closed", _("Closed: %(outcome)s") % {"outcome": c.get_outcome_display()},
                                     c.summary, _name(c.closed_by)))
    for r in page.reopenings:
        entries.append(TimelineEntry(r.reopened_at, "reopened", _("Reopened"), r.reason, _name(r.reopened_by)))
    for d in page.documents:
        entries.append(TimelineEntry(d.uploaded_at, "document", _("Document added: %(title)s") % {"title": d.title},
                                     "", _name(d.uploaded_by), anchor="documents"))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


# --- caseload and case meeting ----------------------------------------------------------------
def _month_start(today: date) -> datetime:
    return timezone.make_aware(datetime.combine(today.replace(day=1), time.min))


@dataclass
class Caseload:
    requests: list
    minutes_this_month: int
    contracted_hours_per_month: float | None
    appointments: list

    @property
    def hours_this_month(self) -> float:
        return round(self.minutes_this_month / 60, 1)


def caseload_requests(user: User, *, supporter: User | None = None) -> QuerySet:
    """Open help requests the user may see, with their next appointment; for one supporter when given."""
    now = timezone.now()
    qs = policy.visible_help_requests(user, HelpRequest.objects.open())
    if supporter is not None:
        qs = qs.filter(assignments__supporter=supporter, assignments__ended_at__isnull=True)
    from django.db.models import Min

    # Requests still waiting for first contact come first, by that deadline (overdue ones on top);
    # then the others, by their next appointment.
    waiting = Q(first_contact_at__isnull=True)
    return (
        qs.select_related("client", "case_file")
        .annotate(next_appointment=Min("appointments__starts_at",
                                       filter=Q(appointments__starts_at__gte=now, appointments__cancelled_at__isnull=True)))
        .annotate(contacted=Case(When(waiting, then=Value(0)), default=Value(1), output_field=IntegerField()),
                  contact_due=Case(When(waiting, then=F("first_contact_due")), default=None,
                                  output_field=DateTimeField()))
        .order_by("contacted", F("contact_due").asc(nulls_last=True), F("next_appointment").asc(nulls_last=True),
                  "received_at")
    )


def supporter_caseload(user: User) -> Caseload:
    """A supporter's own overview: open requests, next deadlines, hours this month vs contracted."""
    requests = list(caseload_requests(user, supporter=user))
    start = _month_start(timezone.localdate())
    minutes = (
        Contact.objects.filter(supporters=user, occurred_at__gte=start).aggregate(total=Sum("minutes"))["total"] or 0
    )
    profile = SupporterProfile.objects.filter(user=user).only("contracted_hours_per_week").first()
    contracted = None
    if profile and profile.contracted_hours_per_week:
        contracted = round(float(profile.contracted_hours_per_week) * 52 / 12, 1)
    appointments = list(
        own_appointments(user).filter(cancelled_at__isnull=True, starts_at__gte=timezone.now())
        .select_related("help_request").order_by("starts_at")[:10]
    )
    return Caseload(requests, minutes, contracted, appointments)


def team_caseload(user: User) -> list[dict]:
    """Per supporter of the coordinator's organisation: number of open requests (one query)."""
    return list(
        Assignment.objects.filter(ended_at__isnull=True, help_request__status__in=OPEN_STATUSES,
                                  help_request__in=policy.visible_help_requests(user))
        .values("supporter_id", "supporter__first_name", "supporter__last_name", "supporter__username")
        .annotate(open_requests=Count("help_request", distinct=True))
        .order_by("-open_requests", "supporter__first_name")
    )


def case_meeting_agenda(user: User) -> list[HelpRequest]:
    """Requests on the next case meeting's agenda that the user may see, oldest request first."""
    return list(
        policy.visible_help_requests(user, HelpRequest.objects.filter(case_file__case_meeting_requested_at__isnull=False))
        .select_related("client", "case_file", "target_group")
        .prefetch_related("life_domains", Prefetch("assignments", queryset=Assignment.objects.filter(ended_at__isnull=True).select_related("supporter"), to_attr="active_assignments"))
        .order_by("case_file__case_meeting_requested_at")
    )


def case_meeting_candidates(user: User, limit: int = 200) -> list[HelpRequest]:
    """Open requests the user may see that are not on the agenda yet (to add them)."""
    return list(
        policy.visible_help_requests(
            user, HelpRequest.objects.open().filter(organisation__isnull=False)
        )
        .exclude(case_file__case_meeting_requested_at__isnull=False)
        .select_related("client")
        .order_by("received_at")[:limit]
    )


def referral_candidates(query: str, limit: int = 15) -> list:
    """Services of the social map matching `query` (the map's own forgiving search, staff view)."""
    from naast.socialmap.search import search_services

    return search_services(query, audience="staff", per_page=limit).services


def map_service(value) -> object | None:
    """A live social-map service by its id (as given in a URL), or None."""
    import uuid

    from naast.socialmap.models import Service

    try:
        pk = uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
    return Service.objects.filter(pk=pk, archived_at__isnull=True).select_related("organization").first()
