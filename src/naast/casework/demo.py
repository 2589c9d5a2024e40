"""Demo data: full case files for a few hundred recent help requests, consistent with the
registry's demo (contacts add up to `minutes_spent`, closed requests have closings, answered
surveys belong to closings)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Min, Q, Sum
from django.utils import timezone

from naast.accounts.models import User
from naast.accounts.roles import Role
from naast.core.demodata import DemoContext
from naast.organisations.models import ServiceProfile
from naast.registry import lifecycle
from naast.registry.choices import Status
from naast.registry.models import Assignment, HelpRequest

from .choices import (
    IN_PERSON_CONTACT_KINDS,
    RESIDENT_CONTACT_KINDS,
    ActionOutcome,
    ContactKind,
    ExceedanceReason,
    ReferralKind,
    ReferralStatus,
    SignalStatus,
    SignalTheme,
    SupportActionKind,
    SurveyDelivery,
    ZrmDomain,
)
from .models import (
    Appointment,
    CaseFile,
    Closing,
    Contact,
    DomainScore,
    GuidelineExceedance,
    OtherHelper,
    Referral,
    Reopening,
    SelfSufficiencyAssessment,
    Signal,
    SupportAction,
    SurveyInvitation,
    SurveyResponse,
)
from .services import hash_token

FULL_CASE_FILES = 300
KIND_WEIGHTS = [(ContactKind.PHONE, 35), (ContactKind.OFFICE, 20), (ContactKind.HOME_VISIT, 20),
                (ContactKind.MESSAGE, 15), (ContactKind.KITCHEN_TABLE, 4), (ContactKind.PROFESSIONALS, 4),
                (ContactKind.CASE_MEETING, 2)]
CLARIFIED = [
    "Inwoner wil de beschikking Wmo begrijpen en weten of bezwaar zin heeft.",
    "Mantelzorger zoekt respijtzorg en wil zelf overeind blijven.",
    "Huurachterstand oplossen en voorkomen dat het weer gebeurt.",
    "Voorbereiden op het keukentafelgesprek: wat is belangrijk om te vertellen?",
    "Eenzaamheid na overlijden partner; zoekt contact in de wijk.",
]
HIDDEN = ["Schulden die nog niet besproken zijn.", "Overbelaste mantelzorger.", "Laaggeletterdheid.", "",
          "Zorgen over geheugen.", ""]
SIGNAL_TEXTS = {
    SignalTheme.WAITING_LIST: "Wachtlijst voor dagbesteding is meer dan 4 maanden.",
    SignalTheme.DIGITAL: "Aanvraag kan alleen online met DigiD; inwoners zonder computer lopen vast.",
    SignalTheme.RULES: "Inwoner moet voor dezelfde vraag drie formulieren invullen.",
    SignalTheme.NO_SERVICE: "Geen aanbod voor jongvolwassenen met autisme die niet meer naar school gaan.",
    SignalTheme.LANGUAGE: "Brieven van de gemeente zijn niet in B1-taal.",
    SignalTheme.FINANCIAL: "Eigen bijdrage houdt mensen tegen om hulp te vragen.",
}
# A signal written in a hurry, as it happens: the coordinator's review page flags the name and the
# phone number and refuses it until it is rewritten (services/signals.py).
HURRIED_SIGNAL = "{name} (tel. 06-{digits}) wacht al 5 maanden op dagbesteding; niemand belt terug."


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


# The logins `./dev.sh start` prints for the supporter and coordinator roles; each gets a few
# open requests, so their caseload, case files and agenda show something.
DEMO_CASELOAD_LOGINS = ("ondersteuner", "coordinator")
DEMO_CASELOAD_SIZE = 4


def _give_demo_logins_a_caseload() -> None:
    """Hand recent open requests over to the demo logins (with their organisation) until each
    has `DEMO_CASELOAD_SIZE`: assigned ones first, then ones still waiting in the queue."""
    from naast.registry.choices import OPEN_STATUSES

    open_assignments = Assignment.objects.filter(ended_at__isnull=True, help_request__status__in=OPEN_STATUSES)
    people = {u.username: u for u in User.objects.filter(username__in=DEMO_CASELOAD_LOGINS)}
    for person in (people[name] for name in DEMO_CASELOAD_LOGINS if name in people):
        wanted = DEMO_CASELOAD_SIZE - open_assignments.filter(supporter=person).count()
        handed = list(
            open_assignments.exclude(supporter__username__in=DEMO_CASELOAD_LOGINS)
            .exclude(help_request__assignments__supporter=person)
            .filter(help_request__another_supporter_requests__isnull=True)
            .order_by("-help_request__received_at", "pk")[:max(wanted, 0)]
        )
        for assignment in handed:
            assignment.supporter = person
            assignment.save(update_fields=["supporter"])
        waiting = list(
            HelpRequest.objects.filter(status=Status.RECEIVED, assignments__isnull=True, is_quick_log=False)
            .order_by("-received_at", "pk").values_list("pk", flat=True)[:max(wanted - len(handed), 0)]
        )
        Assignment.objects.bulk_create(
            [Assignment(help_request_id=pk, supporter=person, assigned_at=timezone.now()) for pk in waiting]
        )
        HelpRequest.objects.filter(pk__in=[a.help_request_id for a in handed] + waiting).update(
            organisation=person.organisation
        )
        for help_request in HelpRequest.objects.filter(pk__in=waiting):
            lifecycle.assigned(help_request)


def _office_hours(moment, rng):
    """The same day (or the Monday after a weekend) at a time between 9:00 and 16:30: when
    supporters call, visit and meet."""
    local = timezone.localtime(moment)
    while local.weekday() >= 5:
        local += timedelta(days=1)
    return local.replace(hour=rng.randint(9, 16), minute=rng.choice([0, 15, 30]), second=0, microsecond=0)


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    now = timezone.now()
    guideline = ServiceProfile.get().guideline_hours * 60
    _give_demo_logins_a_caseload()
    services = list(ctx.objects.get("socialmap_services") or [])
    requests = list(
        HelpRequest.objects.filter(organisation__isnull=False, assignments__isnull=False)
        .select_related("client").distinct().order_by("-received_at")[:FULL_CASE_FILES]
    )
    # The coordinator of each organisation reviews its signals (services/signals.py).
    coordinators: dict[int, int] = {}
    for pk, organisation_id in (User.objects.filter(role_grants__role=Role.COORDINATOR, organisation__isnull=False)
                                .order_by("pk").values_list("pk", "organisation_id")):
        coordinators.setdefault(organisation_id, pk)
    hurried: set[int] = set()  # organisations with a waiting signal that names the resident
    supporters_of: dict[int, list[int]] = {}
    active_of: dict[int, int] = {}  # an open request's appointments are with a supporter still on it
    # The registry's demo ends the assignment when a request closes; whoever supported it then
    # is the one who logged its contacts.
    for a in Assignment.objects.filter(help_request__in=requests).order_by("ended_at", "assigned_at"):
        people = supporters_of.setdefault(a.help_request_id, [])
        if a.supporter_id not in people:
            people.append(a.supporter_id)
        if a.ended_at is None:
            active_of.setdefault(a.help_request_id, a.supporter_id)

    case_files, contacts, assessments, scores = [], [], [], []
    appointments, actions, referrals, signals = [], [], [], []
    helpers, exceedances, closings, reopenings = [], [], [], []
    for hr in requests:
        people = supporters_of.get(hr.pk) or []
        if not people:
            continue
        lead = people[0]
        end = hr.closed_at or now
        case_files.append(CaseFile(
            help_request=hr, clarified_question=rng.choice(CLARIFIED), hidden_questions=rng.choice(HIDDEN),
            goals="Zelf weer overzicht hebben.",
            case_meeting_requested_at=now - timedelta(days=rng.randint(0, 6)) if hr.is_open and rng.random() < 0.05 else None,
        ))
        if hr.status in (Status.IN_PROGRESS, Status.CLOSED):
            start = hr.first_contact_at or hr.received_at + timedelta(hours=4)
            span = max((end - start).total_seconds(), 3600)
            # Most cases are short; about one in eight runs long (more, longer contacts), past the guideline.
            long_case = rng.random() < 0.12
            count = rng.randint(9, 14) if long_case else rng.randint(1, 8)
            for i in range(count):
                if i == 0:  # the call back to the resident: the request's first contact
                    at, kind = start, ContactKind.PHONE
                elif i == 1 and hr.picked_up_at:  # the first conversation in person, when the support started
                    at, kind = hr.picked_up_at, rng.choice([ContactKind.OFFICE, ContactKind.HOME_VISIT])
                else:
                    at = _office_hours(start + timedelta(seconds=rng.uniform(0, span)), rng)
                    kind = _pick(rng, KIND_WEIGHTS)
                at = max(at, hr.received_at + timedelta(minutes=30))  # never before the question came in
                duo = len(people) > 1 and rng.random() < 0.2
                minutes = rng.choice([60, 90, 120]) if long_case else rng.choice([10, 15, 20, 30, 45, 60, 60, 90])
                contacts.append((Contact(help_request=hr, occurred_at=min(at, now), kind=kind,
                                         minutes=minutes, staff_minutes=minutes * (2 if duo else 1),
                                         logged_by_id=lead, logged_at=min(at, now)), people[:2] if duo else [lead]))
        if rng.random() < 0.4:
            for n in range(rng.randint(1, 3)):
                assessments.append(SelfSufficiencyAssessment(
                    help_request=hr, assessed_on=(hr.received_at + timedelta(days=10 + 30 * n)).date(),
                    assessed_by_id=lead))
        planner = active_of.get(hr.pk) if hr.is_open else lead
        if planner is not None and rng.random() < 0.5:
            when = (now + timedelta(days=rng.randint(1, 14))) if hr.is_open else hr.received_at + timedelta(days=3)
            appointments.append((Appointment(help_request=hr, starts_at=_office_hours(when, rng).replace(minute=0),
                                             minutes=60, location=rng.choice(["Bibliotheek", "Thuis", "Wijkcentrum"]),
                                             created_by_id=planner, created_at=hr.received_at + timedelta(days=1)),
                                 [planner]))
        if rng.random() < 0.25:
            actions.append(SupportAction(
                help_request=hr, kind=rng.choice(SupportActionKind.values), happened_on=(hr.received_at + timedelta(days=7)).date(),
                counterpart="Gemeente", description="Samen met de inwoner voorbereid en meegegaan.",
                outcome=rng.choice(ActionOutcome.values), recorded_by_id=lead))
        if services and rng.random() < 0.3:
            service = rng.choice(services)
            shares = rng.random() < 0.6
            referrals.append(Referral(
                help_request=hr, service=service, service_name=service.name[:300],
                organisation_name=(service.organization.name if service.organization_id else "")[:300],
                kind=ReferralKind.WARM if shares else rng.choice(ReferralKind.values), shares_personal_data=shares,
                consent_given_at=hr.received_at + timedelta(days=5) if shares else None,
                consent_form="verbal" if shares else "", status=rng.choice(ReferralStatus.values),
                waiting_weeks=rng.choice([None, 0, 2, 6, 12]), referred_by_id=lead,
                referred_at=hr.received_at + timedelta(days=5)))
        if rng.random() < 0.15:
            theme = rng.choice(list(SIGNAL_TEXTS))
            recorded_at = min(hr.received_at + timedelta(days=8), now)
            signal = Signal(help_request=hr, theme=theme, text=SIGNAL_TEXTS[theme], shareable=rng.random() < 0.8,
                            recorded_by_id=lead, recorded_at=recorded_at, status=SignalStatus.INTERNAL)
            reviewer = coordinators.get(hr.organisation_id)
            if signal.shareable:
                # Most older signals are reviewed (approved, now and then kept internal); the last
                # weeks' wait for the coordinator, and some of those (at least one per organisation)
                # still name the resident.
                if reviewer and now - recorded_at > timedelta(days=21) and rng.random() < 0.9:
                    approve = rng.random() < 0.85
                    signal.status = SignalStatus.APPROVED if approve else SignalStatus.INTERNAL
                    signal.approved_text = signal.text if approve else ""
                    signal.reviewed_by_id, signal.reviewed_at = reviewer, recorded_at + timedelta(days=2)
                else:
                    signal.status = SignalStatus.PENDING
                    if hr.client_id and (hr.organisation_id not in hurried or rng.random() < 0.3):
                        hurried.add(hr.organisation_id)
                        signal.theme = SignalTheme.WAITING_LIST
                        signal.text = HURRIED_SIGNAL.format(name=hr.client.display_name,
                                                            digits=rng.randint(10000000, 99999999))
            signals.append(signal)
        if rng.random() < 0.2:
            helpers.append(OtherHelper(help_request=hr, name=rng.choice(["Els", "Mark", "Fatima"]),
                                       role=rng.choice(["wijkverpleegkundige", "schuldhulpverlener", "dochter"])))
        if hr.status == Status.CLOSED and hr.closed_at:
            if rng.random() < 0.06:  # closed once before, came back, closed again
                first_close = hr.received_at + (hr.closed_at - hr.received_at) / 2
                closings.append(Closing(help_request=hr, closed_at=first_close, outcome=hr.outcome,
                                        summary="Vraag beantwoord.", closed_by_id=lead))
                reopenings.append(Reopening(help_request=hr, reopened_at=first_close + timedelta(days=3),
                                            reason="Inwoner kwam terug met dezelfde vraag.", reopened_by_id=lead))
            closings.append(Closing(help_request=hr, closed_at=hr.closed_at, outcome=hr.outcome,
                                    summary=hr.closing_summary or "Vraag beantwoord; inwoner kan verder.",
                                    closed_by_id=lead))

    CaseFile.objects.bulk_create(case_files, batch_size=1000)
    Contact.objects.bulk_create([c for c, _ in contacts], batch_size=2000)
    Contact.supporters.through.objects.bulk_create(
        [Contact.supporters.through(contact_id=c.pk, user_id=u) for c, people in contacts for u in people], batch_size=5000)
    SelfSufficiencyAssessment.objects.bulk_create(assessments, batch_size=1000)
    for a in assessments:
        base = rng.randint(1, 3)
        for domain in rng.sample(ZrmDomain.values, rng.randint(5, 13)):
            scores.append(DomainScore(assessment=a, domain=domain, level=min(5, base + rng.randint(0, 2))))
    DomainScore.objects.bulk_create(scores, batch_size=5000)
    Appointment.objects.bulk_create([a for a, _ in appointments], batch_size=1000)
    Appointment.supporters.through.objects.bulk_create(
        [Appointment.supporters.through(appointment_id=a.pk, user_id=u) for a, people in appointments for u in people])
    SupportAction.objects.bulk_create(actions)
    Referral.objects.bulk_create(referrals)
    Signal.objects.bulk_create(signals)
    OtherHelper.objects.bulk_create(helpers)
    Reopening.objects.bulk_create(reopenings)

    # Keep the registry consistent with the case files: minutes_spent is the sum of the contacts, the
    # first contact the earliest, the support started at the earliest conversation in person.
    totals = {row["help_request_id"]: row for row in Contact.objects.filter(help_request__in=requests)
              .values("help_request_id").annotate(
                  total=Sum("staff_minutes"), first=Min("occurred_at", filter=Q(kind__in=RESIDENT_CONTACT_KINDS)),
                  in_person=Min("occurred_at", filter=Q(kind__in=IN_PERSON_CONTACT_KINDS)))}
    histories = []
    with_appointment = {a.help_request_id for a, _ in appointments}
    for hr in requests:
        row = totals.get(hr.pk)
        history = lifecycle.History(
            hr.received_at, hr.urgency, first_contact_at=hr.first_contact_at, appointment_at=hr.appointment_at,
            picked_up_at=hr.picked_up_at, closed_at=hr.closed_at, outcome=hr.outcome,
            closing_summary=hr.closing_summary, assigned=True,
        )
        if row:
            hr.minutes_spent = row["total"]
            history.first_contact_at, history.picked_up_at = row["first"], row["in_person"]
            if row["total"] > guideline:
                exceedances.append(GuidelineExceedance(
                    help_request=hr, reason=rng.choice(ExceedanceReason.values),
                    explanation="Meerdere instanties betrokken; wachtlijst voor vervolghulp.",
                    minutes_at_time=row["total"], guideline_hours=guideline // 60))
        if hr.pk in with_appointment and history.appointment_at is None and history.first_contact_at:
            history.appointment_at = history.first_contact_at  # made in the first conversation
        histories.append((hr, history))
    lifecycle.write_histories(histories, other_fields=["minutes_spent"])
    GuidelineExceedance.objects.bulk_create(exceedances)
    for closing in closings:
        closing.minutes_spent = totals.get(closing.help_request_id, {}).get("total", 0) or 0
    Closing.objects.bulk_create(closings)

    # Survey: invitations for the latest closing of requests with a client; most are answered.
    invitations, responses = [], []
    latest = {c.help_request_id: c for c in closings}
    for closing in latest.values():
        hr = closing.help_request
        if hr.client_id is None or rng.random() < 0.3:
            continue
        code = "".join(rng.choice("23456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(10))
        answered = closing.closed_at + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.6 else None
        invitations.append(SurveyInvitation(
            closing=closing, token_hash=hash_token(code),
            delivery=SurveyDelivery.LETTER if rng.random() < 0.7 else SurveyDelivery.EMAIL,
            created_at=closing.closed_at, expires_at=closing.closed_at + timedelta(days=42), answered_at=answered))
        if answered:
            responses.append(SurveyResponse(
                municipality_id=hr.municipality_id, organisation_id=hr.organisation_id,
                answered_in=timezone.localdate(answered).replace(day=1), mark=rng.choice([6, 7, 7, 8, 8, 8, 9, 9, 10]),
                felt_understood=rng.choice([3, 4, 4, 5, 5]), felt_seen=rng.choice([3, 4, 4, 5]),
                fitted_own_question=rng.choice([2, 3, 4, 4, 5]),
                comment=rng.choice(["", "", "Fijn dat er iemand meeging.", "Had sneller gekund."])))
    SurveyInvitation.objects.bulk_create(invitations)
    SurveyResponse.objects.bulk_create(responses)
    ctx.log(f"  {len(case_files)} case files, {len(contacts)} contacts, {len(referrals)} referrals, "
            f"{len(responses)} survey answers")
