"""Case work's sections of the reports: referrals, satisfaction and the reasons for passing the
guideline hours in the monitor report, and the signalling report (`naast.core.reportkit`).

Everything is aggregated in the database over the report's scope and period; funders get these
figures through the reports app's small-cell suppression like any other section."""

from __future__ import annotations

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naast.core.reportkit import Column, Definition, Figure, ReportSection, Section, Table

from .choices import Agreement, ExceedanceReason, ReferralKind, ReferralStatus, SignalStatus, SignalTheme
from .models import GuidelineExceedance, Referral, Signal, SurveyInvitation, SurveyResponse

DEFINITIONS = [
    Definition("referrals", gettext_lazy("Referrals"), gettext_lazy(
    "Referrals to services of the social map made in the period (date of referral), by kind, by the latest "
    "status the receiving service reported and by service type (a service with several types counts under each). "
    "Personal data is shared only after the resident's consent was recorded."
    )),
    Definition("satisfaction", gettext_lazy("Satisfaction"), gettext_lazy(
    "Anonymous answers to the survey residents are invited to when their help request is closed, by the month "
    "of the answer: the mean mark (1 to 10), the share that gave 7 or more, and per statement the share that "
    "agreed (agree or strongly agree). The response rate compares answers with invitations made in the period."
    )),
    Definition("exceedance_reasons", gettext_lazy("Reasons for passing the guideline"), gettext_lazy(
        "The help requests answered in the period with more hours than the guideline, by the reason the supporter "
        "recorded when the guideline was passed (a reason withdrawn or corrected later counts as corrected)."
    )),
]


def referrals_section(ctx) -> Section:
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
               for code, label in ReferralStatus.choices], complement_column="referrals", column_total="referrals",
              chart_column="referrals"),
        Table("referrals_by_kind", _("Referrals by kind"), "referrals",
              [Column("label", _("Kind"), "label"), Column("referrals", _("Referrals"))],
              [{"code": code, "label": str(label), "referrals": by_kind.get(code, 0)}
               for code, label in ReferralKind.choices], complement_column="referrals", column_total="referrals"),
        # A referral to a service with several types counts under each: these add up to nothing shown.
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
                              basis=("referrals",)))
    return Section("referrals", _("Referrals"), figures, tables)


def satisfaction_section(ctx) -> Section:
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
                   Column("share", _("Share (%)"), "percent", basis=("agreed", "responses"))], rows,
                  from_figures=tuple((row["code"], "responses", "survey_responses") for row in rows))
    figures = [
        Figure("survey_responses", _("Survey answers"), n, definition="satisfaction"),
        Figure("survey_invitations", _("Survey invitations"), invitations, definition="satisfaction"),
        Figure("satisfaction_mean_mark", _("Mean mark"), round(float(totals["mean"]), 1) if n else None,
               kind="number", definition="satisfaction", basis=("survey_responses",)),
        Figure("satisfaction_share_seven_or_more", _("Share that gave 7 or more (%)"), share(totals["seven_or_more"]),
               kind="percent", definition="satisfaction", basis=("survey_responses",)),
    ]
    return Section("satisfaction", _("Satisfaction"), figures, [table])


def exceedance_section(ctx) -> Section:
    """Why answered requests took longer than the guideline: the recorded reason, one per request."""
    period = ctx.period
    reasons = ctx.scope.filter(GuidelineExceedance.objects.filter(withdrawn_at__isnull=True), prefix="help_request__")
    by_reason = dict(
        reasons.filter(help_request__closed_at__gte=period.start, help_request__closed_at__lt=period.end)
        .values_list("reason").annotate(n=Count("help_request", distinct=True)).order_by()
    )
    table = Table("exceedance_reasons", _("Answered help requests above the guideline, by reason"),
                  "exceedance_reasons", [Column("label", _("Reason"), "label"), Column("requests", _("Help requests"))],
                  [{"code": code, "label": str(label), "requests": by_reason.get(code, 0)}
                   for code, label in ExceedanceReason.choices],
                  # Their sum is shown nowhere exactly (close to the hours section's "above the guideline"),
                  # so it is taken as known while any reason's count is visible.
                  complement_column="requests", chart_column="requests")
    return Section("exceedance_reasons", _("Reasons for passing the guideline"), tables=[table])


def signals_section(ctx) -> Section:
    """The signalling report: every signal counted by theme, by organisation and per month, and the texts a
    coordinator approved to share."""
    period = ctx.period
    signals = ctx.scope.filter(Signal.objects.all(), prefix="help_request__").filter(
        recorded_at__gte=period.start, recorded_at__lt=period.end
    ).order_by()
    by_theme = dict(signals.values_list("theme").annotate(n=Count("pk")))
    by_org = signals.values_list("help_request__organisation__name").annotate(n=Count("pk"))
    trend = signals.annotate(month=TruncMonth("recorded_at")).values_list("month").annotate(n=Count("pk")).order_by("month")
    count = Column("signals", _("Signals"))
    tables = [
        Table("signals_by_theme", _("Signals by theme"), "signals", [Column("label", _("Theme"), "label"), count],
              [{"code": code, "label": str(label), "signals": by_theme[code]}
               for code, label in SignalTheme.choices if by_theme.get(code)],
              complement_column="signals", column_total="signals", chart_column="signals"),
        Table("signals_by_organisation", _("Signals by organisation"), "signals",
              [Column("label", _("Organisation"), "label"), count],
              [{"code": name or "", "label": name or _("Not recorded"), "signals": n} for name, n in by_org],
              complement_column="signals", column_total="signals"),
        Table("signals_trend", _("Signals per month"), "signals", [Column("label", _("Month"), "label"), count],
              [{"code": m.strftime("%Y-%m"), "label": date_format(m, "F Y"), "signals": n} for m, n in trend],
              complement_column="signals", column_total="signals", chart_column="signals"),
    ]
    # Only the words a coordinator approved leave the case file (services/signals.py); never `text`.
    texts = (signals.filter(status=SignalStatus.APPROVED).exclude(approved_text="")
             .order_by("recorded_at", "pk").values_list("approved_text", flat=True)[:200])
    tables.append(Table("signals_shareable", _("Signal texts approved to share"), "signals",
                        [Column("label", _("No."), "label"), Column("text", _("Text"), "text")],
                        [{"code": str(i + 1), "label": str(i + 1), "text": text} for i, text in enumerate(texts)],
                        rows_are_records=True))
    return Section("signals", _("Signals"), [Figure("signals", _("Signals recorded"), signals.count(),
                                                    definition="signals")], tables)


SECTIONS = [
    ReportSection("exceedance_reasons", gettext_lazy("Reasons for passing the guideline"), exceedance_section, 55),
    ReportSection("referrals", gettext_lazy("Referrals by service type and status"), referrals_section, 80),
    ReportSection("satisfaction", gettext_lazy("Satisfaction"), satisfaction_section, 90),
    ReportSection("signals", gettext_lazy("Signals"), signals_section, 10, kinds=("signals",)),
]
