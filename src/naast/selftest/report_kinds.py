"""`naast report --kind selftest --period 2026 --municipality GM1701`: the self-test report of one
municipality for one year (`report.build`), in every format of `naast report`."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .report import build


def selftest(period, scope, now):
    if scope.municipality is None:
        raise CommandError(_("The self-test report is per municipality: add --municipality GMxxxx."))
    if scope.organisation is not None:
        raise CommandError(_("The self-test is the municipality's, not an organisation's: leave out --organisation."))
    if period.kind != "year":
        raise CommandError(_("The self-test is per year: use --period with a year, e.g. 2026."))
    return build(period, scope, now)


KINDS = {"selftest": selftest}
