"""`naast report --kind providers`: the register as it stood at the end of the period (today for a
period that includes today), per municipality and per provider, with the independence flags.
JSON keys: docs/reports.md, "The provider register". The figures are about organisations, not
residents, so they are "number" columns that small-cell suppression leaves alone."""

from django.utils import timezone
from django.utils.translation import gettext as _

from naast.core.reportkit import Column, Figure, Section, Table
from naast.reports.figures import Report

from .selectors import overview


def build(period, scope, now=None):
    now = now or timezone.now()
    as_of = period.last_day if period.last_day < timezone.localdate(now) else None
    rows = overview(as_of=as_of, municipality_code=scope.municipality.code if scope.municipality else None)
    day = (as_of or timezone.localdate(now)).isoformat()
    municipalities = Table(
        "municipalities", _("Municipalities"), "", [
            Column("label", _("Municipality"), "label"), Column("providers", _("Providers"), "number"),
            Column("access_routes", _("Phone numbers to call"), "number"), Column("flagged", _("Flag"), "bool"),
            Column("explanation", _("Explanation"), "text")],
        [{"code": r.code, "label": r.name, "providers": len(r.entries), "access_routes": r.routes,
          "flagged": r.flagged, "explanation": r.assessment.text} for r in rows],
        note=_("A flag is raised when a provider is a care provider, belongs to a group that provides care, or is "
               "the municipality itself. Phone numbers to call: the different numbers of the providers."))
    providers = Table(
        "providers", _("Providers"), "", [
            Column("label", _("Municipality"), "label"), Column("provider", _("Provider"), "text"),
            Column("provider_type", _("Type (code)"), "text"), Column("parent_group", _("Group"), "text"),
            Column("parent_provides_care", _("Group provides care"), "bool"), Column("phone", _("Phone"), "text"),
            Column("flag_reasons", _("Reasons for a flag"), "text")],
        [{"code": r.code, "label": r.name, "provider": e.provider, "provider_type": e.provider_type,
          "parent_group": e.parent_group, "parent_provides_care": e.parent_provides_care, "phone": e.phone,
          "flag_reasons": " ".join(x.text for x in r.assessment.reasons if x.provider == e.provider)}
         for r in rows for _pk, e in r.entries])
    section = Section("register", _("Register of client-support providers"), [
        Figure("municipalities", _("Municipalities"), len(rows), "number"),
        Figure("flagged_municipalities", _("Municipalities with a flag"), sum(1 for r in rows if r.flagged), "number"),
        Figure("as_of", _("As of"), day, "text"),
    ], [municipalities, providers])
    return Report(kind="providers", title=_("Register of client-support providers"), period=period.text,
                  first_day=period.first_day.isoformat(), last_day=period.last_day.isoformat(),
                  scope=scope.as_dict(), sections=[section], generated_at=now.isoformat(timespec="seconds"),
                  notes=[] if rows else [_("The register held no providers on that date.")])


KINDS = {"providers": build}
