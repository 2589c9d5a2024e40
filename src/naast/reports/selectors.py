"""Who may see which report: the scope rules and the choice between raw and suppressed figures."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from naast.accounts import independence
from naast.accounts.roles import Role
from naast.organisations.models import MemberOrganisation, Municipality

from .figures import Report, suppress
from .monitor import build_report
from .periods import Period
from .queries import Scope

REPORT_ROLES = (Role.FUNDER, Role.AUDITOR, Role.COORDINATOR, Role.ADMIN)


def can_see_reports(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*REPORT_ROLES))


def sees_suppressed_figures(user) -> bool:
    """Funders and auditors see small numbers as "<5"; so does anyone holding one of those roles,
    and anyone employed by a municipality or deciding on provisions, whatever role an account
    wrongly holds (`accounts.independence`): exact small numbers are too close to residents."""
    return bool(user.has_role(Role.FUNDER, Role.AUDITOR)) or independence.is_bound_to_municipality(user)


def resolve_scope(user, municipality_code: str = "", organisation_name: str = "") -> Scope:
    """The scope `user` asked for, or PermissionDenied. Funders are held to their own municipality."""
    if not can_see_reports(user):
        raise PermissionDenied
    municipality = organisation = None
    if municipality_code:
        municipality = Municipality.objects.filter(code=municipality_code.strip().upper()).first()
        if municipality is None:
            raise Http404
    if organisation_name:
        organisation = MemberOrganisation.objects.filter(name__iexact=organisation_name.strip()).first()
        if organisation is None:
            raise Http404
    if user.has_role(Role.FUNDER):  # when in doubt, show less: another role does not widen it
        if user.municipality_id is None:
            raise PermissionDenied
        if municipality is not None and municipality.pk != user.municipality_id:
            raise PermissionDenied
        municipality = user.municipality
    return Scope(municipality=municipality, organisation=organisation)


def report_for(user, kind: str, period: Period, municipality_code: str = "", organisation_name: str = "") -> Report:
    """The report `user` may see: scoped, and suppressed for funders and auditors."""
    scope = resolve_scope(user, municipality_code, organisation_name)
    report = build_report(kind, period, scope)
    return suppress(report) if sees_suppressed_figures(user) else report
