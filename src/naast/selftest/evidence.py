"""Live evidence next to the self-test's questions: what Naast's own records show, in one place each.

Most of it is a section of the monitor report, built by the reports app's own code
(`naast.reports.monitor.sections_of`) so a figure here is the same figure as in the monitor report:
life domains (`life_domains`), channels and referrers (`reach`), requests for another supporter
(intake's `another_supporter`), satisfaction (case work's `satisfaction`). Only the independence
evidence is new: who supported the municipality's residents in the period, their organisations'
kind, and whether any of them is bound to the municipality by `naast.accounts.independence`'s rule.

Every section is a `naast.core.reportkit.Section`, so the reports' small-cell suppression
(`naast.reports.figures.suppress`) hides small counts of residents for funders and auditors.
Counts of staff (supporters, organisations) are not about residents and are shown as they are.
"""

from __future__ import annotations

import copy
from collections import Counter

from django.db.models import Q
from django.utils.translation import gettext as _

from naast.accounts import independence
from naast.accounts.models import Affiliation, User
from naast.core.reportkit import Column, Figure, Section, Table
from naast.organisations.models import MemberOrganisation
from naast.registry.models import Assignment
from naast.reports.monitor import sections_of
from naast.reports.queries import ReportContext

# Kinds of organisation whose supporters are not separate from the municipality or from care.
NOT_SEPARATE_KINDS = (MemberOrganisation.Kind.MUNICIPALITY, MemberOrganisation.Kind.CARE_PROVIDER)


def _monitor_section(ctx: ReportContext, key: str) -> Section | None:
    part = next((s for s in sections_of("monitor") if s.key == key), None)
    return part.build(ctx) if part is not None else None


def _renamed(section: Section | None, key: str, title: str, tables: tuple[str, ...] | None = None,
             note: str | None = None) -> Section | None:
    """A monitor section under the self-test's evidence key, keeping only `tables` (when given)."""
    if section is None:
        return None
    kept = [copy.copy(t) for t in section.tables if tables is None or t.key in tables]
    for table in kept:
        # The monitor's "received" figure is not part of the self-test: the shares give the total away.
        if table.column_total == "received":
            table.column_total = None
    return Section(f"evidence_{key}", title, list(section.figures), kept, section.note if note is None else note)


def life_domains(ctx: ReportContext) -> Section | None:
    return _renamed(_monitor_section(ctx, "life_domains"), "life_domains",
                    _("Live figures: help requests per life domain"))


def channels(ctx: ReportContext, reach: Section | None = None) -> Section | None:
    return _renamed(reach or _monitor_section(ctx, "reach"), "channels",
                    _("Live figures: how residents reached the service"), ("by_channel",),
                    _("No channel asks for a referral, an indication or a citizen service number."))


def referrers(ctx: ReportContext, reach: Section | None = None) -> Section | None:
    section = _renamed(reach or _monitor_section(ctx, "reach"), "referrers",
                       _("Live figures: who sent residents to the service"), ("by_referrer",))
    if section is None:
        return None
    table = section.tables[0]
    row = next((r for r in table.rows if r.get("code") == "municipality"), {})
    section.note = _("The row “Municipality” counts the help requests the municipality referred (its letters, "
                     "its Wmo consultants).")
    # The count is a figure equal to its cell (`from_figures`), so the suppression hides both or
    # neither, and the share with them.
    table.from_figures = (("municipality", "requests", "referred_by_municipality"),)
    section.figures = [
        Figure("referred_by_municipality", _("Help requests referred by the municipality"), row.get("requests", 0),
               "count", "breakdown"),
        Figure("referred_by_municipality_share", _("Share referred by the municipality (%)"), row.get("share"),
               "percent", "breakdown", basis=("referred_by_municipality",)),
    ]
    return section


def another_supporter(ctx: ReportContext) -> Section | None:
    return _renamed(_monitor_section(ctx, "another_supporter"), "another_supporter",
                    _("Live figures: requests for another supporter"))


def satisfaction(ctx: ReportContext) -> Section | None:
    return _renamed(_monitor_section(ctx, "satisfaction"), "satisfaction",
                    _("Live figures: satisfaction survey"),
                    note=_("Naast does not record complaints about the service itself: describe the complaints "
                           "procedure and how many complaints there were in the explanation."))


def supporters_in_scope(ctx: ReportContext):
    """The supporters assigned to a help request in scope at some moment of the period."""
    assignments = ctx.scope.filter(Assignment.objects.all(), prefix="help_request__").filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=ctx.period.start), assigned_at__lt=ctx.period.end)
    return User.objects.filter(pk__in=assignments.values("supporter_id"))


def independence_evidence(ctx: ReportContext) -> Section:
    supporters = supporters_in_scope(ctx)
    rows = list(supporters.values_list("pk", "organisation__name", "organisation__kind"))
    bound = supporters.filter(independence.BOUND_TO_MUNICIPALITY).count()
    affiliated = Affiliation.objects.filter(user__in=supporters).values("user_id").distinct().count()
    kinds = Counter(kind or "" for _pk, _name, kind in rows)
    organisations = Counter((name or "", kind or "") for _pk, name, kind in rows)
    kind_labels = dict(MemberOrganisation.Kind.choices)
    not_separate = sum(n for kind, n in kinds.items() if kind in NOT_SEPARATE_KINDS)
    by_kind = Table(
        "supporters_by_organisation_kind", _("Supporters by kind of organisation"), "selftest_independence",
        [Column("label", _("Kind of organisation"), "label"), Column("supporters", _("Supporters"), "number"),
         Column("separate", _("Separate from the municipality and from care"), "bool")],
        [{"code": code, "label": str(label), "supporters": kinds.get(code, 0), "separate": code not in NOT_SEPARATE_KINDS}
         for code, label in MemberOrganisation.Kind.choices if kinds.get(code)]
        + ([{"code": "", "label": _("No organisation recorded"), "supporters": kinds[""], "separate": None}]
           if kinds.get("") else []),
    )
    by_organisation = Table(
        "supporters_by_organisation", _("Organisations that supported residents"), "selftest_independence",
        [Column("label", _("Organisation"), "label"), Column("kind", _("Kind"), "text"),
         Column("supporters", _("Supporters"), "number")],
        [{"code": name, "label": name or _("No organisation recorded"), "kind": str(kind_labels.get(kind, "")),
          "supporters": n} for (name, kind), n in sorted(organisations.items())],
    )
    figures = [
        Figure("supporters", _("Supporters who worked for residents in the period"), len(rows), "number",
               "selftest_independence"),
        Figure("supporters_bound_to_municipality",
               _("of whom employed by a municipality or indicatiesteller"), bound, "number", "selftest_independence"),
        Figure("supporters_not_separate",
               _("of whom working for the municipality itself or for a care provider"), not_separate, "number",
               "selftest_independence"),
        Figure("supporters_with_affiliations", _("of whom with a declared tie to another organisation"), affiliated,
               "number", "selftest_independence"),
    ]
    note = (_("Every supporter works for an organisation separate from the municipality and from care, and "
              "none decides on provisions.") if rows and not bound and not not_separate and not kinds.get("")
            else "")
    return Section("evidence_independence", _("Live figures: who provided the support"), figures,
                   [by_kind, by_organisation], note)


EVIDENCE = {
    "independence": independence_evidence,
    "another_supporter": another_supporter,
    "life_domains": life_domains,
    "channels": channels,
    "referrers": referrers,
    "satisfaction": satisfaction,
}


def build_evidence(ctx: ReportContext, keys) -> dict[str, Section]:
    """The live evidence sections for the given evidence keys, each built once."""
    found = {}
    reach = _monitor_section(ctx, "reach") if {"channels", "referrers"} & set(keys) else None
    for key in keys:
        if key in found or key not in EVIDENCE:
            continue
        builder = EVIDENCE[key]
        section = builder(ctx, reach) if key in ("channels", "referrers") else builder(ctx)
        if section is not None:
            found[key] = section
    return found
