"""Self-sufficiency (ZRM) assessments."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.accounts.models import User
from naast.registry.models import HelpRequest

from ..choices import ZrmDomain
from ..models import DomainScore, SelfSufficiencyAssessment


def record_assessment(help_request: HelpRequest, *, by: User, levels: dict[str, int], assessed_on=None,
                      note: str = "") -> SelfSufficiencyAssessment:
    """A ZRM assessment; domains left out were not assessed this time."""
    clean = {}
    for domain, level in levels.items():
        if level in (None, ""):
            continue
        if domain not in ZrmDomain.values:
            raise ValidationError(_("Unknown domain: %(domain)s") % {"domain": domain})
        try:
            level = int(level)
        except (TypeError, ValueError):
            level = 0
        if not 1 <= level <= 5:
            raise ValidationError({domain: _("Choose a level from 1 to 5.")})
        clean[domain] = level
    if not clean:
        raise ValidationError(_("Score at least one domain."), code="empty")
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("An assessment cannot be in the future.")})
    with transaction.atomic():
        assessment = SelfSufficiencyAssessment.objects.create(
            help_request=help_request, assessed_on=assessed_on, note=note.strip(), assessed_by=by
        )
        DomainScore.objects.bulk_create(
            [DomainScore(assessment=assessment, domain=d, level=lvl) for d, lvl in clean.items()]
        )
    return assessment
