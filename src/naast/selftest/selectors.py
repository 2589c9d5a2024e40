"""Who may read and fill in a municipality's self-test (docs/domain.md §2, and docs/reports.md).

The self-test holds no client data: the municipality's own answers, and live figures that are
aggregates. Everyone who may read reports may read it (funders of their own municipality only,
auditors, coordinators, administrators); it is the municipality's own assessment, so it is filled
in by the municipality's policy officers (funders, their own municipality only) or by the
functional administrator on its behalf. The live figures are suppressed as in the reports
(`naast.reports.selectors.sees_suppressed_figures`).
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404

from naast.accounts.roles import Role
from naast.organisations.models import Municipality
from naast.reports.figures import Report, suppress
from naast.reports.queries import Scope
from naast.reports.selectors import can_see_reports, sees_suppressed_figures

from .models import EvidenceDocument, SelfTest
from .report import build, year_period

MUNICIPALITY_CODE = re.compile(r"GM\d{4}")


def can_read(user) -> bool:
    return can_see_reports(user)


def can_fill_in_any(user) -> bool:
    """May fill in a self-test at all (then `municipality_for` decides which)."""
    return bool(user and user.is_authenticated and user.has_role(Role.FUNDER, Role.ADMIN))


def municipality_for(user, code: str | None, *, edit: bool = False) -> Municipality | None:
    """The municipality `user` asked for (None: not chosen yet), or PermissionDenied / Http404.
    A funder is held to their own municipality, whatever other role they hold."""
    if not (can_fill_in_any(user) if edit else can_read(user)):
        raise PermissionDenied
    code = (code or "").strip().upper()
    if code and not MUNICIPALITY_CODE.fullmatch(code):
        raise Http404  # never a lookup with what cannot be a CBS code (a NUL character, a script)
    if user.has_role(Role.FUNDER):
        if user.municipality_id is None:
            raise PermissionDenied
        if code and code != user.municipality.code:
            raise PermissionDenied
        return user.municipality
    if not code:
        return None
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise Http404
    return municipality


def visible_self_tests(user):
    """The self-tests `user` may read, newest first."""
    if not can_read(user):
        return SelfTest.objects.none()
    tests = SelfTest.objects.select_related("municipality").order_by("municipality__name", "-year")
    if user.has_role(Role.FUNDER):
        return tests.filter(municipality_id=user.municipality_id) if user.municipality_id else tests.none()
    return tests


def document_for(user, pk: int) -> EvidenceDocument:
    """An evidence document `user` may open, or Http404 / PermissionDenied."""
    document = EvidenceDocument.objects.select_related("answer__self_test__municipality").filter(pk=pk).first()
    if document is None:
        raise Http404
    municipality_for(user, document.answer.self_test.municipality.code)
    return document


def report_for(user, municipality: Municipality, year: int) -> Report:
    """The self-test report as `user` may see it: live figures suppressed for funders and auditors."""
    report = build(year_period(year), Scope(municipality=municipality))
    return suppress(report) if sees_suppressed_figures(user) else report
