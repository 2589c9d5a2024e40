"""The staff roles of docs/domain.md §2. A user may hold several roles (a coordinator who also supports)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DESK = "desk", _("Desk")
    SUPPORTER = "supporter", _("Client supporter")
    COORDINATOR = "coordinator", _("Coordinator")
    FUNDER = "funder", _("Funder (municipality)")
    AUDITOR = "auditor", _("Auditor")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    ADMIN = "admin", _("Administrator")


# Roles whose holders work for a member organisation and may handle client-level data.
CASEWORK_ROLES = frozenset({Role.DESK, Role.SUPPORTER, Role.COORDINATOR})
# Roles that only ever see aggregates.
AGGREGATE_ONLY_ROLES = frozenset({Role.FUNDER, Role.AUDITOR})
