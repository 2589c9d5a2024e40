"""The foundation's own sections of the monitor report (summary, reach, life domains, timeliness,
hours, targets, forecast), each built from the context's one scan (`queries.ReportContext`). The
other apps add theirs in their `report_sections.py` (`naast.core.reportkit`).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from naast.core.reportkit import Column, Figure, ReportSection, Section, Table, nearest_rank
from naast.organisations.models import District
from naast.registry.choices import Channel, Referrer, Urgency
from naast.taxonomies.models import LifeDomain, TargetGroup

from .queries import ReportContext, main_counts

SECTIONS: list[ReportSection] = []


def section(key: str, title, order: int, kinds: tuple[str, ...] = ("monitor",)):
    """Decorator: one of the foundation's sections of the report."""

    def decorator(function):
        SECTIONS.append(ReportSection(key, title, function, order, kinds))
        return function

    return decorator


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


def _breakdown_table(key: str, title, counts: dict, labels: list[tuple[str, str]], chart: bool = True,
                     adds_up_to: str | None = "received") -> Table:
    """Requests by one property. Its counts add up to `adds_up_to` (a figure; None: to nothing shown, as for
    life domains, where a request counts under each of its domains); its shares give the sum away too."""
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
        rows=rows, complement_column="requests", column_total=adds_up_to, chart_column="requests" if chart else None,
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
        from_figures=tuple((key, "this_period", key) for key in ("unique_clients", "received", "answered")),
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
    counts = ctx.life_domain_counts  # from the period's one scan (`HelpRequest.life_domain_key`)
    domains = list(LifeDomain.objects.all())
    table = _breakdown_table("by_life_domain", _("By life domain"), counts, [(d.pk, d.label) for d in domains],
                             adds_up_to=None)
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
        # Every request received in the period is in one state of each norm: per urgency, the states add
        # up to the requests of that urgency (reach, `by_urgency`); for the appointment to all received.
        row_totals=tuple(
            (code, ("measured", "not_measured", "pending"),
             "received" if code == "appointment" else ("by_urgency", code.removeprefix("pickup_"), "requests"))
            for code in labels
        ),
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
        from_figures=(("answered", "requests", "answered"),),
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
        from_figures=(("satisfaction", "achieved", "satisfaction_mean_mark"), ("unique_clients", "achieved",
                      "unique_clients"), ("answered", "achieved", "answered")),
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
               basis=("unique_clients",)),
        Figure("cost_per_answered_request_eur", _("Cost per answered help request"), per_answered, "eur", "cost",
               basis=("answered",)),
        Figure("hourly_tariff_eur", _("Hourly tariff"), money(tariff), "eur", "cost"),
        Figure("hours_equivalent_minutes", _("Hours equivalent per answered help request"), equivalent_minutes,
               "duration", "cost", basis=("answered",)),
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
        from_figures=tuple((key, "half_year", key) for key in ("unique_clients", "received", "answered")),
    )
    return Section("forecast", _("Forecast for the full year"), tables=[table])
