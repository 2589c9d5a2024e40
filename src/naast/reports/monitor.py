"""The monitor report: every figure of definitions.py, aggregated in the database.

A report is a list of sections (`naast.core.reportkit.ReportSection`): the foundation's own,
listed in `SECTIONS` here, and those the other apps add in their `report_sections.py` (case
work: referrals, satisfaction, signals; the front door: requests for another supporter), in the
order of their `order`. Every query groups or aggregates in the database; Python only ever sees
grouped rows (at most a few thousand, bounded by the number of codes, never by requests).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Case, CharField, Count, DateTimeField, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from naast.core.extensions import report_sections
from naast.core.reportkit import Column, Figure, ReportSection, Section, Table, WholeDays, nearest_rank
from naast.organisations.models import District, MemberOrganisation, Municipality, ServiceProfile
from naast.registry.choices import Channel, Outcome, Referrer, Status, Urgency
from naast.registry.lifecycle import NORMS, norm_state_expression
from naast.registry.models import HelpRequest
from naast.taxonomies.models import LifeDomain, TargetGroup

from .dbfuncs import aggregate_parts, report_session
from .figures import Report, link_figures
from .models import FundingAgreement
from .periods import Period

NOT_ANSWERED_OUTCOMES = (Outcome.NO_CONTACT, Outcome.WITHDRAWN)


@dataclass
class Scope:
    """Whole service (both None), one municipality, one member organisation, or both."""

    municipality: Municipality | None = None
    organisation: MemberOrganisation | None = None

    def filter(self, queryset: QuerySet, prefix: str = "") -> QuerySet:
        if self.municipality is not None:
            queryset = queryset.filter(**{f"{prefix}municipality": self.municipality})
        if self.organisation is not None:
            queryset = queryset.filter(**{f"{prefix}organisation": self.organisation})
        return queryset

    def as_dict(self) -> dict:
        return {
            "municipality": self.municipality.code if self.municipality else None,
            "municipality_name": self.municipality.name if self.municipality else None,
            "organisation": self.organisation.name if self.organisation else None,
        }

    def label(self) -> str:
        parts = [p.name for p in (self.municipality, self.organisation) if p is not None]
        return " – ".join(parts) if parts else _("Whole service")


# --- the query building blocks: written once, used by every figure ---------------------------------
def effective_closed_at():
    """When a request was closed: its closing time, or for a quick log closed without one, its receipt."""
    return Case(
        When(closed_at__isnull=False, then=F("closed_at")),
        When(status=Status.CLOSED, then=F("received_at")),
        default=Value(None),
        output_field=DateTimeField(),
    )


def received_q(period: Period) -> Q:
    return Q(received_at__gte=period.start, received_at__lt=period.end)


def answered_q(period: Period) -> Q:
    """Needs the `closed_eff` annotation (effective_closed_at)."""
    return (
        Q(status=Status.CLOSED, closed_eff__gte=period.start, closed_eff__lt=period.end)
        & ~Q(outcome__in=NOT_ANSWERED_OUTCOMES)
    )


def open_at_end_q(period: Period) -> Q:
    return Q(received_at__lt=period.end) & (Q(closed_eff__isnull=True) | Q(closed_eff__gte=period.end))


def active_q(period: Period) -> Q:
    """Received in the period, or received earlier and still open at its start."""
    return Q(received_at__lt=period.end) & (Q(closed_eff__isnull=True) | Q(closed_eff__gte=period.start))


def period_parts(queryset: QuerySet, period: Period) -> list[tuple[QuerySet, dict]]:
    """The requests any figure of a period reads, as three disjoint parts, each one index range:
    received in the period; received before it and closed at or after its start; received before
    it and still open. Together they hold every request received in, answered in, open at the end
    of or active during the period (a request is never closed before it is received), and the
    exact conditions above are then applied to each row. One OR condition over the same rows
    would make the database read every request received before the end of the period.

    Each part comes with what its own condition already decides, computed once instead of per
    row: whether it was received in the period, and its effective closing time where that is
    simply `closed_at` (closed later) or none (still open)."""
    earlier = queryset.filter(received_at__lt=period.start)
    no_time = Value(None, output_field=DateTimeField())
    return [
        (queryset.annotate(closed_eff=effective_closed_at()).filter(received_q(period)), {"f_received": Value(1)}),
        (earlier.annotate(closed_eff=F("closed_at")).filter(closed_at__gte=period.start), {"f_received": Value(0)}),
        (earlier.annotate(closed_eff=no_time).filter(closed_at__isnull=True).exclude(status=Status.CLOSED),
         {"f_received": Value(0)}),
    ]


def flag(condition: Q) -> Case:
    """1 when a row meets the condition, else 0: a figure is then the SUM of its flag."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def period_columns(period: Period, guideline_minutes: int) -> dict:
    """Per request of `period_parts`: a 0/1 flag per definition above, and the values that
    MAIN_TOTALS count under a flag (a figure such as "answered quick logs" is then SUM(f_answered
    × c_quick_log), so each definition is evaluated once per row)."""
    return {
        "c_client": F("client_id"),
        "f_received": flag(received_q(period)),
        "f_answered": flag(answered_q(period)),
        "f_open_at_end": flag(open_at_end_q(period)),
        "f_active": flag(active_q(period)),
        "c_quick_log": flag(Q(is_quick_log=True)),
        "c_above_guideline": flag(Q(minutes_spent__gt=guideline_minutes)),
        "c_minutes": F("minutes_spent"),
    }


MAIN_TOTALS = {
    "received": ("sum", "f_received"),
    "answered": ("sum", "f_answered"),
    "open_at_end": ("sum", "f_open_at_end"),
    "unique_clients": ("distinct", "c_client", "f_active"),
    "quick_logs": ("sum", "f_received", "c_quick_log"),
    "answered_quick_logs": ("sum", "f_answered", "c_quick_log"),
    "logged_minutes": ("sum", "f_answered", "c_minutes"),
    "above_guideline": ("sum", "f_answered", "c_above_guideline"),
}


def main_counts(queryset: QuerySet, period: Period, guideline_minutes: int) -> dict:
    """The headline counts of a period in one statement."""
    totals, _sets = aggregate_parts(period_parts(queryset, period), period_columns(period, guideline_minutes),
                                    MAIN_TOTALS)
    return totals


RECEIVED_ONLY_DIMENSIONS = ("d_channel", "d_referrer", "d_urgency", "d_target_group", "d_district",
                            "d_contact_state", "d_contact_days", "d_appointment_state", "d_pickup_state",
                            "d_pickup_days")
INTEGER_DIMENSIONS = ("d_target_group", "d_district", "d_contact_days", "d_pickup_days")


# --- context --------------------------------------------------------------------------------------
@dataclass
class ReportContext:
    period: Period
    scope: Scope
    now: object = field(default_factory=timezone.now)

    @cached_property
    def profile(self) -> ServiceProfile:
        return ServiceProfile.get()

    @property
    def guideline_minutes(self) -> int:
        return self.profile.guideline_hours * 60

    @property
    def requests(self) -> QuerySet:
        return self.scope.filter(HelpRequest.objects.all()).order_by()

    @cached_property
    def scan(self) -> tuple[dict, dict]:
        """The headline counts and every breakdown and histogram of the period from ONE statement
        over the period's requests (`period_parts`): breakdowns count the requests received in
        the period, the hours and duration histograms the requests answered in it."""
        cutoff = min(self.period.end, self.now)
        columns = {
            **period_columns(self.period, self.guideline_minutes),
            "d_channel": F("channel"), "d_referrer": F("referrer"), "d_urgency": F("urgency"),
            "d_target_group": F("target_group_id"), "d_district": F("district_id"),
            "d_contact_state": norm_state_expression(NORMS[0], cutoff),
            "d_contact_days": WholeDays(F("first_contact_at"), F("received_at")),
            "d_appointment_state": norm_state_expression(NORMS[1], cutoff),
            "d_pickup_state": norm_state_expression(NORMS[2], cutoff),
            "d_pickup_days": WholeDays(F("picked_up_at"), F("received_at")),
            "d_days": WholeDays(F("closed_eff"), F("received_at")),
        }
        # Requests received before the period only count in the headline figures and the
        # histograms of answered requests: their codes are not read (so a narrower index covers them).
        not_read = {name: Value(None, output_field=IntegerField() if name in INTEGER_DIMENSIONS else CharField())
                    for name in RECEIVED_ONLY_DIMENSIONS}
        received_part, *earlier_parts = period_parts(self.requests, self.period)
        parts = [received_part, *((part, {**fixed, **not_read}) for part, fixed in earlier_parts)]
        received = "f_received"
        sets = {
            "channel": (("d_channel",), received), "referrer": (("d_referrer",), received),
            "urgency": (("d_urgency",), received), "target_group_id": (("d_target_group",), received),
            "district_id": (("d_district",), received),
            "contact": (("d_urgency", "d_contact_state", "d_contact_days"), received),
            "appointment": (("d_appointment_state",), received),
            "pickup": (("d_urgency", "d_pickup_state", "d_pickup_days"), received),
            "minutes": (("c_minutes",), "f_answered"), "days": (("d_days",), "f_answered"),
        }
        # The breakdowns by few codes share one grouping (one sort on SQLite, one hash table on PostgreSQL).
        composites = (("channel", "referrer", "urgency", "target_group_id", "appointment"),)
        return aggregate_parts(parts, columns, MAIN_TOTALS, sets, composites)

    @property
    def counts(self) -> dict:
        return self.scan[0]

    @cached_property
    def last_year(self) -> dict:
        return main_counts(self.requests, self.period.year_before(), self.guideline_minutes)

    @property
    def received_groups(self) -> dict[str, dict]:
        """Every breakdown of the requests received in the period: {name: {key tuple: count}}."""
        return self.scan[1]

    @property
    def answered_groups(self) -> dict[str, list[tuple[int, int]]]:
        """Histograms of minutes and of days to closing over the answered requests."""
        groups = self.scan[1]
        return {name: [(key[0], n) for key, n in groups[name].items()] for name in ("minutes", "days")}

    @cached_property
    def funding(self) -> dict:
        """Funding agreements in scope, pro rata to the period (one query)."""
        agreements = FundingAgreement.objects.filter(year__in=list(self.period.years))
        agreements = self.scope.filter(agreements)
        totals = defaultdict(Decimal)
        count = 0
        has_target = defaultdict(bool)
        for row in agreements.values("year", "amount_eur", "target_unique_clients", "target_answered_requests",
                                     "execution_hours", "coordination_hours", "target_satisfaction"):
            share = Decimal(str(self.period.share_of_year(row["year"])))
            count += 1
            totals["amount_eur"] += row["amount_eur"] * share
            totals["execution_hours"] += row["execution_hours"] * share
            totals["coordination_hours"] += row["coordination_hours"] * share
            for key in ("target_unique_clients", "target_answered_requests"):
                if row[key] is not None:
                    totals[key] += row[key] * share
                    has_target[key] = True
            if row["target_satisfaction"] is not None:
                totals["target_satisfaction"] = max(totals["target_satisfaction"], row["target_satisfaction"])
                has_target["target_satisfaction"] = True
        return {"agreements": count, "has_target": has_target, **totals}


# The foundation's sections, in report order (filled below each function); the other apps' sections
# come from `naast.core.extensions.report_sections`.
SECTIONS: list[ReportSection] = []


def section(key: str, title, order: int, kinds: tuple[str, ...] = ("monitor",)):
    """Decorator: one of the foundation's sections of the report."""

    def decorator(function):
        SECTIONS.append(ReportSection(key, title, function, order, kinds))
        return function

    return decorator


def sections_of(kind: str) -> list[ReportSection]:
    added, _definitions = report_sections()
    return sorted((s for s in [*SECTIONS, *added] if kind in s.kinds), key=lambda s: s.order)


def build_report(kind: str, period: Period, scope: Scope, now=None) -> Report:
    """The raw (unsuppressed) report; outputs for funders and auditors pass it through `suppress`."""
    ctx = ReportContext(period, scope, now or timezone.now())
    with report_session():
        sections = _build_sections(kind, ctx)
    link_figures(sections)
    _fill_targets_from_figures(sections)
    titles = {"monitor": _("Monitor report"), "signals": _("Signalling report")}
    notes = []
    if kind == "monitor" and not any(ctx.counts[key] for key in ("received", "answered", "open_at_end",
                                                                   "unique_clients")):
        notes.append(_("No help requests in this period and scope: every figure below is zero."))
    return Report(
        kind=kind,
        title=titles.get(kind, kind),
        period=period.text,
        first_day=period.first_day.isoformat(),
        last_day=period.last_day.isoformat(),
        scope=scope.as_dict(),
        sections=sections,
        generated_at=ctx.now.isoformat(timespec="seconds"),
        notes=notes,
    )


def _fill_targets_from_figures(sections: list[Section]) -> None:
    """Whether a target copied from another section (the mean mark) was met, once its value is known."""
    for table in (t for s in sections for t in s.tables if t.key == "targets"):
        for row in table.rows:
            achieved = row.get("achieved")
            if row.get("met") is None and isinstance(achieved, int | float) and row.get("target"):
                row["met"] = achieved >= row["target"]
                row["percent_of_target"] = percent(achieved, row["target"])


def _build_sections(kind: str, ctx: ReportContext) -> list[Section]:
    return [built for part in sections_of(kind) if (built := part.build(ctx)) is not None]


# --- helpers ------------------------------------------------------------------------------------
def percent(part, whole, digits: int = 1) -> float | None:
    if not whole:
        return None
    return round(100 * part / whole, digits)


def growth(now: int, before: int) -> int | None:
    """(now − before) ÷ before as a whole percentage; None when there is nothing to compare with."""
    if not before:
        return None
    return int((Decimal(now - before) * 100 / Decimal(before)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def money(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def hours(minutes) -> float:
    return round((minutes or 0) / 60, 1)


def _breakdown_table(key: str, title, counts: dict, labels: list[tuple[str, str]], chart: bool = True) -> Table:
    rows = [{"code": code, "label": str(label), "requests": counts.get(code, 0)} for code, label in labels]
    extra = sorted(set(counts) - {code for code, _l in labels}, key=str)
    rows += [{"code": code, "label": str(code) if code else _("Not recorded"), "requests": counts[code]}
             for code in extra]
    total = sum(r["requests"] for r in rows)
    for row in rows:
        row["share"] = percent(row["requests"], total)
    return Table(
        key=key, title=str(title), definition="breakdown",
        columns=[Column("label", _("Value"), "label"), Column("requests", _("Help requests")),
                 Column("share", _("Share (%)"), "percent", basis=("requests",))],
        rows=rows, complement_column="requests", chart_column="requests" if chart else None,
    )


# --- the foundation's sections ------------------------------------------------------------------
@section("summary", gettext_lazy("Summary"), 10)
def summary_section(ctx: ReportContext) -> Section:
    c, before = ctx.counts, ctx.last_year
    figures = [
        Figure("unique_clients", _("Unique clients"), c["unique_clients"], definition="unique_clients"),
        Figure("received", _("Help requests received"), c["received"], definition="received"),
        Figure("answered", _("Answered help requests"), c["answered"], definition="answered"),
        Figure("answered_quick_logs", _("of which quick questions answered on the spot"),
               c["answered_quick_logs"], definition="answered"),
        Figure("open_at_end", _("Open at the end of the period"), c["open_at_end"], definition="open_at_end"),
    ]
    growth_table = Table(
        key="growth", title=_("Growth against the same period last year"), definition="growth",
        columns=[Column("label", _("Figure"), "label"), Column("this_period", _("This period")),
                 Column("last_year", _("Same period last year")),
                 Column("growth_percent", _("Growth (%)"), "percent", basis=("this_period", "last_year"))],
        rows=[
            {"code": key, "label": label, "this_period": c[key], "last_year": before[key],
             "growth_percent": growth(c[key], before[key])}
            for key, label in (("unique_clients", _("Unique clients")), ("received", _("Help requests received")),
                               ("answered", _("Answered help requests")))
        ],
    )
    return Section("summary", _("Summary"), figures, [growth_table])


@section("reach", gettext_lazy("Who found the service and how"), 20)
def reach_section(ctx: ReportContext) -> Section:
    """Channel, referrer, urgency, target group and district of the requests received, in one GROUP BY."""
    groups = ctx.received_groups
    totals = {dim: {key[0]: n for key, n in groups[dim].items()}
              for dim in ("channel", "referrer", "urgency", "target_group_id", "district_id")}
    target_groups = list(TargetGroup.objects.all())
    groups = [(g.pk, g.label) for g in target_groups]
    districts = District.objects.all()
    if ctx.scope.municipality is not None:
        districts = districts.filter(municipality=ctx.scope.municipality)
    district_labels = [(d.pk, f"{d.name} ({d.municipality.name})") for d in districts.select_related("municipality")]
    district_counts = dict(totals["district_id"])
    district_labels = [(pk, label) for pk, label in district_labels
                       if ctx.scope.municipality or district_counts.get(pk)]
    tables = [
        _breakdown_table("by_channel", _("By channel"), totals["channel"], Channel.choices),
        _breakdown_table("by_referrer", _("By referrer"), totals["referrer"], Referrer.choices),
        _breakdown_table("by_urgency", _("By urgency"), totals["urgency"], Urgency.choices),
        _breakdown_table("by_target_group", _("By target group"), totals["target_group_id"],
                         [*groups, (None, _("Not recorded"))]),
        _breakdown_table("by_district", _("By district"), district_counts,
                         [*district_labels, (None, _("Not recorded"))]),
    ]
    group_codes = {g.pk: g.code for g in target_groups}
    district_names = dict(district_labels)
    for table in tables:
        table.rows = [r for r in table.rows if r["code"] is not None or r["requests"]]
    # Stable codes for exports: the taxonomy code, the district's name (districts have no code).
    for row in tables[3].rows:
        row["code"] = group_codes.get(row["code"], row["code"])
    for row in tables[4].rows:
        row["code"] = district_names.get(row["code"], row["code"])
    return Section("reach", _("Who found the service and how"), tables=tables)


@section("life_domains", gettext_lazy("Life domains"), 30)
def life_domain_section(ctx: ReportContext) -> Section:
    through = HelpRequest.life_domains.through
    links = ctx.scope.filter(through.objects.all(), prefix="helprequest__").filter(
        helprequest__received_at__gte=ctx.period.start, helprequest__received_at__lt=ctx.period.end
    )
    # COUNT(*), not COUNT(id): the links' (help request, life domain) index then answers alone.
    counts = dict(links.values_list("lifedomain_id").annotate(n=Count("*")).order_by())
    domains = list(LifeDomain.objects.all())
    table = _breakdown_table("by_life_domain", _("By life domain"), counts, [(d.pk, d.label) for d in domains])
    codes = {d.pk: d.code for d in domains}
    for row in table.rows:
        row["code"] = codes.get(row["code"], row["code"])
        row["reached"] = row["requests"] > 0
    table.columns.append(Column("reached", _("Reached"), "bool"))
    nobody = [str(d.label) for d in domains if not counts.get(d.pk)]
    note = (_("Life domains nobody reached in this period: %(domains)s.") % {"domains": ", ".join(nobody)}
            if nobody else _("Every life domain was reached in this period."))
    table.note = note
    return Section("life_domains", _("Life domains"),
                   [Figure("domains_not_reached", _("Life domains nobody reached"), len(nobody), "number")],
                   [table], note)


@section("timeliness", gettext_lazy("Timeliness"), 40)
def timeliness_section(ctx: ReportContext) -> Section:
    """The three norms of docs/domain.md §6 (first contact and the start of support per urgency, the
    appointment for all) in one table: on time, late, not measured, pending, and the days taken."""
    states = defaultdict(lambda: defaultdict(int))
    histograms = defaultdict(list)
    for group, prefix in (("contact", ""), ("pickup", "pickup_")):
        for (urgency, state, days), n in ctx.received_groups[group].items():
            states[prefix + urgency][state] += n
            if days is not None and state in ("on_time", "late"):
                histograms[prefix + urgency].append((days, n))
    for (state,), n in ctx.received_groups["appointment"].items():
        states["appointment"][state] += n
    labels = {Urgency.URGENT: _("First contact, urgent"), Urgency.REGULAR: _("First contact, regular"),
              "appointment": _("Appointment made (all urgencies)"),
              f"pickup_{Urgency.URGENT}": _("Support started, urgent"),
              f"pickup_{Urgency.REGULAR}": _("Support started, regular")}
    table_rows = []
    for code, label in labels.items():
        s = states[code]
        measured = s["on_time"] + s["late"]
        with_days = code != "appointment"
        table_rows.append({
            "code": code, "label": str(label), "measured": measured, "on_time": s["on_time"], "late": s["late"],
            "not_measured": s["none"], "pending": s["pending"], "share_on_time": percent(s["on_time"], measured),
            "contacted": sum(n for _d, n in histograms[code]) if with_days else None,
            "median_days": nearest_rank(histograms[code], 0.5) if with_days else None,
            "p90_days": nearest_rank(histograms[code], 0.9) if with_days else None,
        })
    table = Table(
        key="timeliness", title=_("Norms met on time"), definition="on_time",
        columns=[
            Column("label", _("Norm"), "label"), Column("measured", _("Due time passed or met")),
            Column("on_time", _("On time")), Column("late", _("Late")),
            Column("not_measured", _("Not measured")), Column("pending", _("Not yet due")),
            Column("share_on_time", _("Share on time (%)"), "percent", basis=("on_time", "late")),
            Column("contacted", _("Met")),
            Column("median_days", _("Median days"), "days", basis=("contacted",)),
            Column("p90_days", _("90th percentile days"), "days", basis=("contacted",)),
        ],
        rows=table_rows, row_complements=(("measured", ("on_time", "late")),), chart_column="share_on_time",
    )
    return Section("timeliness", _("Timeliness"), tables=[table])


@section("hours", gettext_lazy("Hours and duration"), 50)
def hours_section(ctx: ReportContext) -> Section:
    minutes, durations = ctx.answered_groups["minutes"], ctx.answered_groups["days"]
    c = ctx.counts
    n = sum(count for _m, count in minutes)
    hours_table = Table(
        key="hours", title=_("Hours per answered help request"), definition="hours",
        columns=[
            Column("label", _("Figure"), "label"), Column("requests", _("Answered help requests")),
            Column("median_hours", _("Median hours"), "hours", basis=("requests",)),
            Column("p90_hours", _("90th percentile hours"), "hours", basis=("requests",)),
            Column("above_guideline", _("Above the guideline")),
            Column("share_above_guideline", _("Share above the guideline (%)"), "percent",
                   basis=("above_guideline", "requests")),
            Column("guideline_hours", _("Guideline (hours)"), "number"),
            Column("median_days", _("Median duration (days)"), "days", basis=("requests",)),
            Column("p90_days", _("90th percentile duration (days)"), "days", basis=("requests",)),
        ],
        rows=[{
            "code": "answered", "label": _("Answered in the period"), "requests": n,
            "median_hours": hours(nearest_rank(minutes, 0.5)) if n else None,
            "p90_hours": hours(nearest_rank(minutes, 0.9)) if n else None,
            "above_guideline": c["above_guideline"], "share_above_guideline": percent(c["above_guideline"], n),
            "guideline_hours": ctx.profile.guideline_hours,
            "median_days": nearest_rank(durations, 0.5), "p90_days": nearest_rank(durations, 0.9),
        }],
    )
    funding = ctx.funding
    contracted = Decimal(funding.get("execution_hours", 0)) + Decimal(funding.get("coordination_hours", 0))
    logged = hours(c["logged_minutes"])
    contracted_table = Table(
        key="contracted_hours", title=_("Contracted and logged hours"), definition="contracted_hours",
        columns=[Column("label", _("Figure"), "label"), Column("hours", _("Hours"), "hours")],
        rows=[
            {"code": "execution", "label": _("Contracted execution hours"),
             "hours": round(float(funding.get("execution_hours", 0)), 1)},
            {"code": "coordination", "label": _("Contracted coordination hours"),
             "hours": round(float(funding.get("coordination_hours", 0)), 1)},
            {"code": "contracted", "label": _("Contracted hours in total"), "hours": round(float(contracted), 1)},
            {"code": "logged", "label": _("Hours logged on answered help requests"), "hours": logged},
        ],
    )
    return Section("hours", _("Hours and duration"), tables=[hours_table, contracted_table])


@section("targets", gettext_lazy("Targets and cost"), 60)
def targets_section(ctx: ReportContext) -> Section:
    c, funding = ctx.counts, ctx.funding
    rows = []
    for key, label in (("unique_clients", _("Unique clients")), ("answered", _("Answered help requests"))):
        target_key = "target_unique_clients" if key == "unique_clients" else "target_answered_requests"
        if not funding["has_target"].get(target_key):
            continue
        target = int(Decimal(funding[target_key]).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        rows.append({"code": key, "label": label, "target": target, "achieved": c[key],
                     "met": c[key] >= target, "percent_of_target": percent(c[key], target)})
    if funding["has_target"].get("target_satisfaction"):
        # The mean mark comes from the satisfaction section (case work) once every section is built:
        # `build_report` fills it through `from_figures`, and `suppress` hides it where that mark is hidden.
        rows.append({"code": "satisfaction", "label": _("Satisfaction mark"),
                     "target": float(funding["target_satisfaction"]), "achieved": None, "met": None,
                     "percent_of_target": None})
    targets = Table(
        key="targets", title=_("Targets of the funding agreements"), definition="targets",
        columns=[Column("label", _("Target"), "label"),
                 Column("target", pgettext("target", "Agreed level"), "number"),
                 Column("achieved", pgettext("target", "Achieved")),
                 Column("met", pgettext("target", "Met?"), "bool", basis=("achieved",)),
                 Column("percent_of_target", _("Percentage of target"), "percent", basis=("achieved",))],
        rows=rows,
        note="" if rows else _("No funding agreement with targets covers this period and scope."),
        from_figures=(("satisfaction", "achieved", "satisfaction_mean_mark"),),
    )
    amount = money(funding.get("amount_eur")) if funding["agreements"] else None
    tariff = ctx.profile.hourly_tariff_eur
    per_client = money(amount / c["unique_clients"]) if amount is not None and c["unique_clients"] else None
    per_answered = money(amount / c["answered"]) if amount is not None and c["answered"] else None
    equivalent_minutes = int((per_answered * 60 / tariff).quantize(Decimal(1), rounding=ROUND_HALF_UP)) \
        if per_answered is not None and tariff else None
    figures = [
        Figure("funding_amount_eur", _("Funding in scope (pro rata)"), amount, "eur", "cost"),
        Figure("cost_per_unique_client_eur", _("Cost per unique client"), per_client, "eur", "cost",
               basis=(c["unique_clients"],)),
        Figure("cost_per_answered_request_eur", _("Cost per answered help request"), per_answered, "eur", "cost",
               basis=(c["answered"],)),
        Figure("hourly_tariff_eur", _("Hourly tariff"), money(tariff), "eur", "cost"),
        Figure("hours_equivalent_minutes", _("Hours equivalent per answered help request"), equivalent_minutes,
               "duration", "cost", basis=(c["answered"],)),
    ]
    return Section("targets", _("Targets and cost"), figures, [targets])


@section("forecast", gettext_lazy("Forecast for the full year"), 70)
def forecast_section(ctx: ReportContext) -> Section | None:
    """Only for a half-year report (2025-H1 or 2025-H2)."""
    period = ctx.period
    if period.kind != "half":
        return None
    from .periods import parse_period

    year = period.first_day.year
    last_year_full = main_counts(ctx.requests, parse_period(str(year - 1), allow_future=True), ctx.guideline_minutes)
    last_half = ctx.last_year
    if period.first_day.month == 7:
        first_half = main_counts(ctx.requests, parse_period(f"{year}-H1", allow_future=True), ctx.guideline_minutes)
    rows = []
    for key, label in (("unique_clients", _("Unique clients")), ("received", _("Help requests received")),
                       ("answered", _("Answered help requests"))):
        value = ctx.counts[key]
        if last_half[key] and last_year_full[key]:
            forecast = round(value * last_year_full[key] / last_half[key])
            method = _("last year's pattern")
        elif period.first_day.month == 1:
            forecast, method = value * 2, _("twice the half-year")
        else:
            forecast, method = first_half[key] + value, _("first plus second half-year")
        rows.append({"code": key, "label": label, "half_year": value, "forecast": forecast, "method": method})
    table = Table(
        key="forecast", title=_("Forecast for the full year"), definition="forecast",
        columns=[Column("label", _("Figure"), "label"), Column("half_year", _("This half-year")),
                 Column("forecast", _("Forecast for the year"), "number", basis=("half_year",)),
                 Column("method", _("Method"), "text")],
        rows=rows,
    )
    return Section("forecast", _("Forecast for the full year"), tables=[table])
