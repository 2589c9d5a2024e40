"""Case work's sections of the monitor report: referrals and satisfaction.

Registered with `naast.reports.monitor.register` (the reports app's extension point) when both
apps are installed; each replaces the reports app's placeholder under the same key. Everything is
aggregated in the database over the report's scope and period; funders get these figures through
the reports app's small-cell suppression like any other section."""

from __future__ import annotations

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naast.reports.definitions import DEFINITIONS, Definition
from naast.reports.figures import Column, Figure, Section, Table
from naast.reports.monitor import ReportContext, register

from .choices import Agreement, ReferralKind, ReferralStatus
from .models import Referral, SurveyInvitation, SurveyResponse

DEFINITIONS.setdefault("referrals", Definition("referrals", gettext_lazy("Referrals"), gettext_lazy(
    "Referrals to services of the social map made in the period (date of referral), by kind, by the latest "
    "status the receiving service reported and by service type (a service with several types counts under each). "
    "Personal data is shared only after the resident's consent was recorded."
)))
DEFINITIONS.setdefault("satisfaction", Definition("satisfaction", gettext_lazy("Satisfaction"), gettext_lazy(
    "Anonymous answers to the survey residents are invited to when their help request is closed, by the month "
    "of the answer: the mean mark (1 to 10), the share that gave 7 or more, and per statement the share that "
    "agreed (agree or strongly agree). The response rate compares answers with invitations made in the period."
)))


@register("referrals", gettext_lazy("Referrals by service type and status"), requires_app="casework")
def referrals_section(ctx: ReportContext) -> Section:
    period = ctx.period
    referrals = ctx.scope.filter(Referral.objects.all(), prefix="help_request__").filter(
        referred_at__gte=period.start, referred_at__lt=period.end
    ).order_by()
    totals = referrals.aggregate(
        total=Count("pk"), with_consent=Count("pk", filter=Q(shares_personal_data=True)),
        conflicts=Count("pk", filter=Q(conflict_acknowledged=True)), waiting=Avg("waiting_weeks"),
    )
    by_status = dict(referrals.values_list("status").annotate(n=Count("pk")))
    by_kind = dict(referrals.values_list("kind").annotate(n=Count("pk")))
    by_type = referrals.values_list("service__terms__name").annotate(n=Count("pk", distinct=True)).order_by("-n")
    count = [Column("label", _("Status"), "label"), Column("referrals", _("Referrals"))]
    tables = [
        Table("referrals_by_status", _("Referrals by status"), "referrals", count,
              [{"code": code, "label": str(label), "referrals": by_status.get(code, 0)}
               for code, label in ReferralStatus.choices], complement_column="referrals", chart_column="referrals"),
        Table("referrals_by_kind", _("Referrals by kind"), "referrals",
              [Column("label", _("Kind"), "label"), Column("referrals", _("Referrals"))],
              [{"code": code, "label": str(label), "referrals": by_kind.get(code, 0)}
               for code, label in ReferralKind.choices], complement_column="referrals"),
        Table("referrals_by_service_type", _("Referrals by service type"), "referrals",
              [Column("label", _("Service type"), "label"), Column("referrals", _("Referrals"))],
              [{"code": name or "", "label": name or _("No service type"), "referrals": n} for name, n in by_type]),
    ]
    figures = [
        Figure("referrals", _("Referrals made"), totals["total"], definition="referrals"),
        Figure("referrals_sharing_personal_data", _("With personal data shared (after consent)"),
               totals["with_consent"], definition="referrals"),
        Figure("referrals_with_declared_affiliation", _("Made despite a declared affiliation"), totals["conflicts"],
               definition="referrals"),
    ]
    if totals["waiting"] is not None:
        figures.append(Figure("referrals_mean_waiting_weeks", _("Mean waiting time reported (weeks)"),
                              round(float(totals["waiting"]), 1), kind="number", definition="referrals",
                              basis=(totals["total"],)))
    return Section("referrals", _("Referrals"), figures, tables)


@register("satisfaction", gettext_lazy("Satisfaction"), requires_app="casework")
def satisfaction_section(ctx: ReportContext) -> Section:
    period = ctx.period
    answers = ctx.scope.filter(SurveyResponse.objects.all()).filter(
        answered_in__gte=period.start.date(), answered_in__lt=period.end.date()
    ).order_by()
    agree = Agreement.AGREE
    totals = answers.aggregate(
        responses=Count("pk"), mean=Avg("mark"), seven_or_more=Count("pk", filter=Q(mark__gte=7)),
        understood=Count("pk", filter=Q(felt_understood__gte=agree)), seen=Count("pk", filter=Q(felt_seen__gte=agree)),
        fitted=Count("pk", filter=Q(fitted_own_question__gte=agree)),
    )
    invitations = ctx.scope.filter(SurveyInvitation.objects.all(), prefix="closing__help_request__").filter(
        created_at__gte=period.start, created_at__lt=period.end
    ).count()
    n = totals["responses"]

    def share(part: int) -> float | None:
        return round(100 * part / n, 1) if n else None

    rows = [
        {"code": "understood", "label": _("I felt understood."), "agreed": totals["understood"], "responses": n,
         "share": share(totals["understood"])},
        {"code": "seen", "label": _("I felt seen."), "agreed": totals["seen"], "responses": n,
         "share": share(totals["seen"])},
        {"code": "fitted", "label": _("The help fitted my own question."), "agreed": totals["fitted"],
         "responses": n, "share": share(totals["fitted"])},
    ]
    table = Table("satisfaction_statements", _("Statements: share that agreed"), "satisfaction",
                  [Column("label", _("Statement"), "label"), Column("agreed", _("Agreed")),
                   Column("responses", _("Answers")),
                   Column("share", _("Share (%)"), "percent", basis=("agreed", "responses"))], rows)
    figures = [
        Figure("survey_responses", _("Survey answers"), n, definition="satisfaction"),
        Figure("survey_invitations", _("Survey invitations"), invitations, definition="satisfaction"),
        Figure("satisfaction_mean_mark", _("Mean mark"), round(float(totals["mean"]), 1) if n else None,
               kind="number", definition="satisfaction", basis=(n,)),
        Figure("satisfaction_share_seven_or_more", _("Share that gave 7 or more (%)"), share(totals["seven_or_more"]),
               kind="percent", definition="satisfaction", basis=(n,)),
    ]
    return Section("satisfaction", _("Satisfaction"), figures, [table])
